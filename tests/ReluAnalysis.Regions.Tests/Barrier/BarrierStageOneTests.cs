using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Barrier;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Tests.Barrier;

/// <summary>Stage 1 (spec tests 6) and the interval primitives it stands on.</summary>
public sealed class BarrierStageOneTests
{
    private static double LieDerivative(BarrierProblem p, double[] x)
    {
        var f = new double[p.Dimension];
        p.System.Evaluate(x, f);
        ReadOnlySpan<double> g = LocalAffineMap.At(p.Barrier, x).Gradient(0);
        double s = 0;
        for (int j = 0; j < f.Length; j++)
        {
            s += g[j] * f[j];
        }

        return s;
    }

    [Fact]
    public void IntervalBound_ContainsSampledLieDerivatives()
    {
        BarrierProblem p = BarrierExamples.Darboux();
        var net = new NonIncreaseStage.NetworkData(p.Barrier, p.System);
        var rng = new Random(5);
        var x = new double[2];
        for (int c = 0; c < 6; c++)
        {
            double w = c < 3 ? 0.25 : 0.03;
            double[] lo = [-2 + (4 - w) * rng.NextDouble(), -2 + (4 - w) * rng.NextDouble()];
            double[] hi = [lo[0] + w, lo[1] + w];
            var (f, zl, zu) = NonIncreaseStage.CellBounds(p, net, lo, hi);
            double ub = NonIncreaseStage.IntervalUpperBound(p, net, f, zl, zu);
            var cell = new Box(lo, hi);
            for (int i = 0; i < 10_000; i++)
            {
                cell.Sample(rng, x);
                Assert.True(LieDerivative(p, x) <= ub, $"L_f B = {LieDerivative(p, x)} exceeds the bound {ub} in cell {cell}");
            }
        }
    }

    [Fact]
    public void ExactAffineMaximum_MatchesDenseSamplingFromAbove()
    {
        BarrierProblem p = BarrierExamples.PolyNorm(4, [-0.3, 2, -2, -0.3]);
        var net = new NonIncreaseStage.NetworkData(p.Barrier, p.System);
        var rng = new Random(9);
        const int grid = 200;
        for (int c = 0; c < 4; c++)
        {
            double w = 0.5;
            double[] lo = c == 0 ? [-0.2, -0.3] : [-1.5 + 2.5 * rng.NextDouble(), -1.5 + 2.5 * rng.NextDouble()];
            double[] hi = [lo[0] + w, lo[1] + w];
            var (_, zl, zu) = NonIncreaseStage.CellBounds(p, net, lo, hi);
            double exact = NonIncreaseStage.ExactAffineMaximum(p, net, lo, hi, zl, zu, new LpCounters());
            double sampled = double.NegativeInfinity;
            for (int i = 0; i <= grid; i++)
            {
                for (int j = 0; j <= grid; j++)
                {
                    double[] x = [lo[0] + w * i / grid, lo[1] + w * j / grid];
                    sampled = Math.Max(sampled, LieDerivative(p, x));
                }
            }

            // From above (1e-9), and no further than the Lipschitz constant times the grid's half-diagonal.
            Assert.True(exact >= sampled - 1e-9, $"exact {exact} < sampled {sampled}");
            double lipschitz = 4 * Math.Sqrt(2) * 2.1; // |g| ≤ Σ|c_k| = 4·…, ‖A‖ ≤ 2.1
            Assert.True(exact <= sampled + lipschitz * w / grid * Math.Sqrt(2), $"exact {exact} ≫ sampled {sampled}");
        }
    }

    [Fact]
    public void IntervalArithmetic_ContainsSampledResults()
    {
        var rng = new Random(2);
        for (int t = 0; t < 2000; t++)
        {
            double a0 = 4 * rng.NextDouble() - 2, b0 = 4 * rng.NextDouble() - 2;
            var a = new Interval(a0, a0 + rng.NextDouble());
            var b = new Interval(b0, b0 + rng.NextDouble());
            double x = a.Lower + (a.Upper - a.Lower) * rng.NextDouble();
            double y = b.Lower + (b.Upper - b.Lower) * rng.NextDouble();
            Assert.True((a + b).Contains(x + y));
            Assert.True((a - b).Contains(x - y));
            Assert.True((a * b).Contains(x * y));
            Assert.True(a.Square().Contains(x * x));
            Assert.True(a.Pow(3).Contains(x * x * x));
            Assert.True((2.5 * a).Contains(2.5 * x));
            Assert.True((-0.7 * a).Contains(-0.7 * x));
        }

        Assert.Equal(0.0, new Interval(-1, 2).Square().Lower);
    }

    [Fact]
    public void IntervalBounds_ContainSampledNetworkOutputs()
    {
        ReluNetwork net = ReluNetwork.Random([3, 16, 8, 2], 4, biasScale: 0.5);
        var rng = new Random(3);
        double[] lo = [-0.5, 0.1, -1.0];
        double[] hi = [0.3, 0.4, -0.2];
        var ol = new double[2];
        var oh = new double[2];
        var pl = new double[24];
        var ph = new double[24];
        IntervalBounds.Propagate(net, lo, hi, ol, oh, pl, ph);
        var box = new Box(lo, hi);
        var x = new double[3];
        for (int i = 0; i < 5000; i++)
        {
            box.Sample(rng, x);
            double[] y = net.Evaluate(x);
            double[] z = net.PreActivations(x);
            for (int o = 0; o < 2; o++)
            {
                Assert.InRange(y[o], ol[o], oh[o]);
            }

            for (int k = 0; k < 24; k++)
            {
                Assert.InRange(z[k], pl[k], ph[k]);
            }
        }

        Assert.Throws<ArgumentException>(() => IntervalBounds.Propagate(net, hi, lo, ol, oh));
    }
}
