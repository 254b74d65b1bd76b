using ReluAnalysis.Patterns;

namespace ReluAnalysis.Stability;

/// <summary>
/// The weighted first-order total variation <c>TV_g(f) = ∫ |f''(x)| g(x) dx</c> of a univariate two-layer network,
/// and its kinks.
/// </summary>
/// <remarks>
/// <para>For <c>f = Σ a_i ReLU(w_i x + b_i) + c</c>, <c>f'' = Σ a_i |w_i| δ(x − x_i*)</c> with <c>x_i* = −b_i/w_i</c>, for
/// either sign of <c>w_i</c>. Hence
/// <c>TV_g = Σ_{distinct kinks x* in (x_min, x_max)} |Σ_{i: x_i* = x*} a_i |w_i|| · g(x*)</c>.</para>
/// <para>A neuron has no kink when <see cref="SignRule.Classify"/> with tolerance 0 calls <c>w_i</c> degenerate
/// (<c>w_i = 0</c>: the neuron is constant). Kinks are merged when
/// <c>|x_a − x_b| ≤ tol · max(1, |x_a|, |x_b|)</c> (chains merge), and absolute values are taken after merging, so
/// cancelling neurons add nothing; the unmerged sum is an upper bound. Cost <c>O(k log k + k log n)</c>.</para>
/// </remarks>
public static class WeightedTotalVariation
{
    /// <summary>Default relative merge tolerance for coinciding kinks.</summary>
    public const double DefaultMergeTolerance = 1e-12;

    /// <summary>All kinks of <paramref name="net"/> in increasing order, merged.</summary>
    /// <param name="net">The network.</param>
    /// <param name="mergeTolerance">Relative tolerance (≥ 0) under which kinks coincide.</param>
    public static StabilityKink[] Kinks(UnivariateReluNet net, double mergeTolerance = DefaultMergeTolerance)
    {
        ArgumentNullException.ThrowIfNull(net);
        return Merge(net, mergeTolerance, relative: true);
    }

    /// <summary><c>TV_g(f_θ)</c> with <c>g</c> of the training inputs.</summary>
    /// <param name="net">The network.</param>
    /// <param name="weight">The weight <c>g</c> (it also fixes the data range).</param>
    /// <param name="mergeTolerance">Relative tolerance under which kinks coincide.</param>
    public static double Compute(UnivariateReluNet net, StabilityWeight weight, double mergeTolerance = DefaultMergeTolerance)
    {
        ArgumentNullException.ThrowIfNull(weight);
        double tv = 0.0;
        foreach (StabilityKink kink in Kinks(net, mergeTolerance))
        {
            if (kink.Position > weight.Lower && kink.Position < weight.Upper)
            {
                tv += Math.Abs(kink.Jump) * weight.Value(kink.Position);
            }
        }

        return tv;
    }

    /// <summary>
    /// The unweighted total variation of <c>f'</c> over the kinks strictly inside <c>(lower, upper)</c>:
    /// <c>Σ |Σ a_i |w_i||</c>, merged as in <see cref="Kinks"/>.
    /// </summary>
    public static double Unweighted(UnivariateReluNet net, double lower, double upper, double mergeTolerance = DefaultMergeTolerance)
    {
        double tv = 0.0;
        foreach (StabilityKink kink in Kinks(net, mergeTolerance))
        {
            if (kink.Position > lower && kink.Position < upper)
            {
                tv += Math.Abs(kink.Jump);
            }
        }

        return tv;
    }

    /// <summary>The unmerged sum <c>Σ_i |a_i w_i| g(x_i*)</c>, an upper bound on <see cref="Compute"/>.</summary>
    public static double UnmergedUpperBound(UnivariateReluNet net, StabilityWeight weight)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(weight);
        ReadOnlySpan<double> w = net.InputWeights, b = net.InputBiases, a = net.OutputWeights;
        double tv = 0.0;
        for (int i = 0; i < net.Width; i++)
        {
            if (SignRule.Classify(w[i], 0.0) != NeuronState.Degenerate)
            {
                tv += Math.Abs(a[i] * w[i]) * weight.Value(-b[i] / w[i]);
            }
        }

        return tv;
    }

    /// <summary>Kinks merged under an absolute (<paramref name="relative"/> false) or relative tolerance.</summary>
    internal static StabilityKink[] Merge(UnivariateReluNet net, double tolerance, bool relative)
    {
        if (!(tolerance >= 0.0) || double.IsInfinity(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"merge tolerance must be finite and ≥ 0; found {tolerance}.");
        }

        ReadOnlySpan<double> w = net.InputWeights, b = net.InputBiases, a = net.OutputWeights;
        var raw = new List<(double X, double Jump)>(net.Width);
        for (int i = 0; i < net.Width; i++)
        {
            if (SignRule.Classify(w[i], 0.0) != NeuronState.Degenerate)
            {
                raw.Add((-b[i] / w[i], a[i] * Math.Abs(w[i])));
            }
        }

        raw.Sort((p, q) => p.X.CompareTo(q.X));
        var merged = new List<StabilityKink>(raw.Count);
        int start = 0;
        while (start < raw.Count)
        {
            int end = start + 1;
            double sumX = raw[start].X, jump = raw[start].Jump;
            while (end < raw.Count && Close(raw[end - 1].X, raw[end].X, tolerance, relative))
            {
                sumX += raw[end].X;
                jump += raw[end].Jump;
                end++;
            }

            merged.Add(new StabilityKink(sumX / (end - start), jump, end - start));
            start = end;
        }

        return [.. merged];
    }

    private static bool Close(double p, double q, double tolerance, bool relative) =>
        Math.Abs(q - p) <= (relative ? tolerance * Math.Max(1.0, Math.Max(Math.Abs(p), Math.Abs(q))) : tolerance);
}
