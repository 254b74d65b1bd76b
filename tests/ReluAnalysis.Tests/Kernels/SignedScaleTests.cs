using System.Runtime.Intrinsics;
using ReluAnalysis.Kernels;

namespace ReluAnalysis.Tests.Kernels;

public class SignedScaleTests
{
    private delegate void Scale(ReadOnlySpan<double> x, ReadOnlySpan<double> ifNonNegative, ReadOnlySpan<double> otherwise, Span<double> destination);

    public static TheoryData<string> Paths() => new("Vector128", "Vector256", "Vector512", "Compute");

    private static Scale PathOf(string name) => name switch
    {
        "Vector128" => SignedScale.Vector<Vector128<double>, Vector128Ops>,
        "Vector256" => SignedScale.Vector<Vector256<double>, Vector256Ops>,
        "Vector512" => SignedScale.Vector<Vector512<double>, Vector512Ops>,
        _ => SignedScale.Compute,
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Scale_AllLengths_EqualsTheScalarReference_BitForBit_AlsoInPlace(string name)
    {
        Scale scale = PathOf(name);
        var rng = new Random(5);
        for (int n = 0; n <= 40; n++)
        {
            // Signed zeros included: −0 counts as non-negative.
            double[] x = Enumerable.Range(0, n).Select(i => (i % 7) switch { 0 => 0.0, 1 => -0.0, _ => rng.NextDouble() - 0.5 }).ToArray();
            double[] a = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            double[] b = Enumerable.Range(0, n).Select(_ => -rng.NextDouble()).ToArray();
            var expected = new double[n + 1];
            var actual = new double[n + 1];
            expected[n] = actual[n] = 42.0;
            SignedScale.Scalar(x, a, b, expected, 0);
            scale(x, a, b, actual);
            for (int j = 0; j <= n; j++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[j]), BitConverter.DoubleToInt64Bits(actual[j]));
            }

            for (int j = 0; j < n; j++)
            {
                Assert.Equal(x[j] >= 0 ? x[j] * a[j] : x[j] * b[j], expected[j]);
            }

            double[] inPlace = (double[])x.Clone();
            scale(inPlace, a, b, inPlace);
            Assert.Equal(expected.AsSpan(0, n).ToArray(), inPlace);
        }
    }
}
