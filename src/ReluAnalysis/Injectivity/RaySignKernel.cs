using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReluAnalysis.Injectivity;

/// <summary>
/// Counts the signs of <c>⟨w_i, r⟩</c> over all rows of a layer for one ray <c>r</c>: rows with
/// <c>⟨w_i, r⟩ &gt; t_i</c> are positive, <c>&lt; −t_i</c> negative, the rest zero (<c>t_i = τ ‖w_i‖ ‖r‖</c>).
/// The weights are stored transposed (<c>n × m</c>, <c>wt[j·m + i] = W[i, j]</c>) so one vector of
/// consecutive rows is accumulated per input coordinate. Every path sums <c>r_j · W[i, j]</c> in the same
/// order (multiply, then add; no fused multiply-add), so vector and scalar counts agree exactly.
/// </summary>
internal static class RaySignKernel
{
    /// <summary>Dispatches to the widest accelerated path: Vector512, Vector256, scalar.</summary>
    public static (int Positive, int Negative) Count(ReadOnlySpan<double> wt, int m, ReadOnlySpan<double> r, ReadOnlySpan<double> thresholds)
    {
        if (Vector512.IsHardwareAccelerated && m >= Vector512<double>.Count)
        {
            return CountVector512(wt, m, r, thresholds);
        }

        if (Vector256.IsHardwareAccelerated && m >= Vector256<double>.Count)
        {
            return CountVector256(wt, m, r, thresholds);
        }

        return CountScalar(wt, m, r, thresholds, 0);
    }

    /// <summary>Scalar reference from row <paramref name="start"/> to <paramref name="m"/>.</summary>
    public static (int Positive, int Negative) CountScalar(ReadOnlySpan<double> wt, int m, ReadOnlySpan<double> r, ReadOnlySpan<double> thresholds, int start)
    {
        int n = r.Length, positive = 0, negative = 0;
        for (int i = start; i < m; i++)
        {
            double acc = 0.0;
            for (int j = 0; j < n; j++)
            {
                acc += r[j] * wt[j * m + i];
            }

            if (acc > thresholds[i])
            {
                positive++;
            }
            else if (acc < -thresholds[i])
            {
                negative++;
            }
        }

        return (positive, negative);
    }

    /// <summary>Four rows at a time with <see cref="Vector256{T}"/>; scalar tail.</summary>
    public static (int Positive, int Negative) CountVector256(ReadOnlySpan<double> wt, int m, ReadOnlySpan<double> r, ReadOnlySpan<double> thresholds)
    {
        int n = r.Length, positive = 0, negative = 0, i = 0;
        ref double w0 = ref Unsafe.AsRef(in wt[0]);
        ref double t0 = ref Unsafe.AsRef(in thresholds[0]);
        for (; i <= m - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var acc = Vector256<double>.Zero;
            for (int j = 0; j < n; j++)
            {
                acc += Vector256.Create(r[j]) * Vector256.LoadUnsafe(ref w0, (nuint)(j * m + i));
            }

            var t = Vector256.LoadUnsafe(ref t0, (nuint)i);
            positive += BitOperations.PopCount(Vector256.GreaterThan(acc, t).ExtractMostSignificantBits());
            negative += BitOperations.PopCount(Vector256.LessThan(acc, -t).ExtractMostSignificantBits());
        }

        var (p, q) = CountScalar(wt, m, r, thresholds, i);
        return (positive + p, negative + q);
    }

    /// <summary>Eight rows at a time with <see cref="Vector512{T}"/>; scalar tail.</summary>
    public static (int Positive, int Negative) CountVector512(ReadOnlySpan<double> wt, int m, ReadOnlySpan<double> r, ReadOnlySpan<double> thresholds)
    {
        int n = r.Length, positive = 0, negative = 0, i = 0;
        ref double w0 = ref Unsafe.AsRef(in wt[0]);
        ref double t0 = ref Unsafe.AsRef(in thresholds[0]);
        for (; i <= m - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            var acc = Vector512<double>.Zero;
            for (int j = 0; j < n; j++)
            {
                acc += Vector512.Create(r[j]) * Vector512.LoadUnsafe(ref w0, (nuint)(j * m + i));
            }

            var t = Vector512.LoadUnsafe(ref t0, (nuint)i);
            positive += BitOperations.PopCount(Vector512.GreaterThan(acc, t).ExtractMostSignificantBits());
            negative += BitOperations.PopCount(Vector512.LessThan(acc, -t).ExtractMostSignificantBits());
        }

        var (p, q) = CountScalar(wt, m, r, thresholds, i);
        return (positive + p, negative + q);
    }
}
