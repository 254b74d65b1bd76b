using ReluAnalysis.Stability;

namespace ReluAnalysis.Tests.Stability;

public class StabilityWeightTests
{
    private static StabilityWeight UniformGrid(int count)
    {
        var x = new double[count];
        for (int j = 0; j < count; j++)
        {
            x[j] = -1.0 + 2.0 * (j + 0.5) / count;
        }

        return new StabilityWeight(x);
    }

    [Fact]
    public void Empirical_g_of_a_fine_uniform_grid_matches_the_population_closed_form()
    {
        StabilityWeight g = UniformGrid(100_000);
        Assert.Equal(Math.Sqrt(1.25) / 8.0, StabilityWeight.UniformPopulation(0.0), 1e-15);
        Assert.InRange(g.Value(0.0), 0.13975 - 0.002, 0.13975 + 0.002);
        foreach (double t in new[] { -0.9, -0.5, -0.2, 0.1, 0.3, 0.7, 0.95 })
        {
            Assert.Equal(StabilityWeight.UniformPopulation(t), g.Value(t), 1e-4);
            double plus = Math.Pow(1 - t, 3) / 8 * Math.Sqrt(1 + (1 + t) * (1 + t) / 4);
            Assert.Equal(plus, g.Plus(t), 1e-4);
        }
    }

    [Fact]
    public void g_vanishes_outside_the_data_range_and_at_its_ends()
    {
        var g = new StabilityWeight([0.3, -0.4, 0.9, -0.2]);
        Assert.Equal(0.0, g.Value(-0.41));
        Assert.Equal(0.0, g.Value(0.91));
        Assert.Equal(0.0, g.Value(-0.4));
        Assert.Equal(0.0, g.Value(0.9));
        Assert.True(g.Value(0.0) > 0.0);
        Assert.Equal(-0.4, g.Lower);
        Assert.Equal(0.9, g.Upper);
    }

    [Fact]
    public void g_plus_equals_g_minus_at_the_median_of_symmetric_data()
    {
        var g = new StabilityWeight([-0.8, -0.5, -0.1, 0.1, 0.5, 0.8]);
        Assert.Equal(g.Plus(0.0), g.Minus(0.0), 1e-15);
        Assert.True(g.Plus(0.0) > 0.0);
    }

    [Fact]
    public void g_uses_strict_inequalities_by_hand()
    {
        // Data {-1, 0, 1}: at x = 0 the right side is {1}: p = 1/3, mean 1: g+ = (1/9)(1)(√2).
        var g = new StabilityWeight([1.0, 0.0, -1.0]);
        Assert.Equal(Math.Sqrt(2) / 9, g.Plus(0.0), 1e-15);
        Assert.Equal(Math.Sqrt(2) / 9, g.Minus(0.0), 1e-15);
        // At x = 0.5: right {1}: (1/9)(0.5)√2; left {-1, 0}: p = 2/3, mean -1/2: (4/9)(1)√1.25.
        Assert.Equal(Math.Sqrt(2) / 18, g.Plus(0.5), 1e-15);
        Assert.Equal(4.0 / 9 * Math.Sqrt(1.25), g.Minus(0.5), 1e-15);
        Assert.Equal(Math.Sqrt(2) / 18, g.Value(0.5), 1e-15);
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new StabilityWeight([]));
        Assert.Throws<ArgumentException>(() => new StabilityWeight([0.0, double.NaN]));
    }
}
