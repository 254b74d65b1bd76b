using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Splines;

/// <summary>
/// Exact maps between a univariate shallow ReLU network <c>y(x) = Σ c_i ReLU(a_i x + b_i) + d</c>
/// (a <see cref="ReluNetwork"/> with sizes <c>[1, W, 1]</c>) and a linear free knot spline (spec §2).
/// </summary>
/// <remarks>
/// <para>FKS → ReLU: slopes <c>s_i = (w_{i+1} − w_i)/h_i</c>;
/// <c>y(x) = w_0 + s_0 ReLU(x − k_0) + Σ_{i=1..N−1} (s_i − s_{i−1}) ReLU(x − k_i)</c>, so <c>a_i = 1</c>,
/// <c>b_i = −k_i</c>, <c>c_0 = s_0</c>, <c>c_i = s_i − s_{i−1}</c>, <c>d = w_0</c> (width N). Exact on <c>[k_0, k_N]</c>.</para>
/// <para>ReLU → FKS: breakpoints <c>−b_i/a_i</c> of neurons with <c>a_i ≠ 0</c> strictly inside the interval, sorted,
/// merged when closer than <c>1e−14 · max(1, |k|)</c>, plus both ends; values by evaluating the network. Exact because
/// the network is affine between consecutive breakpoints; dead neurons, <c>a_i = 0</c> and breakpoints outside the
/// interval only contribute affine pieces, which the values at the knots capture.</para>
/// <para>Matrix forms: <c>w = T [d; c]</c> with <c>T_{j,0} = 1</c>, <c>T_{j,i+1} = ReLU(k_j − k_i)</c> (lower triangular,
/// diagonal <c>1, h_0, …, h_{N−1}</c>), and <c>[d; c] = D w</c> with <c>D = T^{−1}</c> a scaled second difference.</para>
/// </remarks>
public static class ReluSplineMap
{
    /// <summary>Relative tolerance under which two breakpoints are merged into one knot.</summary>
    public const double MergeTolerance = 1e-14;

    /// <summary>The canonical shallow ReLU network of a spline: width <c>N</c>, <c>a_i = 1</c>, <c>b_i = −k_i</c> (<c>i &lt; N</c>), <c>c = </c> slope jumps, output bias <c>w_0</c>.</summary>
    /// <returns>A network with sizes <c>[1, N, 1]</c>, equal to the spline on <c>[k_0, k_N]</c>.</returns>
    public static ReluNetwork ToNetwork(FreeKnotSpline spline)
    {
        ArgumentNullException.ThrowIfNull(spline);
        int n = spline.IntervalCount;
        double[] coefficients = DifferenceApply(spline.Knots, spline.Values);
        var a = new double[n];
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = 1.0;
            b[i] = -spline.Knots[i];
        }

