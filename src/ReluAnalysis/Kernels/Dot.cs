namespace ReluAnalysis.Kernels;

/// <summary>Dot products in the library's canonical order.</summary>
internal static class Dot
{
    /// <summary>
    /// <c>start + Σ_k x[k]·y[k]</c> accumulated as <c>fma(x[k], y[k], acc)</c> for <c>k = 0, 1, …</c>: the
    /// same rounding sequence as every lane of <see cref="FusedLayerKernel"/>, so single-point and
    /// batched evaluation agree to the last bit.
    /// </summary>
    public static double Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double start = 0.0)
    {
        double acc = start;
        for (int k = 0; k < x.Length; k++)
        {
            acc = Math.FusedMultiplyAdd(x[k], y[k], acc);
        }

        return acc;
    }
}
