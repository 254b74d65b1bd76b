using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Attribution;

/// <summary>Path algebra on small networks: explicit enumeration of one-way path terms.</summary>
/// <remarks>
/// The complete-path terms follow the paper's one-way path model (Proposition 1 as reproduced in the spec); the
/// bias-chain bookkeeping for hidden layers above the first and the k-best DP are derived from standard algebra
/// (spec §2.2, §4.2), not read from the paper.
/// </remarks>
public static class PathAlgebra
{
    /// <summary>
    /// Enumerates every activated complete one-way path and every activated bias chain at <paramref name="x"/> and sums
    /// their terms. Exponential in depth: meant for tiny networks and tests.
    /// </summary>
    /// <param name="network">The network (at least one hidden layer).</param>
    /// <param name="x">Input point.</param>
    /// <param name="limit">Maximum number of one-way paths (complete plus incomplete) visited.</param>
    public static PathDecomposition Decompose(ReluNetwork network, ReadOnlySpan<double> x, long limit = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(network);
        int n = network.HiddenLayerCount;
        if (n == 0)
        {
            throw new ArgumentException("network has no hidden layer; expected at least one for a path decomposition.", nameof(network));
        }

        int classes = network.OutputDimension;
        double[] outputBias = network.Layers[n].Bias.ToArray();
        double total = 0;
        for (int k = 0; k < n; k++)
        {
            total += network.HiddenSizes.Skip(k).Aggregate(1.0, (p, w) => p * w);
        }

        if (total > limit)
        {
            return new PathDecomposition(PathEnumerationStatus.LimitReached, new double[classes], new double[classes], outputBias, 0, 0);
        }

        ActivationPattern pattern = network.PatternAt(x);
        var complete = new double[classes];
        var chains = new double[classes];
        long nComplete = 0, nChains = 0;
        for (int start = 0; start < n; start++)
        {
            var sets = new List<IEnumerable<int>>();
            for (int k = 0; k < n; k++)
            {
                sets.Add(k < start ? [0] : Enumerable.Range(0, network.HiddenSizes[k]));
            }

            foreach (OneWayPath full in new MultiwayPath(network, sets).OneWayPaths(limit))
            {
                var p = new OneWayPath(full.Units[start..], start);
                if (!p.IsActivated(pattern))
                {
                    continue;
                }

                double[] term = p.Term(network, pattern, x);
                double[] sum = start == 0 ? complete : chains;
                for (int c = 0; c < classes; c++)
                {
                    sum[c] += term[c];
                }

                if (start == 0)
                {
                    nComplete++;
                }
                else
                {
                    nChains++;
                }
            }
        }

        return new PathDecomposition(PathEnumerationStatus.Complete, complete, chains, outputBias, nComplete, nChains);
    }

    /// <summary>
    /// The <paramref name="k"/> complete activated one-way paths with the largest signed contribution to class
    /// <paramref name="c"/>, <c>ω_p[c]·z^(1)_{i_1}(x)</c> (spec §4.2), best first; ties by lexicographic unit order.
    /// </summary>
    /// <remarks>
    /// Exact k-best dynamic programme over layers: for every unit the k largest and the k smallest signed partial
    /// products of chains ending there are kept (a positive weight maps the largest to the largest, a negative one the
    /// smallest to the largest), so no candidate is lost. Cost <c>O(P_w · k log k)</c>.
    /// </remarks>
    public static IReadOnlyList<(OneWayPath Path, double Contribution)> TopOneWayPaths(ReluNetwork network, ReadOnlySpan<double> x, int c, int k)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Positive(k, nameof(k));
        Guard.Index(c, network.OutputDimension, nameof(c));
        int n = network.HiddenLayerCount;
        if (n == 0)
        {
            return [];
        }

        double[] z = network.PreActivations(x);
        var layout = network.PatternLayout;
        var layers = network.Layers;

        // best[i] / worst[i]: up to k chains ending at unit i of the current layer, by value descending / ascending.
        var best = new List<Chain>[network.HiddenSizes[0]];
        var worst = new List<Chain>[network.HiddenSizes[0]];
        for (int i = 0; i < best.Length; i++)
        {
            double zi = z[layout.NeuronOffset(0) + i];
            best[i] = SignRule.IsActive(zi) ? [new Chain(zi, [i])] : [];
            worst[i] = best[i];
        }

        for (int l = 1; l <= n; l++)
        {
            DenseLayer layer = layers[l];
            bool output = l == n;
            int width = output ? 1 : layer.Outputs;
            var nb = new List<Chain>[width];
            var nw = new List<Chain>[width];
            for (int u = 0; u < width; u++)
            {
                int row = output ? c : u;
                if (!output && !SignRule.IsActive(z[layout.NeuronOffset(l) + u]))
                {
                    nb[u] = [];
                    nw[u] = [];
                    continue;
                }

                var candidates = new List<Chain>();
                for (int p = 0; p < layer.Inputs; p++)
                {
                    double w = layer.Weight(row, p);
                    if (w == 0.0)
                    {
                        continue;
                    }

                    foreach (Chain ch in best[p].Concat(worst[p]))
                    {
                        candidates.Add(new Chain(ch.Value * w, output ? ch.Units : [.. ch.Units, u]));
                    }
                }

                var distinct = candidates.DistinctBy(ch => string.Join(",", ch.Units)).ToList();
                nb[u] = distinct.OrderByDescending(ch => ch.Value).ThenBy(ch => ch.Units, UnitsComparer.Instance).Take(k).ToList();
                nw[u] = distinct.OrderBy(ch => ch.Value).ThenBy(ch => ch.Units, UnitsComparer.Instance).Take(k).ToList();
            }

            best = nb;
            worst = nw;
        }

        return best[0].Select(ch => (new OneWayPath(ch.Units), ch.Value)).ToList();
    }

    private sealed record Chain(double Value, int[] Units);

    private sealed class UnitsComparer : IComparer<int[]>
    {
        public static readonly UnitsComparer Instance = new();

        public int Compare(int[]? a, int[]? b)
        {
            for (int i = 0; i < Math.Min(a!.Length, b!.Length); i++)
            {
                int cmp = a[i].CompareTo(b[i]);
                if (cmp != 0)
                {
                    return cmp;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
