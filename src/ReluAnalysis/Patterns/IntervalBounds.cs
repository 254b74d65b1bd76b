using ReluAnalysis.Networks;

namespace ReluAnalysis.Patterns;

/// <summary>
/// Interval bound propagation (IBP) of a network over an input box: sound lower and upper bounds of every
/// pre-activation and of the outputs, with the floating-point error of each dot product covered.
/// </summary>
/// <remarks>
/// Layer by layer, <c>z_i ∈ [b_i + Σ_j min(w_ij l_j, w_ij u_j), b_i + Σ_j max(w_ij l_j, w_ij u_j)]</c>, then
/// <c>h = [max(0, l), max(0, u)]</c>. Each computed end is widened by <c>(n + 2)·2⁻⁵³·(|b_i| + Σ_j |w_ij|·max(|l_j|, |u_j|)) + 1e-300</c>,
/// the classical bound <c>γ_n</c> on the rounding error of an <c>n</c>-term sum, so the bounds hold for the exact
/// network on every real point of the box. Cost <c>O(Σ n_k n_{k+1})</c>; no allocation beyond two layer-wide buffers.
/// </remarks>
public static class IntervalBounds
{
    /// <summary>Bounds the outputs of <paramref name="network"/> over the box <c>[lower, upper]</c>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="lower">Box lower corner, length <c>d</c>.</param>
    /// <param name="upper">Box upper corner, length <c>d</c> (≥ lower).</param>
    /// <param name="outputLower">Receives the output lower bounds.</param>
    /// <param name="outputUpper">Receives the output upper bounds.</param>
    /// <param name="preActivationLower">Optional: receives every hidden pre-activation lower bound (layer by layer), or empty.</param>
    /// <param name="preActivationUpper">Optional: receives every hidden pre-activation upper bound, or empty.</param>
    /// <exception cref="ArgumentException">Lengths do not match, a bound is NaN/infinite, or lower exceeds upper.</exception>
    public static void Propagate(
        ReluNetwork network, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper,
        Span<double> outputLower, Span<double> outputUpper,
        Span<double> preActivationLower = default, Span<double> preActivationUpper = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        int d = network.InputDimension;
        Guard.Length(lower.Length, d, nameof(lower));
        Guard.Length(upper.Length, d, nameof(upper));
        Guard.Finite(lower, nameof(lower));
        Guard.Finite(upper, nameof(upper));
        Guard.Length(outputLower.Length, network.OutputDimension, nameof(outputLower));
        Guard.Length(outputUpper.Length, network.OutputDimension, nameof(outputUpper));
        bool keep = !preActivationLower.IsEmpty;
        if (keep)
        {
            Guard.Length(preActivationLower.Length, network.HiddenNeuronCount, nameof(preActivationLower));
            Guard.Length(preActivationUpper.Length, network.HiddenNeuronCount, nameof(preActivationUpper));
        }

        for (int j = 0; j < d; j++)
        {
            if (lower[j] > upper[j])
            {
                throw new ArgumentException($"lower[{j}] = {lower[j]} exceeds upper[{j}] = {upper[j]}; expected lower ≤ upper.", nameof(lower));
            }
        }

        int width = network.MaxWidth;
        var lo = new double[width];
        var hi = new double[width];
        var nlo = new double[width];
        var nhi = new double[width];
        lower.CopyTo(lo);
        upper.CopyTo(hi);
        int offset = 0;
        var layers = network.Layers;
        for (int k = 0; k < layers.Count; k++)
        {
            DenseLayer layer = layers[k];
            int n = layer.Outputs;
            int m = layer.Inputs;
            double gamma = (m + 2) * Math.Pow(2, -53);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<double> w = layer.Row(i);
                double b = layer.Bias[i];
                double l = b, u = b, mag = Math.Abs(b);
                for (int j = 0; j < m; j++)
                {
                    double p = w[j] * lo[j], q = w[j] * hi[j];
                    l += Math.Min(p, q);
                    u += Math.Max(p, q);
                    mag += Math.Max(Math.Abs(p), Math.Abs(q));
                }

                double err = gamma * mag + 1e-300;
                nlo[i] = l - err;
                nhi[i] = u + err;
            }

            if (k == layers.Count - 1)
            {
                nlo.AsSpan(0, n).CopyTo(outputLower);
                nhi.AsSpan(0, n).CopyTo(outputUpper);
                return;
            }

            if (keep)
            {
                nlo.AsSpan(0, n).CopyTo(preActivationLower.Slice(offset, n));
                nhi.AsSpan(0, n).CopyTo(preActivationUpper.Slice(offset, n));
            }

            offset += n;
            for (int i = 0; i < n; i++)
            {
                lo[i] = Math.Max(0.0, nlo[i]);
                hi[i] = Math.Max(0.0, nhi[i]);
            }
        }
    }
}
