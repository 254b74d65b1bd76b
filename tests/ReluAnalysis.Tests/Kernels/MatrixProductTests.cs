using System.Runtime.Intrinsics;
using ReluAnalysis.Kernels;

namespace ReluAnalysis.Tests.Kernels;

public class MatrixProductTests
{
    private delegate void Product(ReadOnlySpan<double> c, int ldc, ReadOnlySpan<double> w, int ldw, Span<double> g, int ldg, int rows, int inner, int cols);

    public static TheoryData<string> Paths() => new("Vector128", "Vector256", "Vector512", "Compute");

    private static Product PathOf(string name) => name switch
    {
        "Vector128" => MatrixProduct.Vector<Vector128<double>, Vector128Ops>,
        "Vector256" => MatrixProduct.Vector<Vector256<double>, Vector256Ops>,
        "Vector512" => MatrixProduct.Vector<Vector512<double>, Vector512Ops>,
        _ => MatrixProduct.Compute,
    };

    private static int LanesOf(string name) => name switch
    {
        "Vector128" => 2,
        "Vector256" => 4,
        "Vector512" => 8,
        _ => 1,
    };

    private static double[] Random(int length, int seed, double zeroShare = 0.2)
    {
        var rng = new Random(seed);
        var x = new double[length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() < zeroShare ? 0.0 : (2.0 * rng.NextDouble()) - 1.0;
        }

        return x;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Product_AllShapes_EqualsTheScalarReference_BitForBit(string name)
    {
        Product product = PathOf(name);
        int lanes = LanesOf(name);
        foreach (int rows in new[] { 0, 1, 3, 4, 5, 9 })
        {
            foreach (int inner in new[] { 0, 1, 2, 7, 50 })
            {
                for (int cols = lanes; cols <= 21; cols++)
                {
                    // Strides wider than the rows, as the propagator's scratch uses.
                    int ldc = inner + 3, ldw = cols + 1, ldg = cols + 2;
                    double[] c = Random(Math.Max(rows * ldc, 1), seed: rows + (31 * inner) + (977 * cols));
                    double[] w = Random(Math.Max(inner * ldw, 1), seed: cols + (17 * inner));
                    var expected = new double[Math.Max(rows * ldg, 1)];
                    Array.Fill(expected, 42.0);
                    var actual = (double[])expected.Clone();
                    MatrixProduct.Scalar(c, ldc, w, ldw, expected, ldg, rows, inner, cols);
                    product(c, ldc, w, ldw, actual, ldg, rows, inner, cols);

                    // Same sums in the same order: identical doubles (the sign of a zero aside); padding untouched.
                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.Equal(expected[i] + 0.0, actual[i] + 0.0);
                    }
                }
            }
        }
    }

    [Fact]
    public void Product_EqualsRepeatedAxpy_TheRowByRowBackSubstitution()
    {
        const int rows = 7, inner = 13, cols = 11;
        double[] c = Random(rows * inner, seed: 1);
        double[] w = Random(inner * cols, seed: 2);
        var g = new double[rows * cols];
        MatrixProduct.Compute(c, inner, w, cols, g, cols, rows, inner, cols);
        for (int r = 0; r < rows; r++)
        {
            var expected = new double[cols];
            for (int p = 0; p < inner; p++)
            {
                Axpy.Compute(c[(r * inner) + p], w.AsSpan(p * cols, cols), expected);
            }

            for (int q = 0; q < cols; q++)
            {
                Assert.Equal(expected[q] + 0.0, g[(r * cols) + q] + 0.0);
            }
        }
    }

    [Fact]
    public void Product_RejectsBadShapes()
    {
        var x = new double[16];
        Assert.Throws<ArgumentException>(() => MatrixProduct.Compute(x, 2, x, 4, x, 4, 2, 3, 4));
        Assert.Throws<ArgumentException>(() => MatrixProduct.Compute(x, 4, x, 4, new double[3], 4, 2, 4, 4));
        Assert.Throws<ArgumentException>(() => MatrixProduct.Vector<Vector256<double>, Vector256Ops>(x, 4, x, 4, x, 4, 1, 1, 3));
    }
}
