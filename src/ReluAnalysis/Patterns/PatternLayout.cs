namespace ReluAnalysis.Patterns;

/// <summary>
/// Where each hidden layer's bits live in an activation pattern: layer <c>k</c> starts at word
/// <see cref="WordOffset"/>(k) and uses <c>⌈n_k / 64⌉</c> words; neuron <c>i</c> of that layer is bit
/// <c>i mod 64</c> of word <c>offset + i / 64</c>. Unused high bits of a layer's last word are zero.
/// </summary>
public sealed class PatternLayout : IEquatable<PatternLayout>
{
    private readonly int[] _sizes;
    private readonly int[] _wordOffsets;
    private readonly int[] _neuronOffsets;

    /// <summary>Creates the layout for hidden layers of the given widths.</summary>
    public PatternLayout(IReadOnlyList<int> hiddenSizes)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        _sizes = hiddenSizes.ToArray();
        _wordOffsets = new int[_sizes.Length + 1];
        _neuronOffsets = new int[_sizes.Length + 1];
        for (int k = 0; k < _sizes.Length; k++)
        {
            Guard.Positive(_sizes[k], $"hiddenSizes[{k}]");
            _wordOffsets[k + 1] = _wordOffsets[k] + WordsFor(_sizes[k]);
            _neuronOffsets[k + 1] = _neuronOffsets[k] + _sizes[k];
        }
    }

    /// <summary>Number of hidden layers.</summary>
    public int LayerCount => _sizes.Length;

    /// <summary>Widths of the hidden layers.</summary>
    public IReadOnlyList<int> LayerSizes => _sizes;

    /// <summary>Total words of one pattern.</summary>
    public int WordCount => _wordOffsets[^1];

    /// <summary>Total hidden neurons.</summary>
    public int NeuronCount => _neuronOffsets[^1];

    /// <summary>First word of hidden layer <paramref name="layer"/>.</summary>
    public int WordOffset(int layer) => _wordOffsets[layer];

    /// <summary>Global index of the first neuron of hidden layer <paramref name="layer"/> (neurons numbered layer by layer).</summary>
    public int NeuronOffset(int layer) => _neuronOffsets[layer];

    /// <summary>Words needed for <paramref name="neurons"/> bits.</summary>
    public static int WordsFor(int neurons) => (neurons + 63) >> 6;

    /// <summary>Maps a global neuron index to (layer, index within layer).</summary>
    public (int Layer, int Neuron) Locate(int globalNeuron)
    {
        Guard.Index(globalNeuron, NeuronCount, nameof(globalNeuron));
        int k = 0;
        while (_neuronOffsets[k + 1] <= globalNeuron)
        {
            k++;
        }

        return (k, globalNeuron - _neuronOffsets[k]);
    }

    /// <inheritdoc />
    public bool Equals(PatternLayout? other) => other is not null && _sizes.AsSpan().SequenceEqual(other._sizes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PatternLayout);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int s in _sizes)
        {
            h.Add(s);
        }

        return h.ToHashCode();
    }
}
