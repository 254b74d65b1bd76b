using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Attribution;

/// <summary>Which perturbation curve to compute.</summary>
public enum FaithfulnessMode
{
    /// <summary>Start at x and replace the highest-ranked components by the substrate: a faithful map drops the score fast (lower AUC is better).</summary>
    Deletion,

    /// <summary>Start at the substrate and copy the highest-ranked components from x: a faithful map raises the score fast (higher AUC is better).</summary>
    Insertion,
}

/// <summary>A deletion or insertion curve and its area.</summary>
/// <param name="Mode">Deletion or insertion.</param>
/// <param name="Scores"><c>s_0..s_n</c>: softmax probability of the class after each step.</param>
/// <param name="Auc">Trapezoid area <c>(Σ s_t − s_0/2 − s_n/2)/n</c>.</param>
public sealed record FaithfulnessCurve(FaithfulnessMode Mode, double[] Scores, double Auc);

/// <summary>
/// Insertion and deletion curves (spec §6) and the relevance-mass score for data with known relevant inputs.
/// </summary>
public static class Faithfulness
{
    /// <summary>Components sorted by attribution descending (signed); ties by lower position.</summary>
    public static int[] RankDescending(ReadOnlySpan<double> attribution)
    {
        Guard.Finite(attribution, nameof(attribution));
        double[] a = attribution.ToArray();
        var order = new int[a.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (p, q) =>
        {
            int cmp = a[q].CompareTo(a[p]);
            return cmp != 0 ? cmp : p.CompareTo(q);
        });
        return order;
    }

    /// <summary>The trapezoid AUC on a uniform grid over [0, 1]: <c>(Σ_{t=0..n} s_t − s_0/2 − s_n/2)/n</c>.</summary>
    /// <exception cref="ArgumentException">Fewer than two scores.</exception>
    public static double TrapezoidAuc(ReadOnlySpan<double> scores)
    {
        if (scores.Length < 2)
        {
            throw new ArgumentException($"scores has {scores.Length} entries; expected at least 2.", nameof(scores));
        }

        int n = scores.Length - 1;
        double sum = 0;
        for (int t = 0; t <= n; t++)
        {
            sum += scores[t];
        }

        return (sum - 0.5 * scores[0] - 0.5 * scores[n]) / n;
    }

    /// <summary>A deletion or insertion curve for the ranking of <paramref name="attribution"/>.</summary>
    /// <param name="network">The model.</param>
    /// <param name="x">The explained input.</param>
    /// <param name="attribution">One score per component; ranked by <see cref="RankDescending"/>.</param>
    /// <param name="substrate">What a removed component becomes (deletion) or the start image (insertion), length d0.</param>
    /// <param name="c">The class (normally the one predicted at x).</param>
    /// <param name="mode">Deletion or insertion.</param>
    /// <param name="stepSize">Components changed per step (default 1).</param>
    public static FaithfulnessCurve Curve(ReluNetwork network, ReadOnlySpan<double> x, ReadOnlySpan<double> attribution, ReadOnlySpan<double> substrate, int c, FaithfulnessMode mode, int stepSize = 1) =>
        CurveForOrder(network, x, RankDescending(attribution), substrate, c, mode, stepSize);

    /// <summary>A deletion or insertion curve for an explicit order of components (for example a random order).</summary>
    /// <remarks>All <c>n + 1 = ceil(d0/s) + 1</c> perturbed inputs are evaluated as one batch by <see cref="BatchEvaluator"/>.</remarks>
    public static FaithfulnessCurve CurveForOrder(ReluNetwork network, ReadOnlySpan<double> x, IReadOnlyList<int> order, ReadOnlySpan<double> substrate, int c, FaithfulnessMode mode, int stepSize = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(order);
        int d = network.InputDimension;
        Guard.Length(x.Length, d, nameof(x));
        Guard.Length(substrate.Length, d, nameof(substrate));
        Guard.Length(order.Count, d, nameof(order));
        Guard.Finite(x, nameof(x));
        Guard.Finite(substrate, nameof(substrate));
        Guard.Positive(stepSize, nameof(stepSize));
        Guard.Index(c, network.OutputDimension, nameof(c));
        int n = (d + stepSize - 1) / stepSize;
        var batch = new double[(n + 1) * d];
        Span<double> current = (mode == FaithfulnessMode.Deletion ? x : substrate).ToArray();
        ReadOnlySpan<double> source = mode == FaithfulnessMode.Deletion ? substrate : x;
        current.CopyTo(batch);
        for (int t = 1; t <= n; t++)
        {
            for (int r = (t - 1) * stepSize; r < Math.Min(d, t * stepSize); r++)
            {
                int j = order[r];
                current[j] = source[j];
            }

            current.CopyTo(batch.AsSpan(t * d, d));
        }

        int m = network.OutputDimension;
        var outputs = new double[(n + 1) * m];
        new BatchEvaluator(network, 1).Evaluate(batch, outputs);
        var scores = new double[n + 1];
        for (int t = 0; t <= n; t++)
        {
            scores[t] = Kernels.LogitOps.SoftmaxAt(outputs.AsSpan(t * m, m), c);
        }

        return new FaithfulnessCurve(mode, scores, TrapezoidAuc(scores));
    }

    /// <summary>
    /// Relevance mass: the share of positive attribution that falls on the relevant components,
    /// <c>Σ_{j∈R} max(E_j, 0) / Σ_j max(E_j, 0)</c>; 0 when no attribution is positive.
    /// </summary>
    public static double RelevanceMass(ReadOnlySpan<double> attribution, ReadOnlySpan<bool> relevant)
    {
        Guard.Length(relevant.Length, attribution.Length, nameof(relevant));
        Guard.Finite(attribution, nameof(attribution));
        double on = 0, all = 0;
        for (int j = 0; j < attribution.Length; j++)
        {
            double v = Math.Max(attribution[j], 0.0);
            all += v;
            if (relevant[j])
            {
                on += v;
            }
        }

        return all > 0 ? on / all : 0.0;
    }
}
