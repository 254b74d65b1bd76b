using System.Numerics;
using System.Text;

namespace ReluAnalysis.Patterns;

/// <summary>
/// The activation pattern of a network at an input: one bit per hidden neuron, 1 when its
/// pre-activation <c>z &gt; 0</c> (active), 0 otherwise. Immutable; compared and hashed by content.
/// </summary>
/// <remarks>Bits are stored in <c>ulong</c> words laid out by a <see cref="PatternLayout"/>.</remarks>
public readonly struct ActivationPattern : IEquatable<ActivationPattern>
{
    private readonly ulong[] _words;

    /// <summary>Creates a pattern from a copy of <paramref name="words"/>.</summary>
    /// <exception cref="ArgumentException">Wrong word count, or bits set beyond a layer's width.</exception>
    public ActivationPattern(PatternLayout layout, ReadOnlySpan<ulong> words)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Guard.Length(words.Length, layout.WordCount, nameof(words));
        for (int k = 0; k < layout.LayerCount; k++)
        {
            int n = layout.LayerSizes[k];
            int last = layout.WordOffset(k + 1) - 1;
            int usedBits = n - ((n - 1) & ~63);
            if (usedBits < 64 && (words[last] >> usedBits) != 0)
            {
                throw new ArgumentException($"words[{last}] has bits set beyond the {n} neurons of hidden layer {k}.", nameof(words));
            }
        }

        Layout = layout;
        _words = words.ToArray();
    }

    private ActivationPattern(PatternLayout layout, ulong[] words, bool _)
    {
        Layout = layout;
        _words = words;
    }

    /// <summary>The layout (hidden layer widths) of this pattern.</summary>
    public PatternLayout Layout { get; }

    /// <summary>The raw words.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>Number of hidden neurons.</summary>
    public int NeuronCount => Layout.NeuronCount;

    internal static ActivationPattern Wrap(PatternLayout layout, ulong[] words) => new(layout, words, true);

    /// <summary>Whether neuron <paramref name="neuron"/> of hidden layer <paramref name="layer"/> is active.</summary>
    public bool IsActive(int layer, int neuron)
    {
        Guard.Index(layer, Layout.LayerCount, nameof(layer));
        Guard.Index(neuron, Layout.LayerSizes[layer], nameof(neuron));
        return ((_words[Layout.WordOffset(layer) + (neuron >> 6)] >> (neuron & 63)) & 1UL) != 0;
    }

    /// <summary>Whether hidden neuron <paramref name="globalNeuron"/> (numbered layer by layer) is active.</summary>
    public bool IsActive(int globalNeuron)
    {
        var (layer, neuron) = Layout.Locate(globalNeuron);
        return IsActive(layer, neuron);
    }

    /// <summary>Number of active neurons.</summary>
    public int PopCount()
    {
        int count = 0;
        foreach (ulong w in _words)
        {
            count += BitOperations.PopCount(w);
        }

        return count;
    }

    /// <summary>Number of active neurons in one hidden layer.</summary>
    public int PopCount(int layer)
    {
        Guard.Index(layer, Layout.LayerCount, nameof(layer));
        int count = 0;
        for (int w = Layout.WordOffset(layer); w < Layout.WordOffset(layer + 1); w++)
        {
            count += BitOperations.PopCount(_words[w]);
        }

        return count;
    }

    /// <summary>Number of neurons whose state differs from <paramref name="other"/>.</summary>
    /// <exception cref="ArgumentException">The layouts differ.</exception>
    public int HammingDistance(ActivationPattern other)
    {
        if (!Layout.Equals(other.Layout))
        {
            throw new ArgumentException("other has a different layout; expected patterns of the same network shape.", nameof(other));
        }

        int count = 0;
        for (int i = 0; i < _words.Length; i++)
        {
            count += BitOperations.PopCount(_words[i] ^ other._words[i]);
        }

        return count;
    }

    /// <summary>The pattern with neuron <paramref name="neuron"/> of layer <paramref name="layer"/> flipped.</summary>
    public ActivationPattern Flip(int layer, int neuron)
    {
        Guard.Index(layer, Layout.LayerCount, nameof(layer));
        Guard.Index(neuron, Layout.LayerSizes[layer], nameof(neuron));
        ulong[] words = _words.AsSpan().ToArray();
        words[Layout.WordOffset(layer) + (neuron >> 6)] ^= 1UL << (neuron & 63);
        return new ActivationPattern(Layout, words, true);
    }

    /// <summary>Indices of the active neurons of one hidden layer, ascending.</summary>
    public int[] ActiveNeurons(int layer)
    {
        Guard.Index(layer, Layout.LayerCount, nameof(layer));
        var result = new int[PopCount(layer)];
        int r = 0;
        int first = Layout.WordOffset(layer);
        for (int w = first; w < Layout.WordOffset(layer + 1); w++)
        {
            ulong bits = _words[w];
            while (bits != 0)
            {
                result[r++] = ((w - first) << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }

        return result;
    }

    /// <summary>The bits of one hidden layer as a string of '0'/'1', neuron 0 first.</summary>
    public string ToBitString(int layer)
    {
        Guard.Index(layer, Layout.LayerCount, nameof(layer));
        int n = Layout.LayerSizes[layer];
        var sb = new StringBuilder(n);
        int first = Layout.WordOffset(layer);
        for (int i = 0; i < n; i++)
        {
            sb.Append(((_words[first + (i >> 6)] >> (i & 63)) & 1UL) != 0 ? '1' : '0');
        }

        return sb.ToString();
    }

    /// <summary>Per-layer bit strings joined by '|'.</summary>
    public override string ToString() =>
        Layout is null ? string.Empty : string.Join('|', Enumerable.Range(0, Layout.LayerCount).Select(ToBitString));

    /// <inheritdoc />
    public bool Equals(ActivationPattern other) =>
        ReferenceEquals(_words, other._words)
        || (_words is not null && other._words is not null && _words.AsSpan().SequenceEqual(other._words) && Layout.Equals(other.Layout));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActivationPattern p && Equals(p);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_words is null)
        {
            return 0;
        }

        var h = new HashCode();
        foreach (ulong w in _words)
        {
            h.Add(w);
        }

        return h.ToHashCode();
    }

    /// <summary>Content equality.</summary>
    public static bool operator ==(ActivationPattern left, ActivationPattern right) => left.Equals(right);

    /// <summary>Content inequality.</summary>
    public static bool operator !=(ActivationPattern left, ActivationPattern right) => !left.Equals(right);
}
