namespace ReluAnalysis.Training;

/// <summary>A trained network and its training statistics.</summary>
/// <param name="Status">Completed or diverged.</param>
/// <param name="Network">The trained network.</param>
/// <param name="EpochLosses">Mean training loss of each epoch (before the epoch's last update).</param>
/// <param name="Steps">Optimiser steps taken.</param>
/// <param name="Elapsed">Wall-clock training time.</param>
public sealed record TrainingResult(TrainingStatus Status, Networks.ReluNetwork Network, IReadOnlyList<double> EpochLosses, int Steps, TimeSpan Elapsed);
