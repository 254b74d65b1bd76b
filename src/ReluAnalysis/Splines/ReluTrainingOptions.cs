namespace ReluAnalysis.Splines;

/// <summary>Options of <see cref="ShallowReluTrainer"/>; use the named presets for the spec's protocols.</summary>
/// <param name="Method">Training method.</param>
/// <param name="Epochs">Full-batch Adam steps.</param>
/// <param name="LearningRate">Initial Adam step.</param>
/// <param name="FinalLearningRateFactor">Geometric decay of the step to this fraction by the last epoch (1 = constant).</param>
/// <param name="Beta">Weight β of the equidistribution loss (default 1/120, so <c>β L_E</c> estimates the squared interpolation error).</param>
/// <param name="Sampling">Where the L2 loss is sampled.</param>
/// <param name="SampleCount">Points of <see cref="SamplingScheme.UniformMidpoints"/>.</param>
/// <param name="PointsPerInterval">Gauss–Legendre points per interval of <see cref="SamplingScheme.PerInterval"/>.</param>
/// <param name="EquidistributionPoints">Gauss–Legendre points per interval inside <c>L_E</c> (0 = midpoint form).</param>
/// <param name="Seed">Seed of the initialisation.</param>
/// <param name="HistoryInterval">Record the best-so-far loss every this many epochs.</param>
/// <param name="FinalWeightSolve">After raw Adam training, replace the output layer by one exact preconditioning solve on the
/// trained breakpoints (spec §7.3, "do 1 then 2 once"); the network is returned in canonical form, width kept at W.</param>
/// <param name="FixedPointWarmStart">Preconditioned method only: before Adam, move the initial knots by the values-only fixed-point
/// equidistribution (default true), which avoids the spurious minima of the sampled losses when a front hides inside one interval.</param>
/// <param name="PreconditionInterval">Raw methods only: every this many epochs replace the output layer by the exact L2 solve on the
/// current breakpoints (canonical form, width kept) and restart Adam — spec §7.3 "alternate 1 and 2" (default 0: never).</param>
public sealed record ReluTrainingOptions(
    ReluTrainingMethod Method = ReluTrainingMethod.Preconditioned,
    int Epochs = 1000,
    double LearningRate = 0.1,
    double FinalLearningRateFactor = 0.01,
    double Beta = 1.0 / 120,
    SamplingScheme Sampling = SamplingScheme.PerInterval,
    int SampleCount = 1000,
    int PointsPerInterval = 8,
    int EquidistributionPoints = 4,
    int Seed = 1,
    int HistoryInterval = 100,
    bool FinalWeightSolve = false,
    bool FixedPointWarmStart = true,
    int PreconditionInterval = 0)
{
    /// <summary>The spec §9 baseline: 20,000 epochs, Adam lr 1e-3 constant, 1000 uniform midpoints, MSE, no β term.</summary>
    public static ReluTrainingOptions PlainAdam(int seed = 1) =>
        new(ReluTrainingMethod.PlainAdam, 20_000, 1e-3, 1.0, 0.0, SamplingScheme.UniformMidpoints, 1000, 8, 0, seed);

    /// <summary>ReLU + equidistribution loss: 10,000 epochs of Adam lr 1e-2 (constant), 4 Gauss points per interval, β = 1/120.</summary>
    public static ReluTrainingOptions EquidistributionLoss(int seed = 1) =>
        new(ReluTrainingMethod.Equidistribution, 10_000, 1e-2, 1.0, 1.0 / 120, SamplingScheme.PerInterval, 1000, 4, 4, seed);

    /// <summary>Preconditioned ReLU training: fixed-point warm start, then 1000 epochs of Adam lr 0.1 on log-spacings decaying to 1e-3, exact weights, 4 Gauss points per interval.</summary>
    public static ReluTrainingOptions PreconditionedTraining(int seed = 1) =>
        new(ReluTrainingMethod.Preconditioned, 1000, 0.1, 0.01, 1.0 / 120, SamplingScheme.PerInterval, 1000, 4, 4, seed);

    /// <summary>The preset of a method.</summary>
    public static ReluTrainingOptions For(ReluTrainingMethod method, int seed = 1) => method switch
    {
        ReluTrainingMethod.PlainAdam => PlainAdam(seed),
        ReluTrainingMethod.Equidistribution => EquidistributionLoss(seed),
        _ => PreconditionedTraining(seed),
    };
}
