using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ReluAnalysis.Kernels;

namespace ReluAnalysis.Injectivity;

/// <summary>
/// Counts the signs of <c>d_i = a·p1[i] − b·p2[i]</c> over all rows for one ray (the inner products
/// <c>⟨w_i, r⟩</c> of the ray <c>r = a b₁ − b b₂</c> from the projections <c>p1 = W b₁</c>, <c>p2 = W b₂</c>):
/// positive when <c>d_i &gt; scale·t_i</c>, negative when <c>d_i &lt; −scale·t_i</c>, zero otherwise
/// (<c>t_i = τ ‖w_i‖</c>, <c>scale = ‖r‖</c>). Every path evaluates <c>(a·p1) − (b·p2)</c> and <c>scale·t</c> with the
/// same operations (no fused multiply-add), so vector and scalar counts agree exactly.
/// </summary>
internal static class RaySignKernel
{
    /// <summary>Dispatches to the widest accelerated path: Vector512, Vector256, scalar.</summary>
    public static (int Positive, int Negative) Count(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, double a, double b, ReadOnlySpan<double> thresholds, double scale)
    {
        if (Vector512.IsHardwareAccelerated && p1.Length >= Vector512<double>.Count)
        {
            return CountVector512(p1, p2, a, b, thresholds, scale);
        }

        if (Vector256.IsHardwareAccelerated && p1.Length >= Vector256<double>.Count)
        {
            return CountVector256(p1, p2, a, b, thresholds, scale);
        }

        return CountScalar(p1, p2, a, b, thresholds, scale, 0);
    }

    /// <summary>Scalar reference from row <paramref name="start"/> on.</summary>
    public static (int Positive, int Negative) CountScalar(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, double a, double b, ReadOnlySpan<double> thresholds, double scale, int start)
    {
        int positive = 0, negative = 0;
        for (int i = start; i < p1.Length; i++)
        {
            double d = (a * p1[i]) - (b * p2[i]);
            double t = scale * thresholds[i];
            if (d > t)
            {
                positive++;
            }
            else if (d < -t)
            {
                negative++;
            }
        }

        return (positive, negative);
    }

    /// <summary>Four rows at a time with <see cref="Vector256{T}"/>; scalar tail.</summary>
    public static (int Positive, int Negative) CountVector256(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, double a, double b, ReadOnlySpan<double> thresholds, double scale) =>
        CountVector<Vector256<double>, Vector256Ops>(p1, p2, a, b, thresholds, scale);

    /// <summary>Eight rows at a time with <see cref="Vector512{T}"/>; scalar tail.</summary>
    public static (int Positive, int Negative) CountVector512(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, double a, double b, ReadOnlySpan<double> thresholds, double scale) =>
        CountVector<Vector512<double>, Vector512Ops>(p1, p2, a, b, thresholds, scale);

    /// <summary>The vector loop, written once over the core's <see cref="IVectorOps{TVector}"/>; scalar tail.</summary>
    private static (int Positive, int Negative) CountVector<TVector, TOps>(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, double a, double b, ReadOnlySpan<double> thresholds, double scale)
        where TVector : struct
        where TOps : IVectorOps<TVector>
    {
        int m = p1.Length, lanes = TOps.Lanes, positive = 0, negative = 0, i = 0;
        ref double r1 = ref Unsafe.AsRef(in p1[0]);
        ref double r2 = ref Unsafe.AsRef(in p2[0]);
        ref double rt = ref Unsafe.AsRef(in thresholds[0]);
        TVector va = TOps.Broadcast(a), vb = TOps.Broadcast(b), vs = TOps.Broadcast(scale);
        for (; i <= m - lanes; i += lanes)
        {
            TVector d = TOps.Subtract(TOps.Multiply(va, TOps.Load(ref Unsafe.Add(ref r1, i))), TOps.Multiply(vb, TOps.Load(ref Unsafe.Add(ref r2, i))));
            TVector t = TOps.Multiply(vs, TOps.Load(ref Unsafe.Add(ref rt, i)));
            positive += BitOperations.PopCount(TOps.GreaterThanMask(d, t));
            negative += BitOperations.PopCount(TOps.GreaterThanMask(TOps.Negate(t), d));
        }

        var (p, q) = CountScalar(p1, p2, a, b, thresholds, scale, i);
        return (positive + p, negative + q);
    }
}
