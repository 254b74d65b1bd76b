using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests.Patterns;

public class LocalAffineMapTests
{
    [Theory]
    [InlineData(2, 11)]
    [InlineData(4, 12)]
    [InlineData(7, 13)]
    public void Affine_map_equals_the_network_on_its_region(int d, int seed)
    {
        ReluNetwork net = ReluNetwork.Random([d, 16, 12, 8, 3], seed);
        var rng = new Random(seed);
        var x0 = new double[d];
        var x = new double[d];
        int checkedPoints = 0, outside = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            for (int i = 0; i < d; i++)
            {
                x0[i] = 2 * rng.NextDouble() - 1;
            }

            ActivationPattern sigma = net.PatternAt(x0);
            var map = LocalAffineMap.For(net, sigma);
            var region = ActivationRegion.Of(net, sigma);
            Assert.True(region.Polytope.Contains(x0, 1e-12));

            // Sample around x0: points with the same pattern are inside the region and obey the map.
            for (int s = 0; s < 200; s++)
            {
                double radius = Math.Pow(10, -3 * rng.NextDouble());
                for (int i = 0; i < d; i++)
                {
                    x[i] = x0[i] + radius * (2 * rng.NextDouble() - 1);
                }

                bool samePattern = net.PatternAt(x) == sigma;
                double slack = region.Polytope.MinSlack(x);
                if (samePattern)
                {
                    Assert.True(slack >= -1e-12, $"point with pattern σ has slack {slack}");
                    double[] f = net.Evaluate(x), g = map.Evaluate(x);
                    for (int o = 0; o < f.Length; o++)
                    {
                        Assert.True(Math.Abs(f[o] - g[o]) <= 1e-10 * (1 + Math.Abs(f[o])), $"output {o}: {f[o]} vs {g[o]}");
                    }

                    checkedPoints++;
                }
                else
                {
                    Assert.True(slack <= 1e-12, $"point with another pattern is strictly inside the region (slack {slack})");
                    outside++;
                }
            }
        }

        Assert.True(checkedPoints > 500, $"only {checkedPoints} points fell in their region");
        Assert.True(outside > 0);
    }

    [Fact]
    public void Gradient_matches_central_finite_differences()
    {
        ReluNetwork net = ReluNetwork.Random([5, 20, 20, 4], seed: 21);
        var rng = new Random(22);
        int tested = 0;
        while (tested < 30)
        {
            double[] x = Enumerable.Range(0, 5).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            if (net.PreActivations(x).Min(Math.Abs) < 1e-3)
            {
                continue; // too close to a boundary for a finite difference with step 1e-6
            }

            var map = LocalAffineMap.At(net, x);
            for (int o = 0; o < 4; o++)
            {
                ReadOnlySpan<double> grad = map.Gradient(o);
                for (int i = 0; i < 5; i++)
                {
                    const double h = 1e-6;
                    double[] xp = (double[])x.Clone(), xm = (double[])x.Clone();
                    xp[i] += h;
                    xm[i] -= h;
                    double fd = (net.Evaluate(xp)[o] - net.Evaluate(xm)[o]) / (2 * h);
                    Assert.True(Math.Abs(fd - grad[i]) <= 1e-6 * (1 + Math.Abs(grad[i])), $"∂f{o}/∂x{i}: fd {fd} vs {grad[i]}");
                }
            }

            tested++;
        }
    }

    [Fact]
    public void Pre_activation_maps_reproduce_the_forward_pass()
    {
        ReluNetwork net = ReluNetwork.Random([3, 10, 10, 10, 2], seed: 31);
        double[] x = [0.2, -0.4, 0.7];
        var maps = LocalAffineMap.PreActivationMaps(net, net.PatternAt(x));
        double[] z = net.PreActivations(x);
        int g = 0;
        foreach (LocalAffineMap m in maps)
        {
            foreach (double v in m.Evaluate(x))
            {
                Assert.Equal(z[g++], v, 1e-12);
            }
        }

        Assert.Equal(z.Length, g);
    }

    [Fact]
    public void Pattern_of_another_network_shape_is_rejected()
    {
        ReluNetwork a = ReluNetwork.Random([2, 4, 1], seed: 1), b = ReluNetwork.Random([2, 5, 1], seed: 1);
        Assert.Throws<ArgumentException>(() => LocalAffineMap.For(a, b.PatternAt([0.1, 0.2])));
    }

    [Fact]
    public void Degenerate_neurons_are_reported()
    {
        // z = x0 − x1 at the first neuron: zero on the diagonal.
        var net = new ReluNetwork([new DenseLayer(2, 2, [1, -1, 1, 1], [0, 0]), new DenseLayer(1, 2, [1, 1], [0])]);
        var deg = net.DegenerateNeurons([0.5, 0.5]);
        Assert.Equal([(0, 0)], deg);
        Assert.Empty(net.DegenerateNeurons([0.5, 0.2]));
    }

    [Fact]
    public void Box_parse_and_polytope_agree()
    {
        Box box = Box.Parse("-1:1, 0:2.5");
        Assert.Equal(5.0, box.Volume());
        Polytope p = box.ToPolytope();
        Assert.True(p.Contains([0.9, 2.4]));
        Assert.False(p.Contains([1.1, 1.0]));
        Assert.Throws<FormatException>(() => Box.Parse("1:0"));
        Assert.Throws<FormatException>(() => Box.Parse("a:b"));
    }

    /// <summary>An output functional through the local map is the functional of the evaluated output, at any point; and a polytope's flat rows are its half-spaces as given.</summary>
    [Fact]
    public void Functional_IsTheFunctionalOfTheOutput_AndPolytopeRows_AreItsHalfSpaces()
    {
        ReluNetwork net = ReluNetwork.Random([3, 8, 8, 2], seed: 6, biasScale: 0.3);
        double[] x0 = [0.2, -0.1, 0.4];
        LocalAffineMap map = LocalAffineMap.At(net, x0);
        double[] w = [1.5, -0.25];
        var a = new double[3];
        double b = map.Functional(w, a);
        var rng = new Random(2);
        for (int s = 0; s < 20; s++)
        {
            double[] x = [rng.NextDouble(), rng.NextDouble(), rng.NextDouble()];
            double[] y = map.Evaluate(x);
            Assert.Equal(w[0] * y[0] + w[1] * y[1], b + a[0] * x[0] + a[1] * x[1] + a[2] * x[2], 12);
        }

        Assert.Equal(net.Evaluate(x0)[0] * w[0] + net.Evaluate(x0)[1] * w[1], b + a[0] * x0[0] + a[1] * x0[1] + a[2] * x0[2], 12);
        Assert.Throws<ArgumentException>(() => map.Functional([1.0], a));

        var polytope = new Polytope(2, [new HalfSpace([3.0, 4.0], 5.0), new HalfSpace([-1.0, 0.0], 2.0)]);
        var (normals, offsets) = polytope.Rows();
        Assert.Equal([3.0, 4.0, -1.0, 0.0], normals);
        Assert.Equal([5.0, 2.0], offsets);
    }
}
