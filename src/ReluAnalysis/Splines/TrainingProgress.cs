namespace ReluAnalysis.Splines;

/// <summary>Progress report of a training run.</summary>
/// <param name="Phase">Phase name (for example <c>knots</c>, <c>joint</c>, <c>adam</c>).</param>
/// <param name="Epoch">Epochs done in the phase.</param>
/// <param name="Epochs">Epochs planned in the phase.</param>
/// <param name="Loss">Current training loss.</param>
/// <param name="BestLoss">Best training loss so far.</param>
public readonly record struct TrainingProgress(string Phase, int Epoch, int Epochs, double Loss, double BestLoss);
