using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    public static (int Positive, int Negative) CountVector256(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, double a, double b, ReadOnlySpan<double> thresholds, double scale)
    {
        int m = p1.Length, positive = 0, negative = 0, i = 0;
        ref double r1 = ref Unsafe.AsRef(in p1[0]);
        ref double r2 = ref Unsafe.AsRef(in p2[0]);
        ref double rt = ref Unsafe.AsRef(in thresholds[0]);
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        var vs = Vector256.Create(scale);
        for (; i <= m - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var d = (va * Vector256.LoadUnsafe(ref r1, (nuint)i)) - (vb * Vector256.LoadUnsafe(ref r2, (nuint)i));
            var t = vs * Vector256.LoadUnsafe(ref rt, (nuint)i);
            positive += BitOperations.PopCount(Vector256.GreaterThan(d, t).ExtractMostSignificantBits());
            negative += BitOperations.PopCount(Vector256.LessThan(d, -t).ExtractMostSignificantBits());
        }

        var (p, q) = CountScalar(p1, p2, a, b, thresholds, scale, i);
        return (positive + p, negative + q);
    }

    /// <summary>Eight rows at a time with <see cref="Vector512{T}"/>; scalar tail.</summary>
    public static (int Positive, int Negative) CountVector512(ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, double a, double b, ReadOnlySpan<double> thresholds, double scale)
    {
        int m = p1.Length, positive = 0, negative = 0, i = 0;
        ref double r1 = ref Unsafe.AsRef(in p1[0]);
        ref double r2 = ref Unsafe.AsRef(in p2[0]);
        ref double rt = ref Unsafe.AsRef(in thresholds[0]);
        var va = Vector512.Create(a);
        var vb = Vector512.Create(b);
        var vs = Vector512.Create(scale);
        for (; i <= m - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            var d = (va * Vector512.LoadUnsafe(ref r1, (nuint)i)) - (vb * Vector512.LoadUnsafe(ref r2, (nuint)i));
            var t = vs * Vector512.LoadUnsafe(ref rt, (nuint)i);
            positive += BitOperations.PopCount(Vector512.GreaterThan(d, t).ExtractMostSignificantBits());
            negative += BitOperations.PopCount(Vector512.LessThan(d, -t).ExtractMostSignificantBits());
        }

        var (p, q) = CountScalar(p1, p2, a, b, thresholds, scale, i);
        return (positive + p, negative + q);
    }
}
