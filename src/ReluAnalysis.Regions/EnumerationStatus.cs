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
