using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Attribution;

/// <summary>
/// A multi-way path <c>P = (S_1, …, S_N)</c>: one set of units per hidden layer (spec §2.3). The one-way
/// complete paths inside <c>P</c> are the tuples of <c>S_1 × … × S_N</c>.
/// </summary>
/// <remarks>
/// With <c>D_k^P = diag(1[i ∈ S_k]·φ(z_i^(k)))</c> taken from an activation pattern,
/// <c>W_P = W^(N+1) D_N^P W^(N) ⋯ D_1^P W^(1)</c> and
/// <c>b_P = Σ_k W^(N+1) D_N^P W^(N) ⋯ W^(k+1) D_k^P b^(k)</c>; <c>f_P(x) = W_P x + b_P + b^(N+1)</c> is the
/// network with every unit outside <c>P</c> removed and the pattern frozen. Empty sets are allowed (then
/// <c>W_P = 0</c>). Units are stored in ascending order without repeats.
/// </remarks>
public sealed class MultiwayPath
{
    private readonly int[][] _units;

    /// <summary>Creates a path from per-layer unit sets of <paramref name="network"/>.</summary>
    /// <param name="network">The network the units belong to.</param>
    /// <param name="units">One collection per hidden layer; every entry in <c>[0, n_k)</c>.</param>
    /// <exception cref="ArgumentException">Wrong layer count, or a unit out of range.</exception>
    public MultiwayPath(ReluNetwork network, IEnumerable<IEnumerable<int>> units)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(units);
        _units = units.Select(u => u.Distinct().Order().ToArray()).ToArray();
        if (_units.Length != network.HiddenLayerCount)
        {
            throw new ArgumentException($"units has {_units.Length} layers; expected {network.HiddenLayerCount} (one per hidden layer).", nameof(units));
        }

        for (int k = 0; k < _units.Length; k++)
        {
            foreach (int u in _units[k])
            {
                Guard.Index(u, network.HiddenSizes[k], $"units[{k}]");
            }
        }

