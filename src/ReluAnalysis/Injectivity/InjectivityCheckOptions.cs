namespace ReluAnalysis.Injectivity;

/// <summary>Settings of <see cref="InjectivityChecker"/>.</summary>
public sealed record InjectivityCheckOptions
{
    /// <summary>Relative sign tolerance <c>τ</c>: <c>|⟨w_i, r⟩| ≤ τ ‖w_i‖ ‖r‖</c> counts as zero (degenerate). Default 1e-12.</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Worker threads for the ray enumeration: a positive value is that many threads, zero or negative means all cores, 1 runs sequentially. Default −1.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (!(Tolerance >= 0) || !double.IsFinite(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"{nameof(Tolerance)} must be a finite number ≥ 0; found {Tolerance}.");
        }
    }
}
