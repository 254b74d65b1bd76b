namespace ReluAnalysis.Splines;

/// <summary>Options of <see cref="FksTrainer"/>.</summary>
/// <param name="Objective">Level-1 knot objective (default <see cref="KnotObjective.Equidistribution"/>).</param>
/// <param name="KnotEpochs">Adam steps of level 1 (default 1000).</param>
/// <param name="KnotLearningRate">Initial Adam step on the log-spacings (default 0.1).</param>
/// <param name="FinalLearningRateFactor">Learning rate decays geometrically to this fraction by the last epoch (default 0.01).</param>
/// <param name="JointEpochs">Adam steps of the optional joint <c>(w, k)</c> tuning on the L2 loss (default 0: off).</param>
/// <param name="JointLearningRate">Adam step of the joint phase (default 1e-4).</param>
/// <param name="TrainingQuadrature">Rule for training losses (default 8 Gauss–Legendre points per interval, graded).</param>
/// <param name="EquidistributionPoints">Gauss–Legendre points per interval in <c>L_E</c> (default 4; 0 = the midpoint form of spec §5).</param>
/// <param name="FixedPointWarmStart">Before Adam, move the uniform knots by the values-only fixed-point equidistribution
/// (<see cref="Equidistribution.FromApproximant"/>; default true). Without it, <c>L_E</c> — a local estimate sampled at a few points
/// per interval — has spurious minima in which a wide interval hides a front between its sample points (measured: tanh100 at
/// N = 16 ends at L2 error 0.37 instead of 7e-4).</param>
public sealed record FksTrainingOptions(
    KnotObjective Objective = KnotObjective.Equidistribution,
    int KnotEpochs = 1000,
    double KnotLearningRate = 0.1,
    double FinalLearningRateFactor = 0.01,
    int JointEpochs = 0,
    double JointLearningRate = 1e-4,
    ErrorQuadrature? TrainingQuadrature = null,
    int EquidistributionPoints = 4,
    bool FixedPointWarmStart = true);
