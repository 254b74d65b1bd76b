using ReluAnalysis.Stability;

namespace ReluAnalysis.Tests.Stability;

public class WeightedTotalVariationTests
{
    private static UnivariateReluNet Net(double[] w, double[] b, double[] a, double c) => new([.. w, .. b, .. a, c]);

    [Theory]
    [InlineData(2.0, -0.6, 1.5)]
    [InlineData(-2.0, 0.6, 1.5)]
    [InlineData(-0.7, -0.1, -3.0)]
    [InlineData(3.0, 0.2, -0.25)]
    public void One_neuron_slope_jump_is_a_times_abs_w_for_either_sign_of_w(double w, double b, double a)
    {
        UnivariateReluNet net = Net([w], [b], [a], 0.4);
        double xk = -b / w, h = 1e-4;
        double right = (net.Evaluate(xk + 2 * h) - net.Evaluate(xk + h)) / h;
        double left = (net.Evaluate(xk - h) - net.Evaluate(xk - 2 * h)) / h;
        Assert.Equal(a * Math.Abs(w), right - left, 1e-9);
        StabilityKink kink = Assert.Single(WeightedTotalVariation.Kinks(net));
        Assert.Equal(xk, kink.Position, 1e-15);
        Assert.Equal(a * Math.Abs(w), kink.Jump, 1e-15);
    }

    [Fact]
    public void Hand_built_network_TV_g_is_the_weighted_sum_of_merged_jumps()
    {
        double[] x = [-0.9, -0.5, -0.1, 0.2, 0.6, 0.95];
        var g = new StabilityWeight(x);
        // Kinks: 0.25 (jump 2·1 = 2), -0.3 (jump -1·|−3| = -3), 2.0 (outside the data), and a neuron with w = 0.
        UnivariateReluNet net = Net([4.0, -3.0, 1.0, 0.0], [-1.0, -0.9, -2.0, 5.0], [0.5, -1.0, 7.0, 9.0], 0.0);
        double expected = 2.0 * g.Value(0.25) + 3.0 * g.Value(-0.3);
        Assert.Equal(expected, WeightedTotalVariation.Compute(net, g), 1e-14);
        Assert.Equal(5.0, WeightedTotalVariation.Unweighted(net, g.Lower, g.Upper), 1e-14);
        Assert.Equal(3, WeightedTotalVariation.Kinks(net).Length);
    }

    [Fact]
    public void Coinciding_kinks_merge_before_absolute_values()
    {
        double[] x = [-1.0, -0.3, 0.4, 1.0];
        var g = new StabilityWeight(x);
        // Two neurons with the same kink at 0.1 and opposite jumps (the second scaled: w = 2, b = -0.2, a = -0.5).
        UnivariateReluNet cancel = Net([1.0, 2.0], [-0.1, -0.2], [1.0, -0.5], 0.0);
        Assert.Equal(0.0, WeightedTotalVariation.Compute(cancel, g), 1e-15);
        Assert.Equal(2.0 * g.Value(0.1), WeightedTotalVariation.UnmergedUpperBound(cancel, g), 1e-15);
        StabilityKink k = Assert.Single(WeightedTotalVariation.Kinks(cancel));
        Assert.Equal(2, k.Neurons);
        // ... and the function is indeed linear there: f = ReLU(x - 0.1) - ReLU(x - 0.1) = 0.
        Assert.Equal(0.0, cancel.Evaluate(0.7), 1e-15);
    }

    [Fact]
    public void Knot_statistics_count_effective_knots_and_active_neurons()
    {
        double[] x = [-0.9, -0.5, -0.1, 0.2, 0.6, 0.95];
        // Kinks at 0.25 and 0.2505 (merged at 1e-3, jump 1 + 1 = 2), at -0.3 with a tiny jump 0.005, at 2 (outside),
        // and a neuron whose kink sits exactly on the data point 0.2.
        UnivariateReluNet net = Net([1.0, 2.0, 1.0, 1.0, -1.0], [-0.25, -0.501, 0.3, -2.0, 0.2], [1.0, 0.5, 0.005, 1.0, 0.0], 0.0);
        KnotStatistics s = KnotStatistics.Compute(net, x);
        Assert.Equal(1, s.EffectiveKnots);
        Assert.Equal(0.25025, s.KnotPositions[0], 1e-12);
        Assert.Equal(4, s.KinksInside);
        Assert.Equal(4, s.ActiveOnData);
        Assert.Equal(1, s.KinksOnData);
    }

    [Fact]
    public void Network_round_trip_keeps_the_parameters()
    {
        UnivariateReluNet net = UnivariateReluNet.Random(7, 3);
        UnivariateReluNet back = UnivariateReluNet.FromNetwork(net.Network);
        Assert.Equal(net.Parameters.ToArray(), back.Parameters.ToArray());
        Assert.Throws<ArgumentException>(() => new UnivariateReluNet([1.0, 2.0, 3.0]));
        Assert.Throws<ArgumentException>(() => UnivariateReluNet.FromNetwork(ReluAnalysis.Networks.ReluNetwork.Random([2, 3, 1], 1)));
    }
}
