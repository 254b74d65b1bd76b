using ReluAnalysis.Kernels;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Attribution;

/// <summary>
/// Pathwise explanations of a ReLU network (Lim, Jo, Lee and Choi, "Pathwise Explanation of ReLU Neural
/// Networks", AISTATS 2024): a greedy, deepest-layer-first selection of hidden units and the explanation
/// <c>E = W_P[c,:] ⊙ x</c> of the selected multi-way path (spec §3).
/// </summary>
/// <remarks>
/// <para>Selection at each constrained layer ℓ (deepest first): with <c>J = ∂f_P/∂h^(ℓ)</c> (C × n_ℓ, masks of the
/// layers above applied), the share of unit i is <c>s_i = softmax_j(h_i·J[j,i])[c]</c>; units are ranked by share
/// (ties: lower unit number), the first <c>K_ℓ</c> are candidates and those with <c>s_i &gt; 1/C</c> are kept; if
/// none passes, the top-ranked unit is kept and the fallback is flagged. Then
/// <c>J ← (J·diag(m_ℓ ⊙ φ(z^(ℓ))))·W^(ℓ)</c>. Layers below the last D keep every active unit.</para>
/// <para>Cost: one forward pass plus one backward product per layer, <c>O(C·P_w + Σ n_ℓ log n_ℓ)</c>; after the
/// deepest unconstrained layer only row c is propagated. Thread-safe: no state is kept between calls.</para>
/// </remarks>
public sealed class PathwiseExplainer
{
    /// <summary>Creates an explainer for <paramref name="network"/>.</summary>
    public PathwiseExplainer(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
    }

    /// <summary>The explained network.</summary>
    public ReluNetwork Network { get; }

    /// <summary>Explains the network's output at <paramref name="x"/>.</summary>
    /// <param name="x">Input of length d0 (finite).</param>
    /// <param name="options">Selection options; <see langword="null"/> for <see cref="PathwiseOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">Wrong length, non-finite input, or invalid options (depth, class, mask length).</exception>
    public PathwiseExplanation Explain(ReadOnlySpan<double> x, PathwiseOptions? options = null)
    {
        options ??= PathwiseOptions.Default;
        ReluNetwork net = Network;
        Guard.Length(x.Length, net.InputDimension, nameof(x));
        Guard.Finite(x, nameof(x));
        int n = net.HiddenLayerCount;
        int classes = net.OutputDimension;
        int depth = options.Depth ?? n;
        if (depth < 0 || depth > n)
        {
            throw new ArgumentOutOfRangeException(nameof(options), depth, $"Depth must be in [0, {n}] (the hidden layer count) or null for all; found {depth}.");
        }

        bool[]? mask = null;
        if (options.InputMask is { } m)
        {
            if (m.Count != net.InputDimension)
            {
                throw new ArgumentException($"InputMask has {m.Count} entries; expected {net.InputDimension}.", nameof(options));
            }

            mask = m.ToArray();
        }

        double[] point = x.ToArray();
        if (mask is not null && options.SelectOnMaskedInput)
        {
            for (int i = 0; i < point.Length; i++)
            {
                point[i] = mask[i] ? point[i] : 0.0;
            }
        }

        var logits = new double[classes];
        var z = new double[net.HiddenNeuronCount];
        var words = new ulong[net.PatternLayout.WordCount];
        net.Engine.Forward(point, logits, words, z);
        var pattern = new ActivationPattern(net.PatternLayout, words);
        int c = options.TargetClass ?? LogitOps.ArgMax(logits);
        if ((uint)c >= (uint)classes)
        {
            throw new ArgumentOutOfRangeException(nameof(options), c, $"TargetClass must be in [0, {classes}); found {c}.");
        }

        var layers = net.Layers;
        var layout = net.PatternLayout;
        PatternMask gates = PatternMask.From(pattern);
        var selections = new List<LayerSelection>(depth);
        var units = new int[n][];
        double threshold = 1.0 / classes;

        // J = ∂f_P/∂h^(ℓ), C rows while selecting, then row c only.
        double[] j = layers[n].Weights.ToArray();
        int rows = classes;
        for (int l = n - 1; l >= 0; l--)
        {
            int width = layers[l].Outputs;
            int off = layout.NeuronOffset(l);
            if (l >= n - depth)
            {
                if (options.JacobianUpdate == JacobianUpdate.RecomputePerLayer)
                {
                    j = RecomputeJacobian(net, gates, l, classes);
                }

                LayerSelection sel = SelectLayer(l, PostActivations(z.AsSpan(off, width)), j, classes, c, options, threshold);
                selections.Add(sel);
                gates.CloseLayer(l);
                foreach (int u in sel.Kept)
                {
                    gates.Set(l, u, pattern.IsActive(l, u));
                }

                units[l] = sel.Kept;
            }
            else
            {
                units[l] = pattern.ActiveNeurons(l);
            }

            if (rows == classes && l < n - depth + 1)
            {
                // The remaining layers are unconstrained: only row c of W_P is needed.
                j = j.AsSpan(c * width, width).ToArray();
                rows = 1;
            }

            var next = new double[rows * layers[l].Inputs];
            net.Engine.Backward(l, j, rows, gates, next);
            j = next;
        }

        double[] weightRow = rows == 1 ? j : j.AsSpan(c * net.InputDimension, net.InputDimension).ToArray();
        var attribution = new double[net.InputDimension];
        for (int i = 0; i < attribution.Length; i++)
        {
            attribution[i] = mask is not null && !mask[i] ? 0.0 : (weightRow[i] * point[i]) + 0.0; // + 0.0 turns −0 into 0
        }

        var path = new MultiwayPath(units, net.HiddenSizes);
        var status = selections.Exists(s => s.FallbackUsed) ? PathSelectionStatus.FallbackUsed : PathSelectionStatus.Selected;
        return new PathwiseExplanation(status, c, logits, attribution, weightRow, path, selections);
    }

