using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Networks;
using ReluAnalysis.NullSpace;

namespace ReluAnalysis.Tests.NullSpace;

public class NullSpaceProjectorTests
{
    internal static double[] Uniform(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
    }

    internal static double MaxAbsDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double m = 0;
        for (int i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }

    [Fact]
    public void MnistSizeFirstLayer_HasRank32_NullDimension752_AndAnnihilatesItsNullSpace()
    {
        ReluNetwork net = ReluNetwork.Random([784, 32, 16, 10], 3);
        var split = NullSpaceProjector.ForFirstLayer(net);
        Assert.Equal(32, split.Rank);
        Assert.Equal(752, split.NullDimension);

        // ‖W₁ P_N‖_F² = Σ_i ‖P_N w_i‖² (P_N is symmetric), against ‖W₁‖_F.
        DenseLayer w = net.Layers[0];
        double num = 0, den = 0;
        for (int i = 0; i < w.Outputs; i++)
        {
            double[] pn = split.ProjectOntoNullSpace(w.Row(i));
            num += pn.Sum(v => v * v);
            den += w.Row(i).ToArray().Sum(v => v * v);
        }

        Assert.True(Math.Sqrt(num) <= 1e-12 * Math.Sqrt(den), $"‖W₁P_N‖_F = {Math.Sqrt(num)}, ‖W₁‖_F = {Math.Sqrt(den)}");
    }

    [Fact]
    public void RowBasis_IsOrthonormal_AndProjectionsAreComplementaryIdempotents()
    {
        ReluNetwork net = ReluNetwork.Random([100, 20, 5], 4);
        var split = NullSpaceProjector.ForFirstLayer(net);
        int d = split.InputDimension, r = split.Rank;
        ReadOnlySpan<double> q = split.RowBasis;
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < r; j++)
            {
                double dot = 0;
                for (int t = 0; t < d; t++)
                {
                    dot += q[i * d + t] * q[j * d + t];
                }

                Assert.Equal(i == j ? 1.0 : 0.0, dot, 1e-13);
            }
        }

        double[] x = Uniform(d, 1);
        double[] pr = split.ProjectOntoRowSpace(x);
        double[] pn = split.ProjectOntoNullSpace(x);
        Assert.True(MaxAbsDiff(pr.Zip(pn, (a, b) => a + b).ToArray(), x) <= 1e-14);
        Assert.True(MaxAbsDiff(split.ProjectOntoRowSpace(pr), pr) <= 1e-13);
        Assert.True(Math.Abs(pr.Zip(pn, (a, b) => a * b).Sum()) <= 1e-13);
    }

    [Fact]
    public void SingularValues_MatchMathNetSvdOfW_ForWideAndTallMatrices()
    {
        foreach (var (rows, cols) in new[] { (7, 30), (30, 7), (12, 12) })
        {
            double[] w = Uniform(rows * cols, rows * 100 + cols);
            var split = NullSpaceProjector.Of(rows, cols, w);
            var reference = Matrix<double>.Build.Dense(rows, cols, (i, j) => w[i * cols + j]).Svd(false).S;
            Assert.Equal(Math.Min(rows, cols), split.SingularValues.Length);
            for (int i = 0; i < reference.Count; i++)
            {
                Assert.Equal(reference[i], split.SingularValues[i], 1e-12);
            }

            Assert.Equal(Math.Min(rows, cols), split.Rank);

            // Row space of a tall full-column-rank W is everything: P_R x = x.
            double[] x = Uniform(cols, 9);
            double[] pr = split.ProjectOntoRowSpace(x);
            if (rows >= cols)
            {
                Assert.True(MaxAbsDiff(pr, x) <= 1e-13);
            }

            // W P_N x = 0.
            double[] pn = split.ProjectOntoNullSpace(x);
            for (int i = 0; i < rows; i++)
            {
                Assert.Equal(0.0, ReluAnalysis.Kernels.Dot.Compute(w.AsSpan(i * cols, cols), pn), 1e-12);
            }
        }
    }

    [Fact]
    public void DuplicatedAndScaledRows_NullDimensionFollowsTheNumericalRank()
    {
        // 16 × 64 with rows 8..15 copies of rows 0..7 (every other one scaled by −2.5): rank 8, null dimension 56.
        const int D = 64;
        double[] w = Uniform(16 * D, 11);
        for (int i = 8; i < 16; i++)
        {
            double scale = i % 2 == 0 ? 1.0 : -2.5;
            for (int t = 0; t < D; t++)
            {
                w[i * D + t] = scale * w[(i - 8) * D + t];
            }
        }

        var split = NullSpaceProjector.Of(16, D, w);
        Assert.Equal(8, split.Rank);
        Assert.Equal(56, split.NullDimension);
        Assert.True(split.SingularValues[8] <= 1e-12 * split.SingularValues[0]);

        // A copy perturbed by 1e-12 (about 6e-13 σ_max): dependent at the default tolerance, independent at a tolerance below the perturbation.
        double[] near = (double[])w.Clone();
        var rng = new Random(2);
        for (int t = 0; t < D; t++)
        {
            near[8 * D + t] += 1e-12 * (2 * rng.NextDouble() - 1);
        }

        Assert.Equal(8, NullSpaceProjector.Of(16, D, near).Rank);
        Assert.Equal(9, NullSpaceProjector.Of(16, D, near, 1e-14).Rank);
        Assert.Equal(0, NullSpaceProjector.Of(3, 4, new double[12]).Rank);
        Assert.Equal(4, NullSpaceProjector.Of(3, 4, new double[12]).NullDimension);
    }

    [Fact]
    public void BadArguments_NameTheParameter()
    {
        Assert.Contains("matrix", Assert.Throws<ArgumentException>(() => NullSpaceProjector.Of(2, 3, new double[5])).Message);
        Assert.Contains("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => NullSpaceProjector.Of(1, 1, [1.0], 1.0)).Message);
        Assert.Throws<ArgumentException>(() => NullSpaceProjector.Of(1, 2, [1.0, double.NaN]));
        var split = NullSpaceProjector.Of(1, 2, [1.0, 0.0]);
        Assert.Contains("x", Assert.Throws<ArgumentException>(() => split.ProjectOntoRowSpace(new double[3])).Message);
    }
}
