namespace ReluAnalysis.Injectivity;

/// <summary>Monte Carlo estimate of <c>P(x ↦ ReLU(W x) injective)</c> for Gaussian <c>W ∈ R^{m×n}</c>.</summary>
/// <param name="Inputs">Input dimension <c>n</c>.</param>
/// <param name="Outputs">Rows <c>m</c>.</param>
/// <param name="Trials">Trials run.</param>
/// <param name="Injective">Trials found injective.</param>
/// <param name="NotInjective">Trials found not injective.</param>
/// <param name="Degenerate">Trials with no verdict (general position violated within tolerance); excluded from the estimate.</param>
/// <param name="Probability"><c>P̂ = k / (T − degenerate)</c>.</param>
/// <param name="StandardError"><c>√(P̂(1 − P̂)/T')</c>.</param>
/// <param name="WilsonLower">Lower end of the Wilson 95 % interval.</param>
/// <param name="WilsonUpper">Upper end of the Wilson 95 % interval.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record InjectivityEstimate(
    int Inputs,
    int Outputs,
    int Trials,
    int Injective,
    int NotInjective,
    int Degenerate,
    double Probability,
    double StandardError,
    double WilsonLower,
    double WilsonUpper,
    TimeSpan Elapsed)
{
    /// <summary>Expansion <c>α = m / n</c>.</summary>
    public double Alpha => (double)Outputs / Inputs;
}
