namespace ReluAnalysis.Regions.Verification;

/// <summary>
/// Why one unsafe disjunct <c>{y : G y ≤ h}</c> is empty on a search node's box: non-negative multipliers
/// <c>y_r</c> on some of its rows such that <c>min over the box of Σ_r y_r (G_r f(x) − h_r) &gt; 0</c>. A bound
/// exclusion is one row with multiplier 1; an LP exclusion carries the LP's dual multipliers.
/// </summary>
/// <param name="Disjunct">Index of the unsafe disjunct.</param>
/// <param name="Rows">Rows of the disjunct with a positive multiplier.</param>
/// <param name="Multipliers">The multipliers, one per entry of <paramref name="Rows"/>, all &gt; 0.</param>
/// <param name="LowerSlopes">Which lower lines of unstable neurons gave the bound (0 DeepPoly's area rule, 1 the chord's slope, 2 slope 0, 3 slope 1; see <see cref="Patterns.LinearBoundPropagator"/>); any choice is sound, it is a hint for a checker.</param>
public sealed record DisjunctExclusion(int Disjunct, int[] Rows, double[] Multipliers, int LowerSlopes);
