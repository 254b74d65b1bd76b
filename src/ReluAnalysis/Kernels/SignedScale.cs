using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReluAnalysis.Kernels;

/// <summary>
/// <c>destination[j] = x[j] ≥ 0 ? x[j]·ifNonNegative[j] : x[j]·otherwise[j]</c>: a back-substituted coefficient row
/// passing a layer of ReLU relaxations (the lower line's slope for non-negative coefficients, the upper line's otherwise).
/// </summary>
/// <remarks>One product per element, so every width equals the scalar reference bit for bit. <c>destination</c> may be
/// <c>x</c> itself. O(n), no allocation.</remarks>
internal static class SignedScale
{
    /// <summary>Computes the first <c>x.Length</c> entries on the widest accelerated path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> ifNonNegative, ReadOnlySpan<double> otherwise, Span<double> destination)
    {
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<double>.Count)
        {
            Vector<Vector512<double>, Vector512Ops>(x, ifNonNegative, otherwise, destination);
        }
        else if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<double>.Count)
        {
            Vector<Vector256<double>, Vector256Ops>(x, ifNonNegative, otherwise, destination);
        }
        else
        {
            Scalar(x, ifNonNegative, otherwise, destination, 0);
        }
    }

    /// <summary>The scalar reference from index <paramref name="start"/> on.</summary>
    public static void Scalar(ReadOnlySpan<double> x, ReadOnlySpan<double> ifNonNegative, ReadOnlySpan<double> otherwise, Span<double> destination, int start)
    {
        int n = x.Length;
        ifNonNegative = ifNonNegative[..n];
        otherwise = otherwise[..n];
        destination = destination[..n];
        for (int j = start; j < n; j++)
        {
            double v = x[j];
            destination[j] = v >= 0 ? v * ifNonNegative[j] : v * otherwise[j];
        }
    }

    /// <summary>The vector loop, written once over <see cref="IVectorOps{TVector}"/>; scalar tail.</summary>
    internal static void Vector<TVector, TOps>(ReadOnlySpan<double> x, ReadOnlySpan<double> ifNonNegative, ReadOnlySpan<double> otherwise, Span<double> destination)
        where TVector : struct
        where TOps : IVectorOps<TVector>
    {
        int n = x.Length, lanes = TOps.Lanes, j = 0;
        if (n == 0)
        {
            return;
        }

        ifNonNegative = ifNonNegative[..n];
        otherwise = otherwise[..n];
        destination = destination[..n];
        ref double rx = ref Unsafe.AsRef(in x[0]);
        ref double ra = ref Unsafe.AsRef(in ifNonNegative[0]);
        ref double rb = ref Unsafe.AsRef(in otherwise[0]);
        ref double rd = ref destination[0];
        for (; j <= n - lanes; j += lanes)
        {
            TVector v = TOps.Load(ref Unsafe.Add(ref rx, j));
            TVector a = TOps.Multiply(v, TOps.Load(ref Unsafe.Add(ref ra, j)));
            TVector b = TOps.Multiply(v, TOps.Load(ref Unsafe.Add(ref rb, j)));
            TOps.Store(TOps.SelectNonNegative(v, a, b), ref Unsafe.Add(ref rd, j));
        }

        Scalar(x, ifNonNegative, otherwise, destination, j);
    }
}
