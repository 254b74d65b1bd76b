namespace ReluAnalysis.Regions;

/// <summary>How an enumeration of cells or regions ended.</summary>
public enum EnumerationStatus
{
    /// <summary>Every cell (region) was enumerated.</summary>
    Complete = 0,

    /// <summary>The cell/region limit was reached; the result holds exactly that many.</summary>
    Limit = 1,

    /// <summary>The time limit was reached; the result holds the cells found so far.</summary>
    Timeout = 2,

    /// <summary>The per-cell callback asked to stop.</summary>
    Stopped = 3,

    /// <summary>An LP failed twice; the result is incomplete (never read as "empty").</summary>
    SolverError = 4,
}

/// <summary>What a per-cell (per-region) callback wants next.</summary>
public enum RegionDecision
{
    /// <summary>Keep enumerating.</summary>
    Continue = 0,

    /// <summary>Stop now; the enumeration ends with <see cref="EnumerationStatus.Stopped"/>.</summary>
    Stop = 1,
}

/// <summary>LP work of one enumeration.</summary>
/// <param name="Solved">LPs handed to GLOP (retries included).</param>
/// <param name="Skipped">Candidate questions answered without an LP (hash hit or witness probe).</param>
/// <param name="Retried">LPs re-solved after a numerical failure.</param>
/// <param name="Failed">LPs that failed after the retry (the result is then incomplete).</param>
public readonly record struct LpStatistics(long Solved, long Skipped, long Retried, long Failed);
