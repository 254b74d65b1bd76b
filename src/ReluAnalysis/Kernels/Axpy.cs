using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReluAnalysis.Kernels;

/// <summary><c>y += a·x</c>, the inner loop of the engine's symbolic and backward steps.</summary>
/// <remarks>
/// Every path multiplies, rounds, then adds (never fused), so the vector widths and the scalar reference agree bit
/// for bit, and a sum built by repeated calls depends only on the order of the calls — which is what makes the
/// symbolic maps identical whether they are built layer by layer or neuron by neuron.
/// </remarks>
internal static class Axpy
{
    /// <summary><c>y[i] += a·x[i]</c> for <c>i &lt; x.Length</c>, on the widest accelerated path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Compute(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<double>.Count)
        {
            Vector<Vector512<double>, Vector512Ops>(a, x, y);
        }
        else if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<double>.Count)
        {
            Vector<Vector256<double>, Vector256Ops>(a, x, y);
        }
        else
        {
            Scalar(a, x, y, 0);
        }
    }

    /// <summary>The scalar reference from index <paramref name="start"/> on.</summary>
    public static void Scalar(double a, ReadOnlySpan<double> x, Span<double> y, int start)
    {
        y = y[..x.Length];
        for (int i = start; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>The vector loop, written once over <see cref="IVectorOps{TVector}"/>; scalar tail.</summary>
    internal static void Vector<TVector, TOps>(double a, ReadOnlySpan<double> x, Span<double> y)
        where TVector : struct
        where TOps : IVectorOps<TVector>
    {
        int n = x.Length, lanes = TOps.Lanes, i = 0;
        y = y[..n];
        ref double rx = ref Unsafe.AsRef(in x[0]);
        ref double ry = ref y[0];
        TVector va = TOps.Broadcast(a);
        for (; i <= n - lanes; i += lanes)
        {
            ref double yi = ref Unsafe.Add(ref ry, i);
            TOps.Store(TOps.Add(TOps.Load(ref yi), TOps.Multiply(va, TOps.Load(ref Unsafe.Add(ref rx, i)))), ref yi);
        }

        Scalar(a, x, y, i);
    }
}
