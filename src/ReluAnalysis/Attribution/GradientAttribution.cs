using ReluAnalysis.Kernels;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Attribution;

/// <summary>Result of exact Integrated Gradients.</summary>
/// <param name="Status"><see cref="EnumerationStatus.Complete"/>, or <see cref="EnumerationStatus.LimitReached"/> when the
/// piece limit stopped the walk (then the attribution integrates only <c>[0, ReachedAlpha]</c>).</param>
/// <param name="Attribution">IG score per input component.</param>
/// <param name="Pieces">Number of linear pieces of the segment from the baseline to x that were integrated.</param>
/// <param name="ReachedAlpha">End of the integrated part of the segment (1 when complete).</param>
/// <param name="CompletenessGap"><c>Σ IG − (f_c(x) − f_c(x'))</c>; zero up to rounding when complete.</param>
public sealed record ExactIntegratedGradients(EnumerationStatus Status, double[] Attribution, int Pieces, double ReachedAlpha, double CompletenessGap);

/// <summary>
/// Gradient baselines for attribution (spec §5): saliency, Gradient×Input and Integrated Gradients (midpoint rule
/// and exact for piecewise-linear networks). Gradients are row c of the local affine map, by backward products.
/// </summary>
public static class GradientAttribution
{
    /// <summary>Saliency <c>∂f_c/∂x</c> (signed).</summary>
    /// <param name="network">The network.</param>
    /// <param name="x">Input point.</param>
    /// <param name="c">Class; <see langword="null"/> for the predicted class.</param>
    public static double[] Saliency(ReluNetwork network, ReadOnlySpan<double> x, int? c = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var logits = new double[network.OutputDimension];
        var words = new ulong[network.PatternLayout.WordCount];
        network.Engine.Forward(x, logits, words);
        int cls = CheckClass(network, c ?? LogitOps.ArgMax(logits));
        return network.Engine.JacobianRow(PatternMask.From(new ActivationPattern(network.PatternLayout, words)), cls);
    }

    /// <summary>Gradient×Input <c>x ⊙ ∂f_c/∂x</c> (= the local linear model's contributions <c>W_x[c,:] ⊙ x</c>).</summary>
    public static double[] GradientTimesInput(ReluNetwork network, ReadOnlySpan<double> x, int? c = null)
    {
        double[] g = Saliency(network, x, c);
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = (g[i] * x[i]) + 0.0; // + 0.0 turns −0 into 0, as in PathwiseExplainer
        }

