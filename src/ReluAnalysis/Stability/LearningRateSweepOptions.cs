namespace ReluAnalysis.Stability;

/// <summary>Options of <see cref="LearningRateSweep"/>: which step sizes, seeds and data.</summary>
public sealed record LearningRateSweepOptions
{
    /// <summary>Step sizes η (each &gt; 0). Default {0.01, 0.05, 0.1, 0.2, 0.4}.</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [0.01, 0.05, 0.1, 0.2, 0.4];

    /// <summary>Seeds; seed s draws the data set and the initialisation. Default {1, 2, 3}.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [1, 2, 3];

    /// <summary>The target <c>f_0</c>. Default <see cref="StabilityTargets.Sin"/>.</summary>
    public StabilityTarget Target { get; init; } = StabilityTargets.Sin;

    /// <summary>Number of training samples n (≥ 2). Default 30.</summary>
    public int SampleCount { get; init; } = 30;

    /// <summary>Noise level σ (≥ 0). Default 0.5.</summary>
    public double Noise { get; init; } = 0.5;

    /// <summary>Training options of every run; <see cref="StabilityTrainingOptions.LearningRate"/> and
    /// <see cref="StabilityTrainingOptions.Seed"/> are replaced per run. Default: the trainer's defaults.</summary>
    public StabilityTrainingOptions Training { get; init; } = new();

    /// <summary>Runs in parallel: &gt; 0 that many threads, ≤ 0 all cores. Default 1. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;
}
