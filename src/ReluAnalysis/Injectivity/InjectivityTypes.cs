namespace ReluAnalysis.Injectivity;

/// <summary>Verdict of the exact injectivity check of one finite layer.</summary>
public enum InjectivityStatus
{
    /// <summary>Every open cell of the arrangement has at least n positive signs: <c>x ↦ ReLU(W x)</c> is injective.</summary>
    Injective = 0,

    /// <summary>Some cell has at most n − 1 positive signs; a witness direction is given.</summary>
    NotInjective = 1,

    /// <summary>General position is violated within the tolerance (a row lies on a ray's hyperplane, or n − 1 rows are dependent); no verdict.</summary>
    Degenerate = 2,

    /// <summary>Deep checker only: a candidate collision fell inside the tolerance band; no verdict.</summary>
    Unknown = 4,
}

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

/// <summary>Result of the exact injectivity check of one layer <c>x ↦ ReLU(W x)</c>, <c>W ∈ R^{m×n}</c>.</summary>
/// <param name="Status">Verdict.</param>
/// <param name="Outputs">Rows <c>m</c>.</param>
/// <param name="Inputs">Columns <c>n</c>.</param>
/// <param name="MinimumPositives">
/// For <see cref="InjectivityStatus.Injective"/>: the exact minimum over the open cells of the number of rows with
/// <c>⟨w_i, x⟩ &gt; 0</c> (≥ n). For <see cref="InjectivityStatus.NotInjective"/>: the count (≤ n − 1) in the witness cell.
/// Otherwise −1.
/// </param>
/// <param name="Witness">
/// For <see cref="InjectivityStatus.NotInjective"/>: a unit direction <c>x</c> with no row on its hyperplane and at most
/// n − 1 rows with <c>⟨w_i, x⟩ &gt; 0</c>, so the active rows do not span <c>R^n</c> and <c>f(x + t v) = f(x)</c> for
/// <c>v</c> orthogonal to them and small <c>t</c>. Otherwise null.
/// </param>
/// <param name="WitnessRays">The (n − 1)-subset <c>I</c> of rows whose null ray (with sign) gave the witness; null otherwise.</param>
/// <param name="RaysExamined">Rays examined in lexicographic subset order up to the verdict (independent of thread count).</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record InjectivityCheckResult(
    InjectivityStatus Status,
    int Outputs,
    int Inputs,
    int MinimumPositives,
    double[]? Witness,
    int[]? WitnessRays,
    long RaysExamined,
    TimeSpan Elapsed);
