namespace ReluAnalysis.Splines;

/// <summary>Options of <see cref="ShallowReluTrainer"/>; use the named presets for the spec's protocols.</summary>
public sealed record ReluTrainingOptions
{
    /// <summary>Training method (default <see cref="ReluTrainingMethod.Preconditioned"/>).</summary>
    public ReluTrainingMethod Method { get; init; } = ReluTrainingMethod.Preconditioned;

    /// <summary>Full-batch Adam steps (default 1000).</summary>
    public int Epochs { get; init; } = 1000;

    /// <summary>Initial Adam step (default 0.1).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Geometric decay of the step to this fraction by the last epoch (1 = constant; default 0.01).</summary>
    public double FinalLearningRateFactor { get; init; } = 0.01;

    /// <summary>Weight β of the equidistribution loss (default 1/120, so <c>β L_E</c> estimates the squared interpolation error).</summary>
    public double Beta { get; init; } = 1.0 / 120;

    /// <summary>Where the L2 loss is sampled (default <see cref="SamplingScheme.PerInterval"/>).</summary>
    public SamplingScheme Sampling { get; init; } = SamplingScheme.PerInterval;

    /// <summary>Points of <see cref="SamplingScheme.UniformMidpoints"/> (default 1000).</summary>
    public int SampleCount { get; init; } = 1000;

    /// <summary>Gauss–Legendre points per interval of <see cref="SamplingScheme.PerInterval"/> (default 8).</summary>
    public int PointsPerInterval { get; init; } = 8;

    /// <summary>Gauss–Legendre points per interval inside <c>L_E</c> (0 = midpoint form; default 4).</summary>
    public int EquidistributionPoints { get; init; } = 4;

    /// <summary>Seed of the initialisation (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Record the best-so-far loss every this many epochs (default 100).</summary>
    public int HistoryInterval { get; init; } = 100;

    /// <summary>After raw Adam training, replace the output layer by one exact preconditioning solve on the
    /// trained breakpoints (spec §7.3, "do 1 then 2 once"); the network is returned in canonical form, width kept at W (default false).</summary>
    public bool FinalWeightSolve { get; init; }

    /// <summary>Preconditioned method only: before Adam, move the initial knots by the values-only fixed-point
    /// equidistribution (default true), which avoids the spurious minima of the sampled losses when a front hides inside one interval.</summary>
    public bool FixedPointWarmStart { get; init; } = true;

    /// <summary>Raw methods only: every this many epochs replace the output layer by the exact L2 solve on the
    /// current breakpoints (canonical form, width kept) and restart Adam — spec §7.3 "alternate 1 and 2" (default 0: never).</summary>
    public int PreconditionInterval { get; init; }

    /// <summary>The spec §9 baseline: 20,000 epochs, Adam lr 1e-3 constant, 1000 uniform midpoints, MSE, no β term.</summary>
    public static ReluTrainingOptions PlainAdam(int seed = 1) =>
        new()
        {
            Method = ReluTrainingMethod.PlainAdam, Epochs = 20_000, LearningRate = 1e-3, FinalLearningRateFactor = 1.0, Beta = 0.0,
            Sampling = SamplingScheme.UniformMidpoints, SampleCount = 1000, PointsPerInterval = 8, EquidistributionPoints = 0, Seed = seed,
        };

    /// <summary>ReLU + equidistribution loss: 10,000 epochs of Adam lr 1e-2 (constant), 4 Gauss points per interval, β = 1/120.</summary>
    public static ReluTrainingOptions EquidistributionLoss(int seed = 1) =>
        new()
        {
            Method = ReluTrainingMethod.Equidistribution, Epochs = 10_000, LearningRate = 1e-2, FinalLearningRateFactor = 1.0, Beta = 1.0 / 120,
            Sampling = SamplingScheme.PerInterval, SampleCount = 1000, PointsPerInterval = 4, EquidistributionPoints = 4, Seed = seed,
        };

    /// <summary>Preconditioned ReLU training: fixed-point warm start, then 1000 epochs of Adam lr 0.1 on log-spacings decaying to 1e-3, exact weights, 4 Gauss points per interval.</summary>
    public static ReluTrainingOptions PreconditionedTraining(int seed = 1) =>
        new()
        {
            Method = ReluTrainingMethod.Preconditioned, Epochs = 1000, LearningRate = 0.1, FinalLearningRateFactor = 0.01, Beta = 1.0 / 120,
            Sampling = SamplingScheme.PerInterval, SampleCount = 1000, PointsPerInterval = 4, EquidistributionPoints = 4, Seed = seed,
        };

    /// <summary>The preset of a method.</summary>
    public static ReluTrainingOptions For(ReluTrainingMethod method, int seed = 1) => method switch
    {
        ReluTrainingMethod.PlainAdam => PlainAdam(seed),
        ReluTrainingMethod.Equidistribution => EquidistributionLoss(seed),
        _ => PreconditionedTraining(seed),
    };
}