    /// <summary>
    /// <c>W_P</c> (row-major C × d0) by backward products through the masked, frozen-pattern network: the Jacobian of
    /// <c>f_P</c>. Equals <see cref="MultiwayPath.WeightMatrix"/> up to rounding.
    /// </summary>
    public double[] PathJacobian(MultiwayPath path, ActivationPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RecomputeJacobian(Network, path.Gates(pattern), 0, Network.OutputDimension, includeLayer: true);
    }

    /// <summary>
    /// Splits an explanation by the units of hidden layer <paramref name="layer"/> (spec §4.2): for every
    /// <c>u ∈ S_ℓ</c>, <c>E_u = W_{P_u}[c,:] ⊙ x</c> where <c>P_u</c> is the path with <c>S_ℓ</c> replaced by <c>{u}</c>.
    /// <c>Σ_u E_u = E</c>.
    /// </summary>
    /// <param name="explanation">An explanation of this explainer's network at <paramref name="x"/>.</param>
    /// <param name="x">The explained input (the same point that was passed to <see cref="Explain"/>).</param>
    /// <param name="layer">Hidden layer index.</param>
    /// <param name="inputMask">The input mask used for the explanation, if any.</param>
    /// <remarks>Cost: one backward product above ℓ, then one below ℓ per unit: <c>O(P_w + |S_ℓ|·P_w)</c>.</remarks>
    public UnitDecomposition DecomposeAtLayer(PathwiseExplanation explanation, ReadOnlySpan<double> x, int layer, IReadOnlyList<bool>? inputMask = null)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ReluNetwork net = Network;
        Guard.Length(x.Length, net.InputDimension, nameof(x));
        Guard.Index(layer, net.HiddenLayerCount, nameof(layer));
        ActivationPattern pattern = net.PatternAt(x);
        PatternMask gates = explanation.Path.Gates(pattern);
        var layers = net.Layers;
        int c = explanation.Class;
        int n = net.HiddenLayerCount;

