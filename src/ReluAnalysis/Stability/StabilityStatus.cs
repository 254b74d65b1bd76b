namespace ReluAnalysis.Stability;

/// <summary>How a gradient-descent run of <see cref="StabilityTrainer"/> ended.</summary>
public enum StabilityStatus
{
    /// <summary>Every step ran and the loss stayed finite (at large η the iterate may still oscillate at the edge of stability).</summary>
    Completed,

    /// <summary>The gradient norm fell below <see cref="StabilityTrainingOptions.GradientTolerance"/>: a stationary point, stopped early.</summary>
    Converged,

    /// <summary>The loss became NaN, infinite or larger than <see cref="StabilityTrainingOptions.DivergenceLoss"/>; no final quantities are reported.</summary>
    Diverged,
}
