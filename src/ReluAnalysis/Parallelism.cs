namespace ReluAnalysis;

/// <summary>
/// The one meaning of <c>MaxDegreeOfParallelism</c> in every options record of the library: a positive value is
/// the number of worker threads; zero or any negative value (−1 by convention) means every core
/// (<see cref="Environment.ProcessorCount"/>). Results never depend on it.
/// </summary>
internal static class Parallelism
{
    /// <summary>The number of workers <paramref name="maxDegreeOfParallelism"/> stands for.</summary>
    public static int Resolve(int maxDegreeOfParallelism) =>
        maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
}
