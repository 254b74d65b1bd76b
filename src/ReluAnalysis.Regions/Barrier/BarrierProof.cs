namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// A checkable proof of a barrier certificate (format <c>relu-barrier-proof</c>, version 1), written by
/// <see cref="BarrierProofWriter"/> and re-checked exactly by the separate <c>ReluAnalysis.Proofs</c> checker.
/// </summary>
/// <param name="System">The built-in system name the proof refers to.</param>
/// <param name="Pieces">Pieces in the proof.</param>
/// <param name="Certificates">Farkas and emptiness certificates written.</param>
/// <param name="LpsSolved">LPs solved to find them.</param>
/// <param name="Gaps">Conditions the writer could not certify (each makes the checker reject); empty for a complete proof.</param>
/// <param name="Json">The proof file's text.</param>
/// <param name="Elapsed">Wall time of the proof production.</param>
public sealed record BarrierProof(string System, int Pieces, long Certificates, long LpsSolved, IReadOnlyList<string> Gaps, string Json, TimeSpan Elapsed)
{
    /// <summary>Whether every condition the writer knows of got a certificate.</summary>
    public bool IsComplete => Gaps.Count == 0;

    /// <summary>Writes <see cref="Json"/> to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(path, Json);
}
