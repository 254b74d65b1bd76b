namespace ReluAnalysis.FiniteElements;

/// <summary>Errors of an <see cref="FeNetwork"/> against its function at seeded uniform random points of Ω.</summary>
/// <param name="Samples">Number of points.</param>
/// <param name="MaxError">max |Φ − f| over all points (does not vanish as k grows for discontinuous f).</param>
/// <param name="MaxErrorOffBand">max |Φ − f| over the points farther than <see cref="FeNetwork.BandHalfWidth"/> from every hyperplane (0 when there are none).</param>
/// <param name="L1Error">Monte Carlo estimate of <c>∫_Ω |Φ − f|</c> (volume of Ω times the mean error).</param>
/// <param name="BandFraction">Fraction of points with error above <see cref="Tolerance"/>.</param>
/// <param name="OffBandFraction">Fraction of points farther than the band half-width from every hyperplane.</param>
/// <param name="Tolerance">Absolute error threshold used by <see cref="BandFraction"/>.</param>
public sealed record FeErrorReport(int Samples, double MaxError, double MaxErrorOffBand, double L1Error, double BandFraction, double OffBandFraction, double Tolerance);