        return g;
    }

    /// <summary>
    /// Integrated Gradients by the midpoint rule: <c>(x − x') ⊙ (1/m) Σ_t ∇f_c(x' + α_t (x − x'))</c>, <c>α_t = (t − ½)/m</c>.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="x">Input point.</param>
    /// <param name="c">Class; <see langword="null"/> for the class predicted at x.</param>
    /// <param name="baseline">Baseline <c>x'</c>; <see langword="null"/> for zero.</param>
    /// <param name="steps">Number of midpoints m (default 64).</param>
    /// <remarks>The m points are evaluated as one batch by <see cref="BatchEvaluator"/>; cost <c>O(m · C_b · P_w)</c>.</remarks>
    public static double[] IntegratedGradients(ReluNetwork network, ReadOnlySpan<double> x, int? c = null, IReadOnlyList<double>? baseline = null, int steps = 64)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Positive(steps, nameof(steps));
        int d = network.InputDimension;
        Guard.Length(x.Length, d, nameof(x));
        Guard.Finite(x, nameof(x));
        double[] b = Baseline(network, baseline);
        int cls = CheckClass(network, c ?? LogitOps.ArgMax(network.Evaluate(x)));
        var points = new double[steps * d];
        for (int t = 0; t < steps; t++)
        {
            double alpha = (t + 0.5) / steps;
            for (int i = 0; i < d; i++)
            {
                points[t * d + i] = b[i] + alpha * (x[i] - b[i]);
            }
        }

        var engine = new BatchEvaluator(network, 1);
        PatternLayout layout = network.PatternLayout;
        var patterns = new ulong[steps * layout.WordCount];
        engine.Evaluate(points, new double[steps * network.OutputDimension], patterns);
        var sum = new double[d];
        for (int t = 0; t < steps; t++)
        {
            var pattern = new ActivationPattern(layout, patterns.AsSpan(t * layout.WordCount, layout.WordCount));
            double[] grad = network.Engine.JacobianRow(PatternMask.From(pattern), cls);
            for (int i = 0; i < d; i++)
            {
                sum[i] += grad[i];
            }
        }

        for (int i = 0; i < d; i++)
        {
            sum[i] = ((x[i] - b[i]) * sum[i] / steps) + 0.0;
        }

        return sum;
    }

    /// <summary>
    /// Exact Integrated Gradients for a piecewise-linear network: the segment from <c>x'</c> to x is split at every
    /// α where a pre-activation changes sign, and the constant gradient of each piece is integrated exactly.
    /// </summary>
    /// <remarks>
    /// Layer by layer, <c>h^(k)(α) = p + α q</c> is affine on the current piece; a neuron is active on the piece when
    /// <c>z(α₀) &gt; τ</c>, or <c>|z(α₀)| ≤ τ</c> and <c>dz/dα &gt; 0</c> (τ = 1e-12 relative). The next breakpoint is the
    /// smallest zero crossing after α₀. Cost <c>O(pieces · P_w)</c>; completeness holds to rounding.
    /// </remarks>
    /// <param name="network">The network.</param>
    /// <param name="x">Input point.</param>
    /// <param name="c">Class; <see langword="null"/> for the class predicted at x.</param>
    /// <param name="baseline">Baseline <c>x'</c>; <see langword="null"/> for zero.</param>
    /// <param name="maxPieces">Limit on the number of pieces (default 1,000,000); reaching it is reported in the status.</param>
    public static ExactIntegratedGradients IntegratedGradientsExact(ReluNetwork network, ReadOnlySpan<double> x, int? c = null, IReadOnlyList<double>? baseline = null, int maxPieces = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(network);
        int d = network.InputDimension;
        Guard.Length(x.Length, d, nameof(x));
        Guard.Finite(x, nameof(x));
        double[] b = Baseline(network, baseline);
        int cls = CheckClass(network, c ?? LogitOps.ArgMax(network.Evaluate(x)));
        var dir = new double[d];
        for (int i = 0; i < d; i++)
        {
            dir[i] = x[i] - b[i];
        }

        int n = network.HiddenLayerCount;
        var integral = new double[d];
        double alpha = 0.0;
        int pieces = 0;
        Guard.Positive(maxPieces, nameof(maxPieces));
        while (alpha < 1.0 && pieces < maxPieces)
        {
            pieces++;
            double next = 1.0;

            // The symbolic step over the segment x(α) = x' + α (x − x'): z = a0 + α s for every neuron, layer by layer.
            SymbolicState walk = network.Engine.BeginSymbolic(dir, b, 1);
            for (int k = 0; k < n; k++)
            {
                ReadOnlySpan<double> slopes = walk.Matrix(k);
                double[] starts = walk.Offset(k).ToArray();
                for (int i = 0; i < starts.Length; i++)
                {
                    double a0 = starts[i], s = slopes[i];
                    double tol = 1e-12 * (1.0 + Math.Abs(a0) + Math.Abs(s));
                    if (s != 0.0)
                    {
                        double cross = -a0 / s;
                        if (cross > alpha + 1e-15 && cross < next)
                        {
                            next = cross;
                        }
                    }

                    walk.Decide(i, SignRule.IsActiveAlong(a0 + alpha * s, s, tol));
                }
            }

            double[] grad = network.Engine.JacobianRow(walk.Mask, cls);
            double len = next - alpha;
            for (int i = 0; i < d; i++)
            {
                integral[i] += len * grad[i];
            }

            alpha = next;
        }

        double sum = 0;
        for (int i = 0; i < d; i++)
        {
            integral[i] = (integral[i] * dir[i]) + 0.0;
            sum += integral[i];
        }

        double gap = sum - (network.Evaluate(x)[cls] - network.Evaluate(b)[cls]);
        var status = alpha < 1.0 ? EnumerationStatus.LimitReached : EnumerationStatus.Complete;
        return new ExactIntegratedGradients(status, integral, pieces, alpha, gap);
    }

    private static double[] Baseline(ReluNetwork network, IReadOnlyList<double>? baseline)
    {
        int d = network.InputDimension;
        if (baseline is null)
        {
            return new double[d];
        }

        double[] b = baseline.ToArray();
        Guard.Length(b.Length, d, nameof(baseline));
        Guard.Finite(b, nameof(baseline));
        return b;
    }

    private static int CheckClass(ReluNetwork network, int c)
    {
        Guard.Index(c, network.OutputDimension, "c");
        return c;
    }
}
