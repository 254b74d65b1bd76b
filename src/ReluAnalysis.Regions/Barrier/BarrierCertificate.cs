using ReluAnalysis.Geometry;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// The result of <see cref="BarrierCertifier.Certify"/>: a verdict and, when certified, the set
/// <c>C = ∪ Pieces</c> on which <c>B + Level</c> is a barrier (forward invariant, inside the domain, missing the unsafe set).
/// </summary>
/// <param name="Status">The verdict.</param>
/// <param name="Reason">One sentence explaining the verdict.</param>
/// <param name="Witness">For a failure, a point where the failed check was observed (an LP optimum); otherwise null.</param>
/// <param name="Pieces">The certified pieces (empty unless certified). A point is in <c>C</c> iff it satisfies some piece's rows.</param>
/// <param name="UncertifiedCells">Stage-1 boxes where non-increase was not proved.</param>
/// <param name="Seed">The seed actually used (moved off hyperplanes when needed).</param>
/// <param name="Level">The level <c>c</c>: the set is the seeded component of <c>{B ≤ −c}</c> (0 unless the shrink policy moved it).</param>
/// <param name="BoundaryPolicy">The policy used.</param>
/// <param name="Volume">Area/volume of <c>C</c> (0 unless certified).</param>
/// <param name="VolumeIsExact">True when computed from the pieces' vertices (2-D, 3-D); false for Monte Carlo.</param>
/// <param name="InitialSetCovered">Whether <c>X_0 ⊆ C</c> was proved (null when no initial set was given or not certified).</param>
/// <param name="Statistics">Counts and stage times.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record BarrierCertificate(
    BarrierStatus Status,
    string Reason,
    double[]? Witness,
    IReadOnlyList<BarrierPiece> Pieces,
    IReadOnlyList<Box> UncertifiedCells,
    double[] Seed,
    double Level,
    BarrierBoundaryPolicy BoundaryPolicy,
    double Volume,
    bool VolumeIsExact,
    bool? InitialSetCovered,
    BarrierStatistics Statistics,
    TimeSpan Elapsed)
{
    /// <summary>Whether the verdict is <see cref="BarrierStatus.Certified"/>.</summary>
    public bool IsCertified => Status == BarrierStatus.Certified;

    /// <summary>Whether <paramref name="x"/> lies in the certified set (some piece's rows hold within <paramref name="tolerance"/>).</summary>
    public bool Contains(ReadOnlySpan<double> x, double tolerance = 0.0)
    {
        foreach (BarrierPiece p in Pieces)
        {
            if (p.Polytope.Contains(x, tolerance))
            {
                return true;
            }
        }

        return false;
    }
}
