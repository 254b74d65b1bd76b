using ReluAnalysis.Networks;

namespace ReluAnalysis.Splines;

/// <summary>Result of <see cref="ShallowReluTrainer.Train"/>.</summary>
/// <param name="Network">Trained network, sizes <c>[1, W, 1]</c> (the best state by training loss).</param>
/// <param name="Spline">The same function as a spline on the target interval.</param>
/// <param name="L2Error">Exact <c>‖u − y‖_{L2}</c>.</param>
/// <param name="LInfError">Max error on the exact rule's nodes.</param>
/// <param name="LossHistory">Best-so-far training loss every <c>HistoryInterval</c> epochs (non-increasing).</param>
/// <param name="FinalLoss">Training loss of the returned state.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Method">Method used.</param>
public sealed record ReluTrainingResult(
    ReluNetwork Network,
    FreeKnotSpline Spline,
    double L2Error,
    double LInfError,
    double[] LossHistory,
    double FinalLoss,
    int Epochs,
    TimeSpan Elapsed,
    SplineTrainingStatus Status,
    ReluTrainingMethod Method);
