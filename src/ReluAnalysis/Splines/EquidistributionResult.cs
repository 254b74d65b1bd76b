namespace ReluAnalysis.Splines;

/// <summary>Result of an equidistribution computation.</summary>
/// <param name="Knots"><c>N + 1</c> knots, <c>k_0</c> and <c>k_N</c> the interval ends.</param>
/// <param name="Sigma">Total density <c>σ = ∫ M</c> (of the final density estimate for the fixed-point variant).</param>
/// <param name="Status">How it ended.</param>
/// <param name="Iterations">Fixed-point sweeps (0 for direct inversion).</param>
/// <param name="LastChange">Last <c>max |Δk|</c> of the fixed-point iteration (0 for direct inversion).</param>
/// <param name="GridCells">Cells of the density grid (direct inversion) or knots intervals (fixed point).</param>
public sealed record EquidistributionResult(double[] Knots, double Sigma, EquidistributionStatus Status, int Iterations, double LastChange, int GridCells);