        HiddenSizes = network.HiddenSizes.ToArray();
    }

    /// <summary>The path containing every unit of every layer (its model is the local affine map).</summary>
    public static MultiwayPath Full(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new MultiwayPath(network, network.HiddenSizes.Select(n => Enumerable.Range(0, n)));
    }

    /// <summary>Widths of the hidden layers of the network this path belongs to.</summary>
    public IReadOnlyList<int> HiddenSizes { get; }

    /// <summary>Unit sets <c>S_k</c>, ascending, one per hidden layer.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Units => _units;

    /// <summary>Number of hidden layers.</summary>
    public int LayerCount => _units.Length;

    /// <summary>Number of one-way complete paths <c>Π_k |S_k|</c> (as a double: it can be astronomically large).</summary>
    public double OneWayPathCount => _units.Aggregate(1.0, (p, s) => p * s.Length);

    /// <summary>A copy with layer <paramref name="layer"/>'s set replaced by <paramref name="units"/> (used by decompositions).</summary>
    public MultiwayPath WithLayer(int layer, IEnumerable<int> units)
    {
        Guard.Index(layer, _units.Length, nameof(layer));
        ArgumentNullException.ThrowIfNull(units);
        int[] set = units.Distinct().Order().ToArray();
        foreach (int u in set)
        {
            Guard.Index(u, HiddenSizes[layer], nameof(units));
        }

        var copy = (int[][])_units.Clone();
        copy[layer] = set;
        return new MultiwayPath(copy, HiddenSizes);
    }

    /// <summary>Wraps trusted per-layer sets (ascending, in range, no repeats) without copying.</summary>
    internal MultiwayPath(int[][] units, IReadOnlyList<int> sizes)
    {
        _units = units;
        HiddenSizes = sizes;
    }

    /// <summary>Gate flags <c>1[i ∈ S_k]·φ(z_i)</c>, one per hidden neuron numbered layer by layer.</summary>
    public bool[] Gates(ActivationPattern pattern)
    {
        var gates = new bool[pattern.NeuronCount];
        if (pattern.Layout.LayerCount != _units.Length)
        {
            throw new ArgumentException($"pattern has {pattern.Layout.LayerCount} hidden layers; expected {_units.Length}.", nameof(pattern));
        }

        for (int k = 0; k < _units.Length; k++)
        {
            int off = pattern.Layout.NeuronOffset(k);
            foreach (int u in _units[k])
            {
                gates[off + u] = pattern.IsActive(k, u);
            }
        }

        return gates;
    }

    /// <summary>
    /// <c>W_P</c> by the forward product formula <c>W^(N+1) D_N^P W^(N) ⋯ D_1^P W^(1)</c>, row-major <c>C × d0</c>.
    /// </summary>
    /// <remarks>Cost <c>O(d0 · P_w)</c>.</remarks>
    public double[] WeightMatrix(ReluNetwork network, ActivationPattern pattern)
    {
        CheckNetwork(network);
        bool[] gates = Gates(pattern);
        int d = network.InputDimension;
        var layers = network.Layers;
        // M holds the product up to the current layer, row-major (rows × d); start with the identity.
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            m[i * d + i] = 1.0;
        }

        for (int k = 0; k < layers.Count; k++)
        {
            DenseLayer layer = layers[k];
            var next = new double[layer.Outputs * d];
            bool hidden = k < layers.Count - 1;
            int off = hidden ? network.PatternLayout.NeuronOffset(k) : 0;
            for (int i = 0; i < layer.Outputs; i++)
            {
                if (hidden && !gates[off + i])
                {
                    continue;
                }

                ReadOnlySpan<double> row = layer.Row(i);
                Span<double> dest = next.AsSpan(i * d, d);
                for (int p = 0; p < row.Length; p++)
                {
                    if (row[p] != 0.0)
                    {
                        PathKernels.Axpy(row[p], m.AsSpan(p * d, d), dest);
                    }
                }
            }

            m = next;
        }

        return m;
    }

    /// <summary>The bias term <c>b_P</c> (length C), excluding the output bias <c>b^(N+1)</c>.</summary>
    public double[] Bias(ReluNetwork network, ActivationPattern pattern)
    {
        CheckNetwork(network);
        bool[] gates = Gates(pattern);
        var layers = network.Layers;
        double[] beta = [];
        for (int k = 0; k < layers.Count; k++)
        {
            DenseLayer layer = layers[k];
            bool hidden = k < layers.Count - 1;
            var next = new double[layer.Outputs];
            int off = hidden ? network.PatternLayout.NeuronOffset(k) : 0;
            for (int i = 0; i < layer.Outputs; i++)
            {
                if (hidden && !gates[off + i])
                {
                    continue;
                }

                double s = hidden ? layer.Bias[i] : 0.0;
                if (k > 0)
                {
                    s = Kernels.Dot.Compute(layer.Row(i), beta, s);
                }

                next[i] = s;
            }

            beta = next;
        }

        return beta;
    }

    /// <summary>
    /// <c>f_P</c> at <paramref name="point"/> with the gates frozen at <paramref name="pattern"/>: a forward pass in
    /// which hidden layer k outputs <c>D_k^P (W^(k) h̃ + b^(k))</c>, then the output layer (with its bias).
    /// </summary>
    public double[] EvaluateFrozen(ReluNetwork network, ActivationPattern pattern, ReadOnlySpan<double> point)
    {
        CheckNetwork(network);
        Guard.Length(point.Length, network.InputDimension, nameof(point));
        Guard.Finite(point, nameof(point));
        bool[] gates = Gates(pattern);
        var layers = network.Layers;
        double[] h = point.ToArray();
        for (int k = 0; k < layers.Count; k++)
        {
            DenseLayer layer = layers[k];
            var z = new double[layer.Outputs];
            layer.Affine(h, z);
            if (k < layers.Count - 1)
            {
                int off = network.PatternLayout.NeuronOffset(k);
                for (int i = 0; i < z.Length; i++)
                {
                    if (!gates[off + i])
                    {
                        z[i] = 0.0;
                    }
                }
            }

            h = z;
        }

        return h;
    }

    /// <summary>Enumerates the one-way complete paths of <c>S_1 × … × S_N</c> in lexicographic order.</summary>
    /// <param name="limit">Maximum number of paths; more throws.</param>
    /// <exception cref="InvalidOperationException">The product exceeds <paramref name="limit"/>.</exception>
    public IEnumerable<OneWayPath> OneWayPaths(long limit = 1_000_000)
    {
        if (OneWayPathCount > limit)
        {
            throw new InvalidOperationException($"the path holds {OneWayPathCount:G6} one-way paths; the limit is {limit}.");
        }

        return Enumerate();

        IEnumerable<OneWayPath> Enumerate()
        {
            int n = _units.Length;
            if (n == 0 || _units.Any(s => s.Length == 0))
            {
                yield break;
            }

            var idx = new int[n];
            while (true)
            {
                var tuple = new int[n];
                for (int k = 0; k < n; k++)
                {
                    tuple[k] = _units[k][idx[k]];
                }

                yield return new OneWayPath(tuple);
                int j = n - 1;
                while (j >= 0 && ++idx[j] == _units[j].Length)
                {
                    idx[j] = 0;
                    j--;
                }

                if (j < 0)
                {
                    yield break;
                }
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(" | ", _units.Select(s => "{" + string.Join(",", s) + "}"));

    private void CheckNetwork(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.HiddenSizes.SequenceEqual(HiddenSizes))
        {
            throw new ArgumentException($"network hidden sizes [{string.Join(",", network.HiddenSizes)}] differ from the path's [{string.Join(",", HiddenSizes)}].", nameof(network));
        }
    }
}
