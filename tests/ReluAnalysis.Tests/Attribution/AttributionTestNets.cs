using ReluAnalysis.Networks;

namespace ReluAnalysis.Tests.Attribution;

internal static class AttributionTestNets
{
    public static ReluNetwork Small(int seed) => ReluNetwork.Random([4, 5, 4, 3, 3], seed, biasScale: 0.3);

    public static double[] Point(int dim, int seed, double scale = 1.0)
    {
        var rng = new Random(seed);
        var x = new double[dim];
        for (int i = 0; i < dim; i++)
        {
            x[i] = scale * (2 * rng.NextDouble() - 1);
        }

        return x;
    }

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1.0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * scale, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    /// <summary>Rebuilds a network with one layer replaced.</summary>
    public static ReluNetwork WithLayer(ReluNetwork net, int index, DenseLayer layer) =>
        new(net.Layers.Select((l, k) => k == index ? layer : l));
}
