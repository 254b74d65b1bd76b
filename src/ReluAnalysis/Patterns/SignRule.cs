namespace ReluAnalysis.Patterns;

/// <summary>
/// The one place where signs are decided, for neurons and for the sides of hyperplanes (spline breakpoints and
/// arrangement rows included). Tie rule: <c>z &gt; tol</c> is active, <c>z &lt; −tol</c> inactive, and
/// <c>|z| ≤ tol</c> degenerate. A pattern bit is the plain <c>z &gt; 0</c> (so <c>ReLU'(0) = 0</c>: a point exactly
/// on a kink takes the inactive side); callers that must not assign boundary points silently ask
/// <see cref="Classify"/> and treat <see cref="NeuronState.Degenerate"/> themselves.
/// </summary>
public static class SignRule
{
    /// <summary>Default absolute tolerance for degenerate neurons.</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>Classifies <paramref name="z"/> with the tie rule above.</summary>
    public static NeuronState Classify(double z, double tolerance = DefaultTolerance) =>
        z > tolerance ? NeuronState.Active : z < -tolerance ? NeuronState.Inactive : NeuronState.Degenerate;

    /// <summary>The pattern bit: <see langword="true"/> exactly when <c>z &gt; 0</c>.</summary>
    public static bool IsActive(double z) => z > 0.0;

    /// <summary>
    /// The pattern bit on the piece of a segment that starts at a point where the pre-activation is <paramref name="z"/>
    /// and changes at rate <paramref name="slope"/> along the segment: active when <c>z &gt; tol</c>, or when
    /// <c>|z| ≤ tol</c> (the start lies on the neuron's boundary) and <c>slope &gt; 0</c> (the segment enters the
    /// active side). This is the tie rule of a walk along a line (exact integrated gradients, ray sectors).
    /// </summary>
    public static bool IsActiveAlong(double z, double slope, double tolerance) =>
        z > tolerance || (Math.Abs(z) <= tolerance && slope > 0.0);

    /// <summary>
    /// The points of a sorted sample on which the univariate neuron <c>z = a·x + b</c> is active, by the same rule as
    /// the engine's concrete step (<see cref="IsActive"/> of <c>fma(a, x, b)</c>): a suffix when <c>a &gt; 0</c>, a prefix
    /// when <c>a &lt; 0</c>, all or none when <c>a = 0</c>. Because <c>fma(a, x, b)</c> is monotone in x, the range is found
    /// by bisection in <c>O(log n)</c>; a point on the breakpoint is inactive (<c>ReLU'(0) = 0</c>).
    /// </summary>
    /// <param name="a">Slope.</param>
    /// <param name="b">Intercept.</param>
    /// <param name="sortedX">Points in ascending order.</param>
    /// <returns>The index range <c>[Start, End)</c> of the active points.</returns>
    public static (int Start, int End) ActiveRange(double a, double b, ReadOnlySpan<double> sortedX)
    {
        int n = sortedX.Length;
        if (a == 0.0)
        {
            return IsActive(b) ? (0, n) : (0, 0);
        }

        // First index whose activity differs from that of the leftmost point's side.
        bool rising = a > 0.0;
        int lo = 0, hi = n;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (IsActive(Math.FusedMultiplyAdd(a, sortedX[mid], b)) == rising)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return rising ? (lo, n) : (0, lo);
    }
}
