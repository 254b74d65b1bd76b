namespace ReluAnalysis.Regions.Lp;

/// <summary>Thread-safe counters of the LP work of one enumeration: solved, skipped (decided without an LP), retried and failed.</summary>
internal sealed class LpCounters
{
    private long _solved;
    private long _skipped;
    private long _retried;
    private long _failed;

    /// <summary>LPs handed to the solver (a retry counts once more).</summary>
    public long Solved => Interlocked.Read(ref _solved);

    /// <summary>Questions answered without an LP (hash hit or witness probe).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>LPs re-solved after a numerical failure.</summary>
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>LPs that failed after the retry.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void AddSolved() => Interlocked.Increment(ref _solved);

    public void AddSkipped(long count = 1) => Interlocked.Add(ref _skipped, count);

    public void AddRetried() => Interlocked.Increment(ref _retried);

    public void AddFailed() => Interlocked.Increment(ref _failed);

    /// <summary>Writes the four counts (a job run on another rank reports its LP work this way).</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Solved);
        writer.Write(Skipped);
        writer.Write(Retried);
        writer.Write(Failed);
    }

    /// <summary>Adds four counts written by <see cref="WriteTo"/>.</summary>
    public void AddFrom(BinaryReader reader)
    {
        Interlocked.Add(ref _solved, reader.ReadInt64());
        Interlocked.Add(ref _skipped, reader.ReadInt64());
        Interlocked.Add(ref _retried, reader.ReadInt64());
        Interlocked.Add(ref _failed, reader.ReadInt64());
    }
}
