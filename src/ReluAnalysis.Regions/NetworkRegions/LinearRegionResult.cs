namespace ReluAnalysis.Regions.NetworkRegions;

/// <summary>The linear regions of a network inside a domain.</summary>
/// <param name="Status">How the enumeration ended.</param>
/// <param name="Regions">Regions in a deterministic order (independent of the thread count).</param>
/// <param name="RegionsPerLayer">Number of regions of layers 1..k after each hidden layer k (the last equals the final count unless stopped early).</param>
/// <param name="StableByBounds">Neuron–region pairs decided stable by bounds, without an LP.</param>
/// <param name="SplitNeurons">Neuron–region pairs handed to a split (LP prefilter and arrangement).</param>
/// <param name="Lp">LP work.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record LinearRegionResult(
    EnumerationStatus Status,
    IReadOnlyList<LinearRegion> Regions,
    IReadOnlyList<long> RegionsPerLayer,
    long StableByBounds,
    long SplitNeurons,
    LpStatistics Lp,
    TimeSpan Elapsed);
