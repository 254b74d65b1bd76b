namespace ReluAnalysis.Training;

/// <summary>The loss a <see cref="MlpTrainer"/> minimises.</summary>
public enum TrainingLoss
{
    /// <summary>Softmax cross-entropy on integer class labels (outputs are logits).</summary>
    SoftmaxCrossEntropy,

    /// <summary>Mean squared error <c>(1/(B·m)) Σ_s Σ_o (f_o(x_s) − y_so)²</c> on real targets.</summary>
    MeanSquaredError,
}

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

/// <summary>Outcome of training.</summary>
public enum TrainingStatus
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>The loss became NaN or infinite; the network of the last finite epoch is returned.</summary>
    Diverged,
}

/// <summary>A trained network and its training statistics.</summary>
/// <param name="Status">Completed or diverged.</param>
/// <param name="Network">The trained network.</param>
/// <param name="EpochLosses">Mean training loss of each epoch (before the epoch's last update).</param>
/// <param name="Steps">Optimiser steps taken.</param>
/// <param name="Elapsed">Wall-clock training time.</param>
public sealed record TrainingResult(TrainingStatus Status, Networks.ReluNetwork Network, IReadOnlyList<double> EpochLosses, int Steps, TimeSpan Elapsed);
