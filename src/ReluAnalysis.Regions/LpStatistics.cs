namespace ReluAnalysis.Regions;

/// <summary>LP work of one enumeration.</summary>
/// <param name="Solved">LPs handed to GLOP (retries included).</param>
/// <param name="Skipped">Candidate questions answered without an LP (hash hit or witness probe).</param>
/// <param name="Retried">LPs re-solved after a numerical failure.</param>
/// <param name="Failed">LPs that failed after the retry (the result is then incomplete).</param>
public readonly record struct LpStatistics(long Solved, long Skipped, long Retried, long Failed);
