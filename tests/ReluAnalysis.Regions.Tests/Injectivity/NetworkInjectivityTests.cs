using ReluAnalysis.Geometry;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Injectivity;

namespace ReluAnalysis.Regions.Tests.Injectivity;

public class NetworkInjectivityTests
{
    private static Box Cube(int d, double lo = -1, double hi = 1) => new(Enumerable.Repeat(lo, d).ToArray(), Enumerable.Repeat(hi, d).ToArray());

    private static DenseLayer Layer(double[,] w)
    {
        int m = w.GetLength(0), n = w.GetLength(1);
        var flat = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                flat[i * n + j] = w[i, j];
            }
        }

        return new DenseLayer(m, n, flat, new double[m]);
    }

    /// <summary><c>[I; −I]</c> (2n × n).</summary>
    private static double[,] PlusMinusIdentity(int n)
    {
        var w = new double[2 * n, n];
        for (int i = 0; i < n; i++)
        {
            w[i, i] = 1;
            w[n + i, i] = -1;
        }

        return w;
    }

    /// <summary>The witness is a genuine collision: distinct points, equal outputs by two forward passes.</summary>
    private static void AssertWitness(ReluNetwork net, NetworkInjectivityResult r)
    {
        Assert.Equal(InjectivityStatus.NotInjective, r.Status);
        Assert.NotNull(r.X);
        Assert.NotNull(r.XPrime);
        Assert.True(r.Domain.Contains(r.X!, 1e-9) && r.Domain.Contains(r.XPrime!, 1e-9), "witness outside the box");
        double sep = r.X!.Zip(r.XPrime!, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(sep > 1e-6, $"separation {sep}");
        double[] f = net.Evaluate(r.X!), g = net.Evaluate(r.XPrime!);
        double residual = f.Zip(g, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(residual <= 1e-6 * sep * Math.Max(1, f.Max(Math.Abs)), $"residual {residual} for separation {sep}");
        Assert.Equal(residual, r.Residual);
    }

    [Fact]
    public void Plus_minus_identity_layers_are_injective_by_the_pair_lps()
    {
        // x ↦ ReLU([I; −I] ReLU([I; −I] x)) on R^3: the second layer sees (x⁺, x⁻) and returns it, so f determines x.
        ReluNetwork net = DeepInjectivityChecker.AsNetwork([Layer(PlusMinusIdentity(3)), Layer(PlusMinusIdentity(6))]);
        // An explicit domain skips the layer-wise shortcuts, so the regions and pair LPs decide.
        var r = NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Domain = Cube(3) });
        Assert.Equal(InjectivityStatus.Injective, r.Status);
        Assert.Equal("pairs", r.Reason);
        Assert.Equal(8, r.Regions);   // the eight orthants; the second layer is stable on each
        Assert.Equal(28, r.PairsExamined);
        Assert.True(r.Homogeneous);

        // With the default domain the same verdict ([I; −I] is not in general position, so the layer-wise shortcut
        // does not apply and the pair LPs decide again).
        Assert.Equal(InjectivityStatus.Injective, NetworkInjectivityChecker.Check(net).Status);
    }

    [Fact]
    public void A_second_layer_that_sees_only_absolute_values_is_not_injective()
    {
        // Layer 2 = [I I] on (x⁺, x⁻) gives |x_i|: f(x) = f(−x).
        var sum = new double[3, 6];
        for (int i = 0; i < 3; i++)
        {
            sum[i, i] = 1;
            sum[i, 3 + i] = 1;
        }

        ReluNetwork net = DeepInjectivityChecker.AsNetwork([Layer(PlusMinusIdentity(3)), Layer(sum)]);
        var r = NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Domain = Cube(3) });
        AssertWitness(net, r);
        Assert.Equal("pairs", r.Reason);
        // The collision is a sign flip: |x| = |x'| coordinate-wise.
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Math.Abs(r.X![i]), Math.Abs(r.XPrime![i]), 1e-7);
        }
    }

    [Fact]
    public void Fewer_outputs_than_inputs_is_a_rank_defect_with_a_witness_inside_one_region()
    {
        ReluNetwork net = ReluNetwork.Random([3, 8, 2], 4);
        var r = NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Domain = Cube(3) });
        AssertWitness(net, r);
        Assert.Equal("rank", r.Reason);
        Assert.False(r.Homogeneous);
    }

    [Fact]
    public void With_biases_the_verdict_is_on_the_box()
    {
        // f(x) = ReLU(x − 0.5) coordinate-wise: constant on [0, 0.5]^2, injective on [0.6, 1]^2.
        var identity = new DenseLayer(2, 2, [1, 0, 0, 1], [-0.5, -0.5]);
        var output = new DenseLayer(2, 2, [1, 0, 0, 1], [0, 0]);
        var net = new ReluNetwork([identity, output]);
        var onUnit = NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Domain = Cube(2, 0, 1) });
        AssertWitness(net, onUnit);
        var onUpper = NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Domain = Cube(2, 0.6, 1) });
        Assert.Equal(InjectivityStatus.Injective, onUpper.Status);
        Assert.False(onUpper.Homogeneous);
    }

    [Fact]
    public void Agrees_with_the_planar_checker_on_random_two_layer_nets()
    {
        int agree = 0, decided = 0, notInjective = 0;
        for (int trial = 0; trial < 24; trial++)
        {
            int m1 = 4 + trial % 4, m2 = 2 + trial % 7;
            DenseLayer[] layers = DeepInjectivityChecker.SampleNetwork([2, m1, m2], 17, trial);
            var planar = DeepInjectivityChecker.Check(layers);
            ReluNetwork net = DeepInjectivityChecker.AsNetwork(layers);
            // Both paths of the general checker: with the shortcuts (default box) and with regions and pair LPs only.
            var general = NetworkInjectivityChecker.Check(net);
            var pairs = NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Domain = Cube(2) });
            if (planar.Status is InjectivityStatus.Unknown || general.Status is InjectivityStatus.Unknown || pairs.Status is InjectivityStatus.Unknown)
            {
                continue;
            }

            decided++;
            Assert.Equal(planar.Status, general.Status);
            Assert.Equal(planar.Status, pairs.Status);
            if (pairs.Status == InjectivityStatus.NotInjective)
            {
                notInjective++;
                AssertWitness(net, pairs);
                AssertWitness(net, general);
            }

            agree++;
        }

        Assert.True(decided >= 20, $"only {decided} of 24 instances decided");
        Assert.Equal(decided, agree);
        Assert.InRange(notInjective, 1, decided - 1); // both verdicts occur in the sample
    }

    [Fact]
    public void Results_are_identical_for_one_and_two_threads()
    {
        for (int trial = 0; trial < 4; trial++)
        {
            ReluNetwork net = DeepInjectivityChecker.AsNetwork(DeepInjectivityChecker.SampleNetwork([3, 7, 9], 3, trial));
            var options = new NetworkInjectivityOptions { Domain = Cube(3) };
            var one = NetworkInjectivityChecker.Check(net, options with { MaxDegreeOfParallelism = 1 });
            var two = NetworkInjectivityChecker.Check(net, options with { MaxDegreeOfParallelism = 2 });
            Assert.Equal(one.Status, two.Status);
            Assert.Equal(one.Regions, two.Regions);
            Assert.Equal(one.PairsExamined, two.PairsExamined);
            Assert.Equal(one.PairsByAlgebra, two.PairsByAlgebra);
            Assert.Equal(one.X, two.X);
            Assert.Equal(one.XPrime, two.XPrime);
        }
    }

    [Fact]
    public void An_injective_gaussian_layer_is_decided_layer_by_layer()
    {
        // ReLU(W x) with W 16 × 2 Gaussian (α = 8, injective with probability ≈ 0.99) and the identity output of full
        // rank: the ray checker decides without regions. (Wider deep layers need α ≈ 7 per layer, so in practice the
        // shortcut decides shallow nets only.)
        ReluNetwork net = DeepInjectivityChecker.AsNetwork(DeepInjectivityChecker.SampleNetwork([2, 16], 5, 0));
        var r = NetworkInjectivityChecker.Check(net);
        Assert.Equal("layer-wise injective", r.Reason);
        Assert.Equal(InjectivityStatus.Injective, r.Status);
        Assert.Equal(0, r.Regions);
        Assert.Equal(DeepInjectivityChecker.Check(net.Layers.Take(1).ToArray()).Status, r.Status);
    }

    [Fact]
    public void Monte_carlo_on_the_plane_equals_the_planar_study_and_ignores_the_thread_count()
    {
        var options = new MonteCarloOptions { Trials = 24, Seed = 3, MaxDegreeOfParallelism = 1 };
        InjectivityEstimate planar = DeepInjectivityChecker.Estimate([2, 6, 12], options);
        InjectivityEstimate general = NetworkInjectivityChecker.Estimate([2, 6, 12], options);
        InjectivityEstimate twoThreads = NetworkInjectivityChecker.Estimate([2, 6, 12], options with { MaxDegreeOfParallelism = 2 });
        Assert.Equal(planar.Injective, general.Injective);
        Assert.Equal(planar.NotInjective, general.NotInjective);
        Assert.Equal(general.Injective, twoThreads.Injective);
        Assert.Equal(general.NotInjective, twoThreads.NotInjective);
        Assert.InRange(general.Injective, 1, 23); // both verdicts occur: the comparison is not vacuous
    }

    [Fact]
    public void Bad_options_name_the_value()
    {
        ReluNetwork net = ReluNetwork.Random([3, 4, 3], 1);
        var e = Assert.Throws<ArgumentException>(() => NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Domain = Cube(2) }));
        Assert.Contains("dimension 2", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Tolerance = 0 }));
    }
}
