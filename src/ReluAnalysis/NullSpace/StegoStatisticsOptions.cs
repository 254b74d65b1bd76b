namespace ReluAnalysis.NullSpace;

/// <summary>Options of <see cref="Steganography.Statistics"/>; change defaults with <c>with</c>.</summary>
public sealed record StegoStatisticsOptions
{
    /// <summary>Number of random (cover, hidden) pairs, at least 1 (default 1,000).</summary>
    public int Pairs { get; init; } = 1000;

    /// <summary>Seed of the pair draw (default 0).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// α, display range, PSNR peak, rank tolerance and local step fraction shared by the three methods (default
    /// <c>new StegoOptions()</c>; its <see cref="StegoOptions.Method"/> is ignored: every method is measured).
    /// </summary>
    public StegoOptions Embedding { get; init; } = new();

    /// <summary>Worker threads: &gt; 0 is that many, ≤ 0 every core (default −1). Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
