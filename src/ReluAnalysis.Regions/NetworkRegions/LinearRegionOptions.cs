using ReluAnalysis.Geometry;

namespace ReluAnalysis.Regions.NetworkRegions;

/// <summary>Options of <see cref="LinearRegionEnumerator"/>. Change with <c>with</c>.</summary>
public sealed record LinearRegionOptions
{
    /// <summary>Stop after this many regions (status <see cref="EnumerationStatus.Limit"/>). Default: no limit.</summary>
    public long MaxRegions { get; init; } = long.MaxValue;

    /// <summary>Wall-time limit (status <see cref="EnumerationStatus.Timeout"/>). Default: none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Worker threads; ≤ 0 means <see cref="Environment.ProcessorCount"/>. Results do not depend on it. Default 0.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Split strategy. Default <see cref="SplitStrategy.LayerArrangement"/>.</summary>
    public SplitStrategy Strategy { get; init; } = SplitStrategy.LayerArrangement;

    /// <summary>Hash before LP inside each split (see <see cref="Arrangements.ArrangementOptions.HashBeforeLp"/>). Default true.</summary>
    public bool HashBeforeLp { get; init; } = true;

    /// <summary>Witness probes inside each split. Default true.</summary>
    public bool WitnessProbing { get; init; } = true;

    /// <summary>Emptiness-certificate cache inside each split (see <see cref="Arrangements.ArrangementOptions.CertificateCache"/>). Default true.</summary>
    public bool CertificateCache { get; init; } = true;

    /// <summary>Attach each region's H-representation (domain rows plus one row per split neuron; may hold redundant rows). Default false.</summary>
    public bool ComputeHRepresentation { get; init; }

    /// <summary>
    /// For verifiers: called with a region of layers 1..k (k ≥ 1; its record: rows, witness and symbolic state with
    /// frontier k) and a box containing it before layer k is split; true drops the region and everything below it (no
    /// final region of it is reported).
    /// </summary>
    internal Func<LinearRegionEnumerator.Record, int, Box, bool>? Prune { get; init; }

    /// <summary>For callers that use the per-region callback alone: the result's region list stays empty (its counts do not).</summary>
    internal bool DiscardRegions { get; init; }

    /// <summary>Slack threshold ε (a distance, relative to max(1, domain scale)). Default 1e-11.</summary>
    public double Tolerance { get; init; } = 1e-11;
}
