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
    TimeSpan Elapsed)
{
    /// <summary>
    /// An order-free fingerprint of the set of final patterns: the sum (mod 2^64) of <see cref="DigestOf"/> over
    /// the regions. Two runs that found the same regions in any order have the same digest.
    /// </summary>
    public ulong PatternDigest
    {
        get
        {
            ulong sum = 0;
            foreach (LinearRegion r in Regions)
            {
                sum += DigestOf(r.Pattern.Words);
            }

            return sum;
        }
    }

    /// <summary>A 64-bit hash of one pattern's words (splitmix64 steps over the words; fixed across runs and machines).</summary>
    /// <param name="words">The pattern's words.</param>
    public static ulong DigestOf(ReadOnlySpan<ulong> words)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (ulong w in words)
        {
            h = Mix(h ^ w);
        }

        return h;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
