using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Splines;

namespace ReluAnalysis.Tests.Splines;

public class GradientTests
{
    [Fact]
    public void ShallowKernel_MatchesEngineAndFiniteDifferences()
    {
        var rng = new Random(3);
        const int w = 12, p = 300;
        double[] a = [.. Enumerable.Range(0, w).Select(_ => rng.NextDouble() * 2 - 1)];
        double[] b = [.. Enumerable.Range(0, w).Select(_ => rng.NextDouble() * 2 - 1)];
        double[] c = [.. Enumerable.Range(0, w).Select(_ => rng.NextDouble() * 2 - 1)];
        a[0] = 0; b[0] = 0.5; // constant neuron
        a[1] = -0.7;          // left-facing
        double d = 0.2;
        double[] x = [.. Enumerable.Range(0, p).Select(i => (i + 0.5) / p)];
        double[] wq = [.. x.Select(_ => 1.0 / p)];
        double[] u = [.. x.Select(Targets.Sin2Pi.Value)];
        var kernel = new ShallowReluKernel();
        var ga = new double[w];
        var gb = new double[w];
        var gc = new double[w];
        double loss = kernel.LossAndGradient(a, b, c, d, x, wq, u, ga, gb, gc, out double gd);

        ReluNetwork net = ReluSplineMap.FromParameters(a, b, c, d);
        BatchResult engine = new BatchEvaluator(net, 1).Evaluate(x, withPatterns: false);
        for (int q = 0; q < p; q++)
        {
            Assert.Equal(engine.Outputs[q], kernel.Outputs[q], 12);
        }

        double Loss(double[] aa, double[] bb, double[] cc, double dd)
        {
            var k2 = new ShallowReluKernel();
            var t = new double[w];
            return k2.LossAndGradient(aa, bb, cc, dd, x, wq, u, t, (double[])t.Clone(), (double[])t.Clone(), out _);
        }

        const double h = 1e-6;
        for (int i = 0; i < w; i++)
        {
            foreach (var (arr, g) in new[] { (a, ga), (b, gb), (c, gc) })
            {
                double keep = arr[i];
                arr[i] = keep + h;
                double up = Loss(a, b, c, d);
                arr[i] = keep - h;
                double down = Loss(a, b, c, d);
                arr[i] = keep;
                Assert.True(Math.Abs((up - down) / (2 * h) - g[i]) <= 1e-5, $"neuron {i}: fd {(up - down) / (2 * h)} vs {g[i]}");
            }
        }

        Assert.Equal((Loss(a, b, c, d + h) - Loss(a, b, c, d - h)) / (2 * h), gd, 6);
        Assert.True(loss > 0);
    }

    [Theory]
    [InlineData("tanh100", 0)]
    [InlineData("tanh100", 4)]
    [InlineData("x^(2/3)", 4)]
    [InlineData("gauss100", 4)]
    public void EquidistributionLossGradient_MatchesFiniteDifferences(string name, int points)
    {
        TargetFunction t = Targets.Get(name);
        double[] k = Equidistribution.Knots(t, 10).Knots;
        var rng = new Random(1);
        for (int i = 1; i < 10; i++)
        {
            k[i] += 0.2 * (k[i + 1] - k[i]) * rng.NextDouble();
        }

        var g = new double[k.Length];
        KnotLosses.Equidistribution(t, k, g, points);
        for (int j = 1; j < 10; j++)
        {
            double h = 1e-7 * (k[j + 1] - k[j - 1]);
            double keep = k[j];
            k[j] = keep + h;
            double up = KnotLosses.Equidistribution(t, k, [], points);
            k[j] = keep - h;
            double down = KnotLosses.Equidistribution(t, k, [], points);
            k[j] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - g[j]) <= 1e-4 * Math.Max(Math.Abs(fd), 1e-12 * 0 + Math.Abs(g[j])) + 1e-14, $"knot {j}: fd {fd} vs {g[j]}");
        }
    }

    [Theory]
    [InlineData("gauss100")]
    [InlineData("x^(2/3)")]
    public void InterpolationLossGradient_MatchesFiniteDifferences(string name)
    {
        TargetFunction t = Targets.Get(name);
        double[] k = FreeKnotSpline.UniformKnots(8);
        var q = new ErrorQuadrature(16, 4);
        var g = new double[k.Length];
        KnotLosses.Interpolation(t, k, g, q);
        for (int j = 1; j < 8; j++)
        {
            const double h = 1e-6;
            double keep = k[j];
            k[j] = keep + h;
            double up = KnotLosses.Interpolation(t, k, [], q);
            k[j] = keep - h;
            double down = KnotLosses.Interpolation(t, k, [], q);
            k[j] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - g[j]) <= 1e-4 * Math.Abs(fd) + 1e-12, $"knot {j}: fd {fd} vs {g[j]}");
        }
    }

    [Fact]
    public void LogSpacingChainRule_MatchesFiniteDifferences()
    {
        double[] z = [0.1, -0.5, 0.3, 0.0, 1.2];
        var knots = new double[6];
        // A smooth function of the interior knots: L = sum_j j * k_j^2.
        static double L(double[] k) => Enumerable.Range(1, k.Length - 2).Sum(j => j * k[j] * k[j]);
        LogSpacing.ToKnots(z, 0, 1, knots);
        double[] gk = [0, .. Enumerable.Range(1, 4).Select(j => 2.0 * j * knots[j]), 0];
        var gz = new double[5];
        LogSpacing.Gradient(knots, gk, gz);
        for (int i = 0; i < 5; i++)
        {
            const double h = 1e-6;
            double keep = z[i];
            z[i] = keep + h;
            LogSpacing.ToKnots(z, 0, 1, knots);
            double up = L(knots);
            z[i] = keep - h;
            LogSpacing.ToKnots(z, 0, 1, knots);
            double down = L(knots);
            z[i] = keep;
            Assert.Equal((up - down) / (2 * h), gz[i], 7);
        }
    }
}
