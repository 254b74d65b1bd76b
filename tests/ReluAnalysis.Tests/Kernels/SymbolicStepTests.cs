using System.Runtime.Intrinsics;
using ReluAnalysis.Kernels;

namespace ReluAnalysis.Tests.Kernels;

public class SymbolicStepTests
{
    private delegate void Step(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int rows, int cols, ReadOnlySpan<int> active,
        ReadOnlySpan<double> below, Span<double> above, int stride, int constantIndex);

    public static TheoryData<string> Paths() => new("Vector128", "Vector256", "Vector512", "Compute");

    private static Step PathOf(string name) => name switch
    {
        "Vector128" => SymbolicStep.Vector<Vector128<double>, Vector128Ops>,
        "Vector256" => SymbolicStep.Vector<Vector256<double>, Vector256Ops>,
        "Vector512" => SymbolicStep.Vector<Vector512<double>, Vector512Ops>,
        _ => SymbolicStep.Compute,
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Step_EqualsTheScalarReference_And_TheAxpyRows_BitForBit(string name)
    {
        Step step = PathOf(name);
        foreach (int d in new[] { 1, 5, 7, 8, 12, 17 })
        {
            int stride = (d + 8) / 8 * 8;
            foreach (int cols in new[] { 0, 1, 6, 33 })
            {
                const int rows = 9;
                var rng = new Random((d * 100) + cols);
                double[] w = Enumerable.Range(0, rows * cols).Select(_ => rng.NextDouble() < 0.15 ? 0.0 : (2 * rng.NextDouble()) - 1).ToArray();
                double[] b = Enumerable.Range(0, rows).Select(_ => rng.NextDouble() - 0.5).ToArray();
                var below = new double[Math.Max(cols * 2 * stride, 1)];
                for (int j = 0; j < cols; j++)
                {
                    for (int t = 0; t <= d; t++)
                    {
                        double lo = rng.NextDouble() - 0.5;
                        below[(j * 2 * stride) + t] = lo;
                        below[(j * 2 * stride) + stride + t] = lo + rng.NextDouble();
                    }
                }

                // Every other neuron below is left out as inactive.
                int[] active = Enumerable.Range(0, cols).Where(j => j % 3 != 1).ToArray();
                var expected = new double[rows * 2 * stride];
                var actual = new double[rows * 2 * stride];
                SymbolicStep.Scalar(w, b, rows, cols, active, below, expected, stride, d);
                step(w, b, rows, cols, active, below, actual, stride, d);
                Assert.Equal(expected, actual);

                // The row-of-Axpy form the engine used before: identical doubles.
                for (int i = 0; i < rows; i++)
                {
                    var lz = new double[d + 1];
                    var uz = new double[d + 1];
                    lz[d] = b[i];
                    uz[d] = b[i];
                    foreach (int j in active)
                    {
                        double wij = w[(i * cols) + j];
                        ReadOnlySpan<double> lh = below.AsSpan(j * 2 * stride, d + 1);
                        ReadOnlySpan<double> uh = below.AsSpan((j * 2 * stride) + stride, d + 1);
                        if (wij > 0)
                        {
                            Axpy.Compute(wij, lh, lz);
                            Axpy.Compute(wij, uh, uz);
                        }
                        else if (wij < 0)
                        {
                            Axpy.Compute(wij, uh, lz);
                            Axpy.Compute(wij, lh, uz);
                        }
                    }

                    Assert.Equal(lz, actual.AsSpan(i * 2 * stride, d + 1).ToArray());
                    Assert.Equal(uz, actual.AsSpan((i * 2 * stride) + stride, d + 1).ToArray());
                }
            }
        }
    }

    [Fact]
    public void Step_RejectsBadArguments()
    {
        var w = new double[4];
        var b = new double[2];
        var below = new double[2 * 16];
        var above = new double[2 * 16];
        Assert.Throws<ArgumentException>(() => SymbolicStep.Compute(w, b, 2, 2, [0, 1], below, above, 6, 5));
        Assert.Throws<ArgumentException>(() => SymbolicStep.Compute(w, b, 2, 2, [1, 0], below, above, 8, 5));
        Assert.Throws<ArgumentException>(() => SymbolicStep.Compute(w, b, 2, 2, [0, 2], below, above, 8, 5));
        Assert.Throws<ArgumentException>(() => SymbolicStep.Compute(w, b, 2, 2, [0], below, new double[8], 8, 5));
    }
}
