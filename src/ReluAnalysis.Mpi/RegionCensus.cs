using ReluAnalysis.Regions;

namespace ReluAnalysis.Mpi;

/// <summary>The counts of a distributed region census (the regions themselves stay on the workers).</summary>
/// <param name="Status">How the census ended (<see cref="EnumerationStatus.Complete"/> unless a limit, timeout or solver failure).</param>
/// <param name="Regions">Number of linear regions.</param>
/// <param name="RegionsPerLayer">Regions of layers 1..k after each hidden layer k, as <see cref="Regions.NetworkRegions.LinearRegionResult.RegionsPerLayer"/>.</param>
/// <param name="StableByBounds">Neuron–region pairs decided stable by bounds.</param>
/// <param name="SplitNeurons">Neuron–region pairs split.</param>
/// <param name="PatternDigest">Order-free fingerprint of the final patterns, equal to <see cref="Regions.NetworkRegions.LinearRegionResult.PatternDigest"/> of the threaded run.</param>
/// <param name="Lp">LP work over all ranks.</param>
/// <param name="Ranks">MPI processes.</param>
/// <param name="Subproblems">The subproblems finished in this run (a resumed run lists only its own).</param>
/// <param name="Resumed">True when the run continued a checkpoint.</param>
/// <param name="Elapsed">Wall time of this run on rank 0.</param>
public sealed record RegionCensus(
    EnumerationStatus Status,
    long Regions,
    IReadOnlyList<long> RegionsPerLayer,
    long StableByBounds,
    long SplitNeurons,
    ulong PatternDigest,
    LpStatistics Lp,
    int Ranks,
    IReadOnlyList<SubproblemTiming> Subproblems,
    bool Resumed,
    TimeSpan Elapsed);
