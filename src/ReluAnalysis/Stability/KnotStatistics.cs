using ReluAnalysis.Patterns;

namespace ReluAnalysis.Stability;

/// <summary>
/// How sparse a univariate two-layer network is on its training inputs: effective knots, kinks inside the data
/// range, neurons that switch on the data, kinks sitting on data points.
/// </summary>
/// <param name="EffectiveKnots">Merged kinks inside <c>(x_min, x_max)</c> (merged when closer than
/// <see cref="DefaultMergeDistance"/>) whose slope jump satisfies <c>|Σ a_i|w_i|| &gt; </c><see cref="DefaultJumpThreshold"/>.</param>
/// <param name="KnotPositions">Positions of the effective knots, increasing.</param>
/// <param name="KinksInside">Neurons (unmerged) whose kink lies strictly inside <c>(x_min, x_max)</c>.</param>
/// <param name="ActiveOnData">Neurons active on at least one but not all training inputs (a neuron active on all
/// or none adds no knot on the data). Activity is <see cref="SignRule.IsActive"/>.</param>
/// <param name="KinksOnData">Neurons whose pre-activation at some training input is degenerate
/// (<see cref="SignRule.Classify"/>, default tolerance): there the loss is not twice differentiable.</param>
public sealed record KnotStatistics(int EffectiveKnots, double[] KnotPositions, int KinksInside, int ActiveOnData, int KinksOnData)
{
    /// <summary>Absolute distance under which kinks are merged for counting knots.</summary>
    public const double DefaultMergeDistance = 1e-3;

    /// <summary>A merged kink counts as a knot when its slope jump exceeds this in absolute value.</summary>
    public const double DefaultJumpThreshold = 0.01;

    /// <summary>Computes the statistics of <paramref name="net"/> on <paramref name="inputs"/>; <c>O(nk + k log k)</c>.</summary>
    /// <param name="net">The network.</param>
    /// <param name="inputs">Training inputs (at least one, finite).</param>
    /// <param name="mergeDistance">Absolute merge distance for knots.</param>
    /// <param name="jumpThreshold">Smallest slope jump counted as a knot.</param>
    public static KnotStatistics Compute(UnivariateReluNet net, ReadOnlySpan<double> inputs, double mergeDistance = DefaultMergeDistance, double jumpThreshold = DefaultJumpThreshold)
    {
        ArgumentNullException.ThrowIfNull(net);
        Guard.MinLength(inputs.Length, 1, nameof(inputs));
        Guard.Finite(inputs, nameof(inputs));
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double x in inputs)
        {
            lo = Math.Min(lo, x);
            hi = Math.Max(hi, x);
        }

        var knots = new List<double>();
        foreach (StabilityKink kink in WeightedTotalVariation.Merge(net, mergeDistance, relative: false))
        {
            if (kink.Position > lo && kink.Position < hi && Math.Abs(kink.Jump) > jumpThreshold)
            {
                knots.Add(kink.Position);
            }
        }

        ReadOnlySpan<double> w = net.InputWeights, b = net.InputBiases;
        int inside = 0, activeOnData = 0, onData = 0;
        for (int i = 0; i < net.Width; i++)
        {
            if (SignRule.Classify(w[i], 0.0) != NeuronState.Degenerate)
            {
                double xk = -b[i] / w[i];
                if (xk > lo && xk < hi)
                {
                    inside++;
                }
            }

            int active = 0;
            bool degenerate = false;
            bool hasKink = SignRule.Classify(w[i], 0.0) != NeuronState.Degenerate;
            foreach (double x in inputs)
            {
                double z = Math.FusedMultiplyAdd(w[i], x, b[i]);
                active += SignRule.IsActive(z) ? 1 : 0;
                degenerate |= hasKink && SignRule.Classify(z) == NeuronState.Degenerate;
            }

            activeOnData += active > 0 && active < inputs.Length ? 1 : 0;
            onData += degenerate ? 1 : 0;
        }

        return new KnotStatistics(knots.Count, [.. knots], inside, activeOnData, onData);
    }
}
