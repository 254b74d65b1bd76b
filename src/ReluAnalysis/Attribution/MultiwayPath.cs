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

    /// <summary>
    /// The gates <c>1[i ∈ S_k]·φ(z_i)</c> as an engine mask: a unit is open when it belongs to the path and is active
    /// in <paramref name="pattern"/>.
    /// </summary>
    public PatternMask Gates(ActivationPattern pattern)
    {
        if (pattern.Layout is null || pattern.Layout.LayerCount != _units.Length)
        {
            throw new ArgumentException($"pattern has {pattern.Layout?.LayerCount ?? 0} hidden layers; expected {_units.Length}.", nameof(pattern));
        }

        var gates = new PatternMask(pattern.Layout);
        for (int k = 0; k < _units.Length; k++)
        {
            gates.CloseLayer(k);
            foreach (int u in _units[k])
            {
                gates.Set(k, u, pattern.IsActive(k, u));
            }
        }

        return gates;
    }

    /// <summary>
    /// <c>W_P = W^(N+1) D_N^P W^(N) ⋯ D_1^P W^(1)</c>, row-major <c>C × d0</c>: the engine's local map under the path's
    /// gates (<see cref="PatternEngine.LocalMap"/>).
    /// </summary>
    /// <remarks>Cost <c>O(d0 · P_w)</c>.</remarks>
    public double[] WeightMatrix(ReluNetwork network, ActivationPattern pattern) => Model(network, pattern).Matrix;

    /// <summary>The bias term <c>b_P</c> (length C), excluding the output bias <c>b^(N+1)</c>.</summary>
    public double[] Bias(ReluNetwork network, ActivationPattern pattern)
    {
        double[] offset = Model(network, pattern).Offset;
        ReadOnlySpan<double> outputBias = network.Layers[^1].Bias;
        for (int c = 0; c < offset.Length; c++)
        {
            offset[c] -= outputBias[c];
        }

        return offset;
    }

    /// <summary>
    /// <c>f_P</c> at <paramref name="point"/> with the gates frozen at <paramref name="pattern"/>: a forward pass in
    /// which hidden layer k outputs <c>D_k^P (W^(k) h̃ + b^(k))</c>, then the output layer (with its bias)
    /// (<see cref="PatternEngine.ForwardMasked"/>).
    /// </summary>
    public double[] EvaluateFrozen(ReluNetwork network, ActivationPattern pattern, ReadOnlySpan<double> point)
    {
        CheckNetwork(network);
        var y = new double[network.OutputDimension];
        network.Engine.ForwardMasked(point, Gates(pattern), y);
        return y;
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

    private (double[] Matrix, double[] Offset) Model(ReluNetwork network, ActivationPattern pattern)
    {
        CheckNetwork(network);
        var matrix = new double[network.OutputDimension * network.InputDimension];
        var offset = new double[network.OutputDimension];
        network.Engine.LocalMap(Gates(pattern), matrix, offset);
        return (matrix, offset);
    }

    private void CheckNetwork(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.HiddenSizes.SequenceEqual(HiddenSizes))
        {
            throw new ArgumentException($"network hidden sizes [{string.Join(",", network.HiddenSizes)}] differ from the path's [{string.Join(",", HiddenSizes)}].", nameof(network));
        }
    }
}
