namespace ReluAnalysis.Injectivity;

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
