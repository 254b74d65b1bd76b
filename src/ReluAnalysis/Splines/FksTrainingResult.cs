namespace ReluAnalysis.Splines;

/// <summary>Result of <see cref="FksTrainer.Train"/>.</summary>
/// <param name="Spline">Trained spline (best-L2 weights on the trained knots, or the joint-tuned spline when better).</param>
/// <param name="L2Error">Exact <c>‖u − y‖_{L2}</c> (<see cref="ErrorQuadrature.Exact"/>).</param>
/// <param name="LInfError">Max error on the exact rule's nodes.</param>
/// <param name="InterpolationError">L2 error of the interpolant on the level-1 knots.</param>
/// <param name="KnotLossHistory">Best-so-far level-1 loss (normalised by its initial value), every 10 epochs.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Status">How it ended.</param>
public sealed record FksTrainingResult(
    FreeKnotSpline Spline,
    double L2Error,
    double LInfError,
    double InterpolationError,
    double[] KnotLossHistory,
    TimeSpan Elapsed,
    SplineTrainingStatus Status);
