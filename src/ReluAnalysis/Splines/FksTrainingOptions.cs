namespace ReluAnalysis.Splines;

/// <summary>Options of <see cref="FksTrainer"/>.</summary>
public sealed record FksTrainingOptions
{
    /// <summary>Level-1 knot objective (default <see cref="KnotObjective.Equidistribution"/>).</summary>
    public KnotObjective Objective { get; init; } = KnotObjective.Equidistribution;

    /// <summary>Adam steps of level 1 (default 1000).</summary>
    public int KnotEpochs { get; init; } = 1000;

    /// <summary>Initial Adam step on the log-spacings (default 0.1).</summary>
    public double KnotLearningRate { get; init; } = 0.1;

    /// <summary>Learning rate decays geometrically to this fraction by the last epoch (default 0.01).</summary>
    public double FinalLearningRateFactor { get; init; } = 0.01;

    /// <summary>Adam steps of the optional joint <c>(w, k)</c> tuning on the L2 loss (default 0: off).</summary>
    public int JointEpochs { get; init; }

    /// <summary>Adam step of the joint phase (default 1e-4).</summary>
    public double JointLearningRate { get; init; } = 1e-4;

    /// <summary>Rule for training losses (default 8 Gauss–Legendre points per interval, graded).</summary>
    public ErrorQuadrature? TrainingQuadrature { get; init; }

    /// <summary>Gauss–Legendre points per interval in <c>L_E</c> (default 4; 0 = the midpoint form of spec §5).</summary>
    public int EquidistributionPoints { get; init; } = 4;

    /// <summary>Before Adam, move the uniform knots by the values-only fixed-point equidistribution
    /// (<see cref="Equidistribution.FromApproximant"/>; default true). Without it, <c>L_E</c> — a local estimate sampled at a few points
    /// per interval — has spurious minima in which a wide interval hides a front between its sample points (measured: tanh100 at
    /// N = 16 ends at L2 error 0.37 instead of 7e-4).</summary>
    public bool FixedPointWarmStart { get; init; } = true;
}
