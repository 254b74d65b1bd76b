namespace ReluAnalysis.Stability;

/// <summary>Options of <see cref="StabilityTrainer"/>: full-batch gradient descent with a constant step, no weight decay.</summary>
public sealed record StabilityTrainingOptions
{
    /// <summary>Step size η &gt; 0. Default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Number of GD steps (≥ 1). Default 200,000.</summary>
    public int Steps { get; init; } = 200_000;

    /// <summary>Hidden width k (≥ 1) of the network initialised by <see cref="UnivariateReluNet.Random"/>. Default 100.</summary>
    public int Width { get; init; } = 100;

    /// <summary>Seed of the initialisation. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gradient norm clipping threshold during the first <see cref="ClipSteps"/> steps; ≤ 0 or ∞ disables. Default 50.</summary>
    public double ClipNorm { get; init; } = 50.0;

    /// <summary>Number of initial steps with clipping. Default 1,000; 0 disables clipping.</summary>
    public int ClipSteps { get; init; } = 1_000;

    /// <summary>Number of history records (λ_max, TV_g, knots), evenly spaced, at least 2. Default 200.</summary>
    public int RecordCount { get; init; } = 200;

    /// <summary>λ_max is also averaged over this many final iterates (≥ 1; GD at the edge of stability alternates). Default 10.</summary>
    public int TailIterates { get; init; } = 10;

    /// <summary>Stop as <see cref="StabilityStatus.Converged"/> when <c>‖∇L‖₂</c> falls to this (≥ 0; 0 never stops). Default 1e-12.</summary>
    public double GradientTolerance { get; init; } = 1e-12;

    /// <summary>A loss above this (or non-finite) is divergence. Default 1e6.</summary>
    public double DivergenceLoss { get; init; } = 1e6;

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    internal void Validate()
    {
        if (!(LearningRate > 0.0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"LearningRate must be a finite positive number; found {LearningRate}.");
        }

        Guard.Positive(Steps, nameof(Steps));
        Guard.Positive(Width, nameof(Width));
        Guard.NonNegative(ClipSteps, nameof(ClipSteps));
        Guard.Positive(TailIterates, nameof(TailIterates));
        if (RecordCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(RecordCount), RecordCount, $"RecordCount must be at least 2; found {RecordCount}.");
        }

        if (double.IsNaN(ClipNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipNorm), ClipNorm, "ClipNorm must be a number (≤ 0 or ∞ disables clipping); found NaN.");
        }

        if (!(GradientTolerance >= 0.0) || double.IsInfinity(GradientTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, $"GradientTolerance must be finite and ≥ 0; found {GradientTolerance}.");
        }

        if (!(DivergenceLoss > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(DivergenceLoss), DivergenceLoss, $"DivergenceLoss must be positive; found {DivergenceLoss}.");
        }
    }
}
