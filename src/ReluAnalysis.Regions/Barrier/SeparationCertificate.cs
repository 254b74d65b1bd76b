namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// The LP evidence that a piece misses a target set, kept for an independent (exact rational) re-check.
/// </summary>
/// <remarks>
/// For <see cref="SeparationKind.UnsafePolytope"/> and <see cref="SeparationKind.UncertifiedCell"/> the LP is
/// <c>min s</c> subject to <c>r_i·x ≤ β_i + s</c> over the unit-normal rows <c>r_i</c> of the piece followed by those of
/// the target (for the zero-face policy one more row <c>−B_σ(x)/‖g_σ‖ ≤ s</c>); <see cref="Gap"/> is <c>s* &gt; η</c>.
/// <see cref="Multipliers"/> are the absolute dual values <c>y_i ≥ 0</c> of those rows: <c>Σ y_i = 1</c>,
/// <c>Σ y_i r_i ≈ 0</c> and <c>Σ y_i β_i ≈ −s*</c>, a Farkas certificate of disjointness. For
/// <see cref="SeparationKind.DomainFace"/> the LP is <c>max ±x_j</c> over the piece grown by η; Gap is the distance
/// to the face and the multipliers combine the piece's rows into <c>±x_j ≤ value</c>.
/// Targets decided by an interval prefilter on the piece's bounding box carry no certificate.
/// </remarks>
/// <param name="Kind">Target kind.</param>
/// <param name="Target">Index of the target (unsafe polytope, uncertified cell) or <c>2j</c>/<c>2j+1</c> for the upper/lower face of axis j.</param>
/// <param name="Gap">The LP's separation value (a distance for unit rows).</param>
/// <param name="Multipliers">Dual multipliers per LP row (piece rows first, then target rows).</param>
public sealed record SeparationCertificate(SeparationKind Kind, int Target, double Gap, double[] Multipliers);
