namespace ReluAnalysis.Stability;

/// <summary>One run of a <see cref="LearningRateSweep"/>.</summary>
/// <param name="LearningRate">η.</param>
/// <param name="Seed">Seed of the data and the initialisation.</param>
/// <param name="Data">The training data.</param>
/// <param name="Result">The training result.</param>
/// <param name="InteriorMse">MSE against <c>f_0</c> on 2001 points of <c>[−0.5, 0.5]</c>, or <see langword="null"/> on divergence.</param>
/// <param name="FullMse">MSE against <c>f_0</c> on 2001 points of <c>[−1, 1]</c>, or <see langword="null"/> on divergence.</param>
public sealed record LearningRateSweepRun(double LearningRate, int Seed, StabilityDataset Data, StabilityTrainingResult Result, double? InteriorMse, double? FullMse);
