namespace ReluAnalysis.Regions.Barrier;

/// <summary>Work counts of one certification.</summary>
/// <param name="Cells">Stage-1 cells examined (grid cells and their bisections).</param>
/// <param name="CertifiedCells">Leaf cells certified non-increasing.</param>
/// <param name="UncertifiedCells">Leaf cells left uncertified at the minimum width.</param>
/// <param name="CertifiedFraction">Volume fraction of the domain covered by certified cells.</param>
/// <param name="RegionsVisited">Activation regions whose piece LP was solved in stage 2 (all levels of a shrink run).</param>
/// <param name="LpsSolved">LPs handed to GLOP (both stages, retries included).</param>
/// <param name="LpsSkipped">Neighbour questions answered without an LP (hash hit or bounding-box prune).</param>
/// <param name="LpsFailed">LPs that failed after a retry.</param>
/// <param name="Stage1Elapsed">Wall time of stage 1.</param>
/// <param name="Stage2Elapsed">Wall time of stage 2 (and the shrink search).</param>
public sealed record BarrierStatistics(
    long Cells,
    long CertifiedCells,
    long UncertifiedCells,
    double CertifiedFraction,
    long RegionsVisited,
    long LpsSolved,
    long LpsSkipped,
    long LpsFailed,
    TimeSpan Stage1Elapsed,
    TimeSpan Stage2Elapsed);
