namespace ReluAnalysis.Splines;

/// <summary>
/// Composite Gauss–Legendre rule used for errors, L2 projections and training points: every knot
/// interval is split into <see cref="PiecesPerInterval"/> equal pieces in a (possibly graded)
/// variable <c>t</c>, each integrated with <see cref="Order"/> points.
/// </summary>
/// <remarks>
/// An interval with a singular point of the target at an end is mapped cubically,
/// <c>x = a + h t³</c> (or the mirror at the right end), which makes <c>x^(2/3)</c>-type integrands smooth in
/// <c>t</c> (spec §8). A singular point strictly inside an interval splits it there.
/// </remarks>
/// <param name="Order">Gauss–Legendre points per piece (default 16).</param>
/// <param name="PiecesPerInterval">Pieces per knot interval (default 32, the spec's exact error metric).</param>
public sealed record ErrorQuadrature(int Order = 16, int PiecesPerInterval = 32)
{
    /// <summary>The spec's exact L2 metric: 16 points, 32 pieces per interval, cubic grading at singular points.</summary>
    public static ErrorQuadrature Exact { get; } = new();

    /// <summary>A cheaper rule for training losses: 8 points, one piece per interval, grading kept.</summary>
    public static ErrorQuadrature Training { get; } = new(8, 1);

    internal void Validate()
    {
        if (Order < 1 || Order > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(Order), Order, "Order must be in [1, 128].");
        }

        if (PiecesPerInterval < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PiecesPerInterval), PiecesPerInterval, "PiecesPerInterval must be positive.");
        }
    }
}
