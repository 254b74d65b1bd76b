using ReluAnalysis.Networks;

namespace ReluAnalysis.NullSpace;

/// <summary>A digits classifier trained for null-space steganography (<see cref="Steganography.TrainDigitsClassifier"/>).</summary>
/// <param name="Network">The trained network.</param>
/// <param name="TestAccuracy">Accuracy on the held-out rows.</param>
/// <param name="TrainRows">Rows of the data set used for training (ascending).</param>
/// <param name="TestRows">Held-out rows (ascending).</param>
/// <param name="Elapsed">Training wall time.</param>
public sealed record StegoClassifier(ReluNetwork Network, double TestAccuracy, int[] TrainRows, int[] TestRows, TimeSpan Elapsed);
