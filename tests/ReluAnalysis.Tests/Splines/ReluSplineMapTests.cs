using ReluAnalysis.Networks;
using ReluAnalysis.Splines;

namespace ReluAnalysis.Tests.Splines;

public class ReluSplineMapTests
{
    private static FreeKnotSpline RandomSpline(int n, int seed)
    {
        var rng = new Random(seed);
        var k = new double[n + 1];
        for (int i = 1; i < n; i++)
        {
            k[i] = rng.NextDouble();
        }

        k[n] = 1;
        Array.Sort(k);
        var w = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            w[i] = rng.NextDouble() * 2 - 1;
        }

        return new FreeKnotSpline(k, w);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(64, 3)]
    public void SplineToNetworkToSpline_ReturnsKnotsAndValues(int n, int seed)
    {
        FreeKnotSpline s = RandomSpline(n, seed);
        ReluNetwork net = ReluSplineMap.ToNetwork(s);
        Assert.Equal([1, n, 1], net.LayerSizes());
        FreeKnotSpline back = ReluSplineMap.ToSpline(net);
        Assert.Equal(s.IntervalCount, back.IntervalCount);
        double scale = s.Values.ToArray().Max(Math.Abs);
        for (int i = 0; i <= n; i++)
        {
            Assert.True(Math.Abs(back.Knots[i] - s.Knots[i]) <= 1e-12 * Math.Max(1, Math.Abs(s.Knots[i])), $"knot {i}");
            Assert.True(Math.Abs(back.Values[i] - s.Values[i]) <= 1e-12 * scale, $"value {i}: {back.Values[i]} vs {s.Values[i]}");
        }
    }

    [Fact]
    public void NetworkToSplineToNetwork_SameFunction_WithAwkwardNeurons()
    {
        var rng = new Random(7);
        const int w = 40;
        var a = new double[w];
        var b = new double[w];
        var c = new double[w];
        for (int i = 0; i < w; i++)
        {
            a[i] = rng.NextDouble() * 4 - 2;
            double k = rng.NextDouble() * 1.6 - 0.3; // some breakpoints outside [0, 1]
            b[i] = -a[i] * k;
            c[i] = rng.NextDouble() * 2 - 1;
        }

        a[0] = 0; b[0] = 0.7;          // constant neuron
        a[1] = 0; b[1] = -0.2;         // dead neuron
        a[2] = -1.5; b[2] = 1.5 * 0.4;  // left-facing, breakpoint 0.4
        a[3] = 3.0; b[3] = -3.0 * 0.4;  // coinciding breakpoint
        a[4] = 2.0; b[4] = -2.0 * 1.7;  // right-facing, outside to the right: dead on [0, 1]
        a[5] = -2.0; b[5] = 2.0 * -0.5; // left-facing, outside to the left: dead on [0, 1]
        a[6] = 1.0; b[6] = 0.0;         // breakpoint exactly at 0
        a[7] = 1.0; b[7] = -1.0;        // breakpoint exactly at 1
        ReluNetwork net = ReluSplineMap.FromParameters(a, b, c, 0.3);
        FreeKnotSpline s = ReluSplineMap.ToSpline(net);
        ReluNetwork canon = ReluSplineMap.ToNetwork(s);
        var (ca, cb, _, _) = ReluSplineMap.Parameters(canon);
        Assert.All(ca, v => Assert.Equal(1.0, v));
        for (int i = 1; i < cb.Length; i++)
        {
            Assert.True(-cb[i] > -cb[i - 1], "canonical breakpoints strictly increasing");
        }

        Assert.Equal(0.0, -cb[0]);
        double maxErr = 0, maxVal = 0;
        var rx = new Random(11);
        for (int p = 0; p < 10_000; p++)
        {
            double x = rx.NextDouble();
            double y0 = net.Evaluate([x])[0];
            double y1 = canon.Evaluate([x])[0];
            double y2 = s.Evaluate(x);
            maxErr = Math.Max(maxErr, Math.Max(Math.Abs(y0 - y1), Math.Abs(y0 - y2)));
            maxVal = Math.Max(maxVal, Math.Abs(y0));
        }

        Assert.True(maxErr <= 1e-12 * Math.Max(1, maxVal), $"max deviation {maxErr}");
    }

    [Fact]
    public void CanonicalForm_IsAFixedPoint()
    {
        ReluNetwork net = ReluNetwork.Random([1, 30, 1], 5, 0.5);
        ReluNetwork c1 = ReluSplineMap.Canonicalize(net);
        ReluNetwork c2 = ReluSplineMap.Canonicalize(c1);
        var p1 = ReluSplineMap.Parameters(c1);
        var p2 = ReluSplineMap.Parameters(c2);
        Assert.Equal(p1.A.Length, p2.A.Length);
        for (int i = 0; i < p1.A.Length; i++)
        {
            Assert.Equal(p1.B[i], p2.B[i], 14);
            Assert.True(Math.Abs(p1.C[i] - p2.C[i]) <= 1e-9 * Math.Max(1, Math.Abs(p1.C[i])));
        }
    }

    [Fact]
    public void TransferTimesDifference_IsIdentity()
    {
        double[] k = RandomSpline(50, 4).Knots.ToArray();
        double[] t = ReluSplineMap.TransferMatrix(k);
        double[] d = ReluSplineMap.DifferenceMatrix(k);
        int m = k.Length;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int l = 0; l < m; l++)
                {
                    s += t[i * m + l] * d[l * m + j];
                }

                Assert.True(Math.Abs(s - (i == j ? 1 : 0)) <= 1e-12 * 1e2, $"(T D)[{i},{j}] = {s}");
            }
        }
    }

    [Fact]
    public void TransferMatrix_MapsReluCoefficientsToValues()
    {
        FreeKnotSpline s = RandomSpline(20, 9);
        double[] k = s.Knots.ToArray();
        double[] coef = ReluSplineMap.DifferenceApply(k, s.Values);
        double[] t = ReluSplineMap.TransferMatrix(k);
        int m = k.Length;
        for (int j = 0; j < m; j++)
        {
            double v = 0;
            for (int i = 0; i < m; i++)
            {
                v += t[j * m + i] * coef[i];
            }

            Assert.Equal(s.Values[j], v, 10);
        }
    }

    [Fact]
    public void HatInReluForm_EqualsHat_AndHasTheSpecCoefficients()
    {
        FreeKnotSpline basis = RandomSpline(8, 12);
        double[] k = basis.Knots.ToArray();
        int n = k.Length - 1;
        var rng = new Random(3);
        for (int i = 0; i <= n; i++)
        {
            var e = new double[n + 1];
            e[i] = 1;
            var hat = new FreeKnotSpline(k, e);
            ReluNetwork net = ReluSplineMap.ToNetwork(hat);
            var (_, _, c, d) = ReluSplineMap.Parameters(net);
            if (i > 0 && i < n)
            {
                Assert.Equal(1 / (k[i] - k[i - 1]), c[i - 1], 9);
                Assert.Equal(-(1 / (k[i] - k[i - 1]) + 1 / (k[i + 1] - k[i])), c[i], 9);
                if (i + 1 < n)
                {
                    Assert.Equal(1 / (k[i + 1] - k[i]), c[i + 1], 9);
                }
            }
            else if (i == 0)
            {
                Assert.Equal(1.0, d);
                Assert.Equal(-1 / (k[1] - k[0]), c[0], 9);
            }

            for (int p = 0; p < 200; p++)
            {
                double x = rng.NextDouble();
                double expected = x <= (i > 0 ? k[i - 1] : double.NegativeInfinity) || x >= (i < n ? k[i + 1] : double.PositiveInfinity)
                    ? 0
                    : x <= k[i] ? (i == 0 ? 1 : (x - k[i - 1]) / (k[i] - k[i - 1])) : (k[i + 1] - x) / (k[i + 1] - k[i]);
                Assert.True(Math.Abs(net.Evaluate([x])[0] - expected) <= 1e-10, $"hat {i} at {x}");
            }
        }
    }

    [Fact]
    public void BadInput_IsRejectedWithNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FreeKnotSpline([0, 0.5, 0.5, 1], [0, 1, 2, 3]));
        Assert.Contains("knots", ex.Message);
        Assert.Throws<ArgumentException>(() => new FreeKnotSpline([0, double.NaN], [0, 1]));
        var deep = ReluNetwork.Random([1, 4, 4, 1], 1);
        Assert.Throws<ArgumentException>(() => ReluSplineMap.ToSpline(deep));
        Assert.Throws<ArgumentException>(() => Targets.Get("nope"));
    }

    [Fact]
    public void SortedAndUnsortedBatchEvaluation_Agree()
    {
        FreeKnotSpline s = RandomSpline(30, 21);
        var rng = new Random(2);
        double[] xs = [.. Enumerable.Range(0, 500).Select(_ => rng.NextDouble() * 1.2 - 0.1)];
        double[] unsorted = s.Evaluate(xs);
        double[] sortedX = [.. xs.Order()];
        double[] sorted = s.Evaluate(sortedX);
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.Equal(s.Evaluate(xs[i]), unsorted[i], 14);
            Assert.Equal(s.Evaluate(sortedX[i]), sorted[i], 14);
        }
    }
}
