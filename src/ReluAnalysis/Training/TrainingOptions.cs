namespace ReluAnalysis.Training;

/// <summary>Options of <see cref="MlpTrainer"/>; defaults are the digits benchmark's (spec pathwise §8).</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set (default 40).</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Mini-batch size (default 32); the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam step size (default 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>L2 penalty <c>(λ/2)‖W‖²</c> on weights (not biases), added to the gradient as <c>λW</c> (default 0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Seed of the He-normal initialisation and of the per-epoch shuffles (default 0).</summary>
    public int Seed { get; init; }

    /// <summary>Standard deviation of the initial biases (default 0: zero biases).</summary>
    public double InitialBiasScale { get; init; }
}
