namespace ReluAnalysis.Splines;

/// <summary>
/// A continuous piecewise-linear function (linear free knot spline) given by knots
/// <c>k_0 &lt; k_1 &lt; … &lt; k_N</c> and values <c>w_i = y(k_i)</c>: <c>y = Σ w_i φ_i</c> with hat functions
/// <c>φ_i(k_j) = δ_ij</c>. Immutable.
/// </summary>
/// <remarks>
/// Outside <c>[k_0, k_N]</c> the end pieces are extended linearly. Evaluation at one point costs
/// O(log N) (binary search); a sorted batch costs O(N + count).
/// </remarks>
public sealed class FreeKnotSpline
{
    private readonly double[] _knots;
    private readonly double[] _values;

    /// <summary>Creates a spline from copies of knots and values.</summary>
    /// <param name="knots">Strictly increasing finite knots, at least two.</param>
    /// <param name="values">Values at the knots, same length.</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two knots, NaN/∞, or knots not strictly increasing.</exception>
    public FreeKnotSpline(ReadOnlySpan<double> knots, ReadOnlySpan<double> values)
    {
        Guard.MinLength(knots.Length, 2, nameof(knots));
        Guard.Length(values.Length, knots.Length, nameof(values));
        Guard.Finite(knots, nameof(knots));
        Guard.Finite(values, nameof(values));
        for (int i = 1; i < knots.Length; i++)
        {
            if (!(knots[i] > knots[i - 1]))
            {
                throw new ArgumentException($"knots must be strictly increasing; knots[{i - 1}] = {knots[i - 1]:R}, knots[{i}] = {knots[i]:R}.", nameof(knots));
            }
        }

        _knots = knots.ToArray();
        _values = values.ToArray();
    }

    /// <summary>Knots <c>k_0..k_N</c>.</summary>
    public ReadOnlySpan<double> Knots => _knots;

    /// <summary>Values <c>w_0..w_N</c> at the knots.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Number of intervals <c>N</c> (knots minus one).</summary>
    public int IntervalCount => _knots.Length - 1;

    /// <summary>Left end <c>k_0</c>.</summary>
    public double Lower => _knots[0];

    /// <summary>Right end <c>k_N</c>.</summary>
    public double Upper => _knots[^1];

    internal double[] KnotArray => _knots;

    internal double[] ValueArray => _values;

    /// <summary>The interpolant <c>Π_k u</c>: values <c>u(k_i)</c> at the given knots.</summary>
    /// <exception cref="ArgumentException">A value of <paramref name="u"/> at a knot is NaN or infinite.</exception>
    public static FreeKnotSpline Interpolate(Func<double, double> u, ReadOnlySpan<double> knots)
    {
        ArgumentNullException.ThrowIfNull(u);
        var values = new double[knots.Length];
        for (int i = 0; i < knots.Length; i++)
        {
            values[i] = u(knots[i]);
        }

        return new FreeKnotSpline(knots, values);
    }

    /// <summary><c>N + 1</c> uniform knots on <c>[lower, upper]</c> (ends exact).</summary>
    public static double[] UniformKnots(int intervals, double lower = 0.0, double upper = 1.0)
    {
        Guard.Positive(intervals, nameof(intervals));
        var k = new double[intervals + 1];
        for (int i = 0; i <= intervals; i++)
        {
            k[i] = lower + (upper - lower) * i / intervals;
        }

        k[intervals] = upper;
        return k;
    }

    /// <summary>Index <c>i</c> of the interval <c>[k_i, k_{i+1}]</c> containing <paramref name="x"/>, clamped to <c>[0, N−1]</c>; a knot belongs to the interval on its right (the last knot to the last interval).</summary>
    public int IntervalOf(double x) => IntervalOf(_knots, x);

    internal static int IntervalOf(double[] knots, double x)
    {
        int n = knots.Length - 1;
        if (!(x > knots[0]))
        {
            return 0;
        }

        if (x >= knots[n])
        {
            return n - 1;
        }

        int lo = 0, hi = n;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (knots[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary><c>y(x)</c>.</summary>
    public double Evaluate(double x)
    {
        int i = IntervalOf(x);
        return Piece(i, x);
    }

    /// <summary>Evaluates at every point of <paramref name="x"/> into <paramref name="destination"/>; a non-decreasing batch is walked in one sweep.</summary>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> destination)
    {
        Guard.MinLength(destination.Length, x.Length, nameof(destination));
        bool sorted = true;
        for (int p = 1; p < x.Length && sorted; p++)
        {
            sorted = x[p] >= x[p - 1];
        }

        if (!sorted)
        {
            for (int p = 0; p < x.Length; p++)
            {
                destination[p] = Evaluate(x[p]);
            }

            return;
        }

        int i = x.Length > 0 ? IntervalOf(x[0]) : 0;
        int last = IntervalCount - 1;
        for (int p = 0; p < x.Length; p++)
        {
            double xp = x[p];
            while (i < last && xp >= _knots[i + 1])
            {
                i++;
            }

            destination[p] = Piece(i, xp);
        }
    }

    /// <summary>Evaluates at every point (allocating).</summary>
    public double[] Evaluate(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = new double[x.Length];
        Evaluate(x, y);
        return y;
    }

    /// <summary>Slope <c>y'(x)</c> of the piece containing <paramref name="x"/> (right derivative at a knot; left at <c>k_N</c>).</summary>
    public double Derivative(double x) => Slope(IntervalOf(x));

    /// <summary>Slope <c>s_i = (w_{i+1} − w_i)/h_i</c> of interval <paramref name="interval"/>.</summary>
    public double Slope(int interval)
    {
        Guard.Index(interval, IntervalCount, nameof(interval));
        return (_values[interval + 1] - _values[interval]) / (_knots[interval + 1] - _knots[interval]);
    }

    /// <summary>All slopes <c>s_0..s_{N−1}</c>.</summary>
    public double[] Slopes()
    {
        var s = new double[IntervalCount];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = Slope(i);
        }

        return s;
    }

    /// <summary>Spacings <c>h_i = k_{i+1} − k_i</c>.</summary>
    public double[] Spacings()
    {
        var h = new double[IntervalCount];
        for (int i = 0; i < h.Length; i++)
        {
            h[i] = _knots[i + 1] - _knots[i];
        }

        return h;
    }

    /// <summary>A spline with the same knots and new values.</summary>
    public FreeKnotSpline WithValues(ReadOnlySpan<double> values) => new(_knots, values);

    /// <inheritdoc/>
    public override string ToString() => $"FreeKnotSpline: {IntervalCount} intervals on [{Lower:G6}, {Upper:G6}]";

    private double Piece(int i, double x)
    {
        double h = _knots[i + 1] - _knots[i];
        double t = (x - _knots[i]) / h;
        return _values[i] + t * (_values[i + 1] - _values[i]);
    }
}
