using ReluAnalysis.Networks;

namespace ReluAnalysis.Proofs.Tests;

public class OutwardBoundsTests
{
    private static IEnumerable<double> Specials()
    {
        foreach (double v in new[] { 0.0, double.Epsilon, 2 * double.Epsilon, 1e-310, 2.2250738585072014e-308, 1.0, 1.5, 2.0, 3.0, 0.1, 1e300, 1.7976931348623157e308 })
        {
            yield return v;
            yield return -v;
        }
    }

    [Fact]
    public void Dn_and_Up_bracket_the_exact_sum_and_product_of_doubles()
    {
        var rng = new Random(5);
        var values = Specials().Concat(Enumerable.Range(0, 60).Select(_ => Math.ScaleB(rng.NextDouble() - 0.5, rng.Next(-60, 60)))).ToArray();
        foreach (double a in values)
        {
            foreach (double b in values)
            {
                foreach (var (computed, exact) in new[] { (a * b, Rational.FromDouble(a) * Rational.FromDouble(b)), (a + b, Rational.FromDouble(a) + Rational.FromDouble(b)) })
                {
                    if (!double.IsFinite(computed))
                    {
                        continue;
                    }

                    // Beyond the largest double the nudge gives ±∞, a trivially valid bound.
                    double down = OutwardBounds.Dn(computed), up = OutwardBounds.Up(computed);
                    Assert.True(down == double.NegativeInfinity || Rational.FromDouble(down) <= exact, $"Dn({a} ∘ {b})");
                    Assert.True(up == double.PositiveInfinity || Rational.FromDouble(up) >= exact, $"Up({a} ∘ {b})");
                    Assert.True(OutwardBounds.Dn(computed) <= Math.BitDecrement(computed));
                    Assert.True(OutwardBounds.Up(computed) >= Math.BitIncrement(computed));
                }
            }
        }
    }

    [Fact]
    public void Output_lower_bound_is_below_every_sampled_value_and_tight_where_the_network_is_affine()
    {
        ReluNetwork net = ReluNetwork.Random([3, 12, 12, 12, 2], 9);
        var bounds = new OutwardBounds(net);
        var rng = new Random(2);
        double[] c = [0.7, -1.3];
        int affine = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            double w = trial < 10 ? 1.0 : 1e-4;
            double[] lo = Enumerable.Range(0, 3).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double[] hi = lo.Select(v => v + (w * rng.NextDouble())).ToArray();
            bounds.Propagate(lo, hi);
            for (int slopes = 0; slopes < 4; slopes++)
            {
                double bound = bounds.OutputLowerBound(c, c, slopes);
                Assert.True(double.IsFinite(bound));
                double min = double.PositiveInfinity, cornerMin = double.PositiveInfinity;
                for (int s = 0; s < 208; s++)
                {
                    // Eight corners, then random points.
                    double[] x = lo.Select((l, j) => s < 8 ? (((s >> j) & 1) == 0 ? l : hi[j]) : l + ((hi[j] - l) * rng.NextDouble())).ToArray();
                    double[] y = net.Evaluate(x);
                    double v = (c[0] * y[0]) + (c[1] * y[1]);
                    min = Math.Min(min, v);
                    cornerMin = s < 8 ? Math.Min(cornerMin, v) : cornerMin;
                }

                Assert.True(bound <= min, $"trial {trial}, slopes {slopes}: bound {bound} above a sampled value {min}");
                if (bounds.Affine)
                {
                    // Affine on the box: the minimum is at a corner and the bound equals it up to rounding.
                    Assert.True(cornerMin - bound < 1e-9, $"trial {trial}: affine bound {bound} below the corner minimum {cornerMin}");
                    affine++;
                }
            }
        }

        Assert.True(affine > 0, "no small box was affine: the tightness check did not run");
    }
}
