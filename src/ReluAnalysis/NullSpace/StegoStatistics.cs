namespace ReluAnalysis.NullSpace;

/// <summary>Success statistics of the three embeddings over the same random (cover, hidden) pairs.</summary>
/// <param name="Pairs">Number of pairs.</param>
/// <param name="DifferentClassPairs">Pairs whose cover and hidden image the network puts in different classes.</param>
/// <param name="Rank">Numerical rank of the first layer's weights.</param>
/// <param name="NullDimension">Dimension of the first layer's null space.</param>
/// <param name="MeanLocalNullDimension">Mean dimension of the local null space at the hidden images.</param>
/// <param name="Exact">The exact embedding <c>P_N C + P_R H</c>.</param>
/// <param name="Blended">The blended recipe with α and rescaling.</param>
/// <param name="Local">The local null-space embedding.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record StegoStatistics(
    int Pairs,
    int DifferentClassPairs,
    int Rank,
    int NullDimension,
    double MeanLocalNullDimension,
    StegoMethodStatistics Exact,
    StegoMethodStatistics Blended,
    StegoMethodStatistics Local,
    TimeSpan Elapsed);
