namespace ReluAnalysis.Attribution;

/// <summary>How a width cap is given: no cap, a unit count, or a percentage of the layer width.</summary>
public enum PathWidthKind
{
    /// <summary>No cap: every unit that passes the share filter is kept.</summary>
    Unlimited,

    /// <summary>At most <see cref="PathWidth.Value"/> units per constrained layer.</summary>
    Count,

    /// <summary>At most <c>max(1, round(n_ℓ · p / 100))</c> units (round half away from zero).</summary>
    Percentage,
}
