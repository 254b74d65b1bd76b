namespace ReluAnalysis.Stability;

/// <summary>The outcome of a gradient-descent run of <see cref="StabilityTrainer"/>.</summary>
/// <param name="Status">How the run ended.</param>
/// <param name="Network">The final iterate; on divergence the last recorded finite iterate.</param>
/// <param name="Report">The stability quantities at the final iterate (exact λ_max), or <see langword="null"/> when the run diverged.</param>
/// <param name="LambdaMaxTailMean">λ_max averaged over the last <see cref="StabilityTrainingOptions.TailIterates"/> iterates, or <see langword="null"/> on divergence.</param>
/// <param name="LearningRate">The step size η.</param>
/// <param name="StepsRun">GD updates performed.</param>
/// <param name="History">Records along the run, first at step 0.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record StabilityTrainingResult(
    StabilityStatus Status,
    UnivariateReluNet Network,
    StabilityReport? Report,
    double? LambdaMaxTailMean,
    double LearningRate,
    long StepsRun,
    IReadOnlyList<StabilityRecord> History,
    TimeSpan Elapsed)
{
    /// <summary><c>2/η</c>, the linear-stability threshold of GD.</summary>
    public double TwoOverEta => 2.0 / LearningRate;
}
