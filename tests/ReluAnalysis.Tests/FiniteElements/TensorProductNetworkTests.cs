using ReluAnalysis.FiniteElements;

namespace ReluAnalysis.Tests.FiniteElements;

public class TensorProductNetworkTests
{
    [Theory]
    [InlineData(6, 9, 1)]
    [InlineData(10, 7, 3)]
    [InlineData(8, 8, 9)]
    public void Q1_grid_function_is_a_tensor_network_of_its_numerical_rank(int n1, int n2, int rank)
    {
        var rng = new Random(n1 * 31 + rank);
        double[] xs = Grid(n1, rng), ys = Grid(n2, rng);
        var u = new double[(n1 + 1) * (n2 + 1)];
        for (int r = 0; r < rank; r++)
        {
            double[] a = xs.Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            double[] b = ys.Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            for (int i = 0; i <= n1; i++)
            {
                for (int j = 0; j <= n2; j++)
                {
                    u[i * (n2 + 1) + j] += a[i] * b[j];
                }
            }
        }

        int expected = Math.Min(rank, Math.Min(n1 + 1, n2 + 1));
        Assert.Equal(expected, TensorProductNetwork.NumericalRank(u, n1 + 1, n2 + 1));
        TensorProductNetwork tnn = TensorProductNetwork.FromQ1Grid(xs, ys, u);
        Assert.Equal(expected, tnn.Rank);
        double max = u.Max(Math.Abs);
        for (int p = 0; p < 2000; p++)
        {
            double x = rng.NextDouble(), y = rng.NextDouble();
            Assert.True(Math.Abs(tnn.Evaluate([x, y]) - Bilinear(xs, ys, u, x, y)) <= 1e-12 * max);
        }
    }

    private static double[] Grid(int n, Random rng)
    {
        double[] x = [0, .. Enumerable.Range(0, n - 1).Select(_ => rng.NextDouble()).Order(), 1];
        return x;
    }

    private static double Bilinear(double[] xs, double[] ys, double[] u, double x, double y)
    {
        int i = Math.Clamp(Array.BinarySearch(xs, x) is var a && a < 0 ? ~a - 1 : a, 0, xs.Length - 2);
        int j = Math.Clamp(Array.BinarySearch(ys, y) is var b && b < 0 ? ~b - 1 : b, 0, ys.Length - 2);
        double s = (x - xs[i]) / (xs[i + 1] - xs[i]), t = (y - ys[j]) / (ys[j + 1] - ys[j]);
        int w = ys.Length;
        return (1 - s) * (1 - t) * u[i * w + j] + s * (1 - t) * u[(i + 1) * w + j] + (1 - s) * t * u[i * w + j + 1] + s * t * u[(i + 1) * w + j + 1];
    }
}
