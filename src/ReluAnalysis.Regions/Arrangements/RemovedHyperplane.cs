namespace ReluAnalysis.Regions.Arrangements;

/// <summary>A hyperplane removed before the search.</summary>
/// <param name="Index">Index in the input arrangement.</param>
/// <param name="Reason">Why.</param>
/// <param name="DuplicateOf">For <see cref="RemovalReason.Duplicate"/>, the kept input index it duplicates; otherwise −1.</param>
public readonly record struct RemovedHyperplane(int Index, RemovalReason Reason, int DuplicateOf);