        // Row c of ∂f_P/∂h^(ℓ).
        double[] above = layers[n].Row(c).ToArray();
        for (int k = n - 1; k > layer; k--)
        {
            var next = new double[layers[k].Inputs];
            net.Engine.Backward(k, above, 1, gates, next);
            above = next;
        }

        IReadOnlyList<int> set = explanation.Path.Units[layer];
        var parts = new double[set.Count][];
        int d = net.InputDimension;
        for (int t = 0; t < set.Count; t++)
        {
            // Only unit u's entry of ∂f_P/∂h^(ℓ) is kept, then the backward steps down to the input.
            int u = set[t];
            double[] j = new double[layers[layer].Outputs];
            j[u] = above[u];
            for (int k = layer; k >= 0; k--)
            {
                var next = new double[layers[k].Inputs];
                net.Engine.Backward(k, j, 1, gates, next);
                j = next;
            }

            for (int i = 0; i < d; i++)
            {
                j[i] = inputMask is not null && !inputMask[i] ? 0.0 : j[i] * x[i];
            }

            parts[t] = j;
        }

        return new UnitDecomposition(layer, c, d, set.ToArray(), parts);
    }

    /// <summary>The share-based ranking and filter at one layer.</summary>
    internal static LayerSelection SelectLayer(int layer, ReadOnlySpan<double> h, ReadOnlySpan<double> j, int classes, int c, PathwiseOptions options, double threshold)
    {
        int width = h.Length;
        var shares = new double[width];
        Span<double> a = classes <= 256 ? stackalloc double[classes] : new double[classes];
        for (int i = 0; i < width; i++)
        {
            for (int r = 0; r < classes; r++)
            {
                a[r] = h[i] * j[r * width + i];
            }

            shares[i] = LogitOps.SoftmaxAt(a, c);
        }

        var order = new int[width];
        for (int i = 0; i < width; i++)
        {
            order[i] = i;
        }

        order.AsSpan().Sort(new ShareOrder(shares));

        int cap = options.Width.UnitsFor(width);
        // Order is descending, so the units that pass the filter form a prefix of the first K_ℓ.
        int count = 0;
        while (count < cap && (!options.ShareFilter || shares[order[count]] > threshold))
        {
            count++;
        }

        bool fallback = count == 0;
        int[] kept = fallback ? [order[0]] : order.AsSpan(0, count).ToArray();
        Array.Sort(kept);
        return new LayerSelection(layer, shares, order, cap, kept, fallback);
    }

    /// <summary>Share descending, then unit number ascending: a total order, so the unstable sort is deterministic.</summary>
    private readonly struct ShareOrder(double[] shares) : IComparer<int>
    {
        public int Compare(int p, int q)
        {
            int cmp = shares[q].CompareTo(shares[p]);
            return cmp != 0 ? cmp : p.CompareTo(q);
        }
    }

    /// <summary>
    /// From scratch (C rows): <c>∂f_P/∂h^(ℓ)</c> through the gates of the layers above <paramref name="layer"/>, or,
    /// with <paramref name="includeLayer"/>, also through <paramref name="layer"/> itself (down to <c>h^(ℓ−1)</c>).
    /// </summary>
    private static double[] RecomputeJacobian(ReluNetwork net, PatternMask gates, int layer, int classes, bool includeLayer = false)
    {
        var layers = net.Layers;
        int n = net.HiddenLayerCount;
        double[] j = layers[n].Weights.ToArray();
        int stop = includeLayer ? layer : layer + 1;
        for (int k = n - 1; k >= stop; k--)
        {
            var next = new double[classes * layers[k].Inputs];
            net.Engine.Backward(k, j, classes, gates, next);
            j = next;
        }

        return j;
    }

    /// <summary>ReLU of one layer's pre-activations (the tie rule of <see cref="SignRule.IsActive"/>).</summary>
    private static double[] PostActivations(ReadOnlySpan<double> z)
    {
        var h = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            h[i] = SignRule.IsActive(z[i]) ? z[i] : 0.0;
        }

        return h;
    }
}
