namespace ReluAnalysis.Regions.Arrangements;

/// <summary>The cells of an arrangement inside a domain.</summary>
/// <param name="Status">How the enumeration ended.</param>
/// <param name="Cells">Cells in level order (flip count from the base cell), then by code; identical for any thread count.</param>
/// <param name="Removed">Hyperplanes removed before the search, with reasons.</param>
/// <param name="KeptHyperplanes">Hyperplanes that took part in the search.</param>
/// <param name="Lp">LP work.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ArrangementResult(
    EnumerationStatus Status,
    IReadOnlyList<ArrangementCell> Cells,
    IReadOnlyList<RemovedHyperplane> Removed,
    int KeptHyperplanes,
    LpStatistics Lp,
    TimeSpan Elapsed);
