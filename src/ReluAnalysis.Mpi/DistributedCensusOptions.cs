using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Mpi;

/// <summary>Options of <see cref="DistributedRegionCensus"/>.</summary>
public sealed record DistributedCensusOptions
{
    /// <summary>
    /// The census options (tolerance, split strategy, LP switches, limits). <see cref="LinearRegionOptions.MaxDegreeOfParallelism"/>
    /// is the number of threads per rank (default 1: one rank per core). Default: <c>new LinearRegionOptions { MaxDegreeOfParallelism = 1 }</c>.
    /// </summary>
    public LinearRegionOptions Regions { get; init; } = new() { MaxDegreeOfParallelism = 1 };

    /// <summary>
    /// A subproblem that has run this long hands the next layer's records back to rank 0 as new subproblems (checked at
    /// the end of each layer). Smaller means finer load balance and more messages. Default 0.5 s.
    /// </summary>
    public TimeSpan SplitAfter { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>File rank 0 rewrites with the unfinished subproblems and the partial sums (temp file + rename). Default none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Time between checkpoints. Default 30 s.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A checkpoint of the same network, box and tolerance to continue from. Default none (start at the root).</summary>
    public string? ResumePath { get; init; }
}