        var hidden = new DenseLayer(n, 1, a, b);
        var output = new DenseLayer(1, n, coefficients.AsSpan(1), [coefficients[0]]);
        return new ReluNetwork([hidden, output]);
    }

    /// <summary>The spline equal to a shallow ReLU network on <c>[lower, upper]</c>.</summary>
    /// <param name="network">Sizes <c>[1, W, 1]</c>, no input normalisation.</param>
    /// <param name="lower">Left end of the interval (default 0).</param>
    /// <param name="upper">Right end of the interval (default 1).</param>
    /// <exception cref="ArgumentException">The network is not univariate shallow, or the interval is empty or not finite.</exception>
    public static FreeKnotSpline ToSpline(ReluNetwork network, double lower = 0.0, double upper = 1.0)
    {
        double[] knots = Breakpoints(network, lower, upper);
        var evaluator = new BatchEvaluator(network, 1);
        BatchResult result = evaluator.Evaluate(knots, withPatterns: false);
        return new FreeKnotSpline(knots, result.Outputs);
    }

    /// <summary>
    /// The knots of a shallow ReLU network on <c>[lower, upper]</c>: both ends and every breakpoint
    /// <c>−b_i/a_i</c> (<c>a_i ≠ 0</c>) strictly inside, sorted and merged (<see cref="MergeTolerance"/>).
    /// </summary>
    public static double[] Breakpoints(ReluNetwork network, double lower = 0.0, double upper = 1.0)
    {
        CheckShallow(network);
        Guard.Finite(lower, nameof(lower));
        Guard.Finite(upper, nameof(upper));
        if (!(upper > lower))
        {
            throw new ArgumentOutOfRangeException(nameof(upper), upper, $"upper must exceed lower = {lower}.");
        }

        DenseLayer hidden = network.Layers[0];
        var list = new List<double>(hidden.Outputs + 2) { lower };
        for (int i = 0; i < hidden.Outputs; i++)
        {
            double a = hidden.Weights[i];
            if (a == 0)
            {
                continue;
            }

            double k = -hidden.Bias[i] / a;
            if (k > lower && k < upper)
            {
                list.Add(k);
            }
        }

        list.Sort();
        list.Add(upper);
        var merged = new List<double>(list.Count) { list[0] };
        for (int i = 1; i < list.Count; i++)
        {
            double k = list[i];
            if (k - merged[^1] <= MergeTolerance * Math.Max(1.0, Math.Abs(k)))
            {
                // Keep the interval ends exact: a breakpoint merging into the upper end is dropped.
                if (i == list.Count - 1)
                {
                    merged[^1] = k;
                }

                continue;
            }

            merged.Add(k);
        }

        if (merged.Count < 2)
        {
            merged.Add(upper);
        }

        merged[0] = lower;
        merged[^1] = upper;
        return [.. merged];
    }

    /// <summary>
    /// The canonical form of a shallow ReLU network on <c>[lower, upper]</c>: <c>ToNetwork(ToSpline(network))</c>,
    /// i.e. <c>a = 1</c>, breakpoints sorted, distinct, the first at <c>lower</c> and the rest inside, dead and
    /// outside neurons folded into the affine part. Equal to the input on the interval.
    /// </summary>
    public static ReluNetwork Canonicalize(ReluNetwork network, double lower = 0.0, double upper = 1.0) =>
        ToNetwork(ToSpline(network, lower, upper));

    /// <summary>The shallow network's parameters <c>(a, b, c, d)</c> as flat arrays.</summary>
    public static (double[] A, double[] B, double[] C, double D) Parameters(ReluNetwork network)
    {
        CheckShallow(network);
        DenseLayer hidden = network.Layers[0], output = network.Layers[1];
        return (hidden.Weights.ToArray(), hidden.Bias.ToArray(), output.Weights.ToArray(), output.Bias[0]);
    }

    /// <summary>The shallow network <c>Σ c_i ReLU(a_i x + b_i) + d</c>.</summary>
    public static ReluNetwork FromParameters(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, double d)
    {
        Guard.Length(b.Length, a.Length, nameof(b));
        Guard.Length(c.Length, a.Length, nameof(c));
        Guard.Finite(d, nameof(d));
        return new ReluNetwork([new DenseLayer(a.Length, 1, a, b), new DenseLayer(1, a.Length, c, [d])]);
    }

    /// <summary>The matrix <c>T</c> with <c>w = T [d; c]</c>: row-major <c>(N+1) × (N+1)</c>, <c>T_{j,0} = 1</c>, <c>T_{j,i+1} = ReLU(k_j − k_i)</c>.</summary>
    public static double[] TransferMatrix(ReadOnlySpan<double> knots)
    {
        CheckKnots(knots);
        int m = knots.Length;
        var t = new double[m * m];
        for (int j = 0; j < m; j++)
        {
            t[j * m] = 1.0;
            for (int i = 0; i + 1 < m; i++)
            {
                t[j * m + i + 1] = Math.Max(0.0, knots[j] - knots[i]);
            }
        }

        return t;
    }

    /// <summary>The matrix <c>D = T^{−1}</c> with <c>[d; c] = D w</c>: row-major <c>(N+1) × (N+1)</c>, a scaled second difference.</summary>
    public static double[] DifferenceMatrix(ReadOnlySpan<double> knots)
    {
        CheckKnots(knots);
        int m = knots.Length, n = m - 1;
        var d = new double[m * m];
        d[0] = 1.0;
        for (int i = 0; i < n; i++)
        {
            int row = (i + 1) * m;
            double inv = 1.0 / (knots[i + 1] - knots[i]);
            d[row + i + 1] += inv;
            d[row + i] -= inv;
            if (i > 0)
            {
                double invPrev = 1.0 / (knots[i] - knots[i - 1]);
                d[row + i] -= invPrev;
                d[row + i - 1] += invPrev;
            }
        }

        return d;
    }

    /// <summary><c>[d; c] = D w</c> without forming <c>D</c>: <c>d = w_0</c>, <c>c_0 = s_0</c>, <c>c_i = s_i − s_{i−1}</c>.</summary>
    public static double[] DifferenceApply(ReadOnlySpan<double> knots, ReadOnlySpan<double> values)
    {
        CheckKnots(knots);
        Guard.Length(values.Length, knots.Length, nameof(values));
        int n = knots.Length - 1;
        var r = new double[n + 1];
        r[0] = values[0];
        double prev = 0;
        for (int i = 0; i < n; i++)
        {
            double s = (values[i + 1] - values[i]) / (knots[i + 1] - knots[i]);
            r[i + 1] = s - prev;
            prev = s;
        }

        return r;
    }

    internal static void CheckShallow(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputDimension != 1 || network.OutputDimension != 1 || network.HiddenLayerCount != 1)
        {
            throw new ArgumentException($"network has sizes [{string.Join(", ", network.LayerSizes())}]; expected a univariate shallow network [1, W, 1].", nameof(network));
        }

        if (network.Normalization is not null)
        {
            throw new ArgumentException("network carries an input normalisation; expected a plain [1, W, 1] network.", nameof(network));
        }
    }

    private static void CheckKnots(ReadOnlySpan<double> knots)
    {
        Guard.MinLength(knots.Length, 2, nameof(knots));
        Guard.Finite(knots, nameof(knots));
        for (int i = 1; i < knots.Length; i++)
        {
            if (!(knots[i] > knots[i - 1]))
            {
                throw new ArgumentException($"knots must be strictly increasing; knots[{i - 1}] = {knots[i - 1]:R}, knots[{i}] = {knots[i]:R}.", nameof(knots));
            }
        }
    }
}
