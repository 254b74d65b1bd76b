using System.Numerics;

namespace ReluAnalysis.Patterns;

/// <summary>
/// A mutable, possibly partial activation pattern: for every hidden neuron whether it is decided and, if so,
/// whether it is open (active, its pre-activation passes through) or closed (inactive, output 0). The one mask type
/// of the engine: region searches fix neurons one at a time, attribution opens only the units of a path, backward
/// steps pass gradients only through open neurons.
/// </summary>
/// <remarks>
/// Two words per 64 neurons, laid out by <see cref="PatternLayout"/> exactly as <see cref="ActivationPattern"/>:
/// <see cref="OpenWords"/> holds the active bits, <see cref="DecidedWords"/> the decided ones. An open neuron is always
/// decided. Gating (<see cref="PatternEngine.ForwardMasked"/>, the backward steps) reads only the open bits, so an
/// undecided neuron blocks like a closed one there.
/// </remarks>
public sealed class PatternMask
{
    private readonly ulong[] _open;
    private readonly ulong[] _decided;

    /// <summary>An empty mask (every neuron undecided) for <paramref name="layout"/>.</summary>
    public PatternMask(PatternLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        _open = new ulong[layout.WordCount];
        _decided = new ulong[layout.WordCount];
    }

    /// <summary>The layout (hidden layer widths).</summary>
    public PatternLayout Layout { get; }

    /// <summary>The open (active) bits.</summary>
    public ReadOnlySpan<ulong> OpenWords => _open;

    /// <summary>The decided bits.</summary>
    public ReadOnlySpan<ulong> DecidedWords => _decided;

    /// <summary>Whether every neuron is decided (the mask is a full pattern).</summary>
    public bool IsComplete
    {
        get
        {
            for (int k = 0; k < Layout.LayerCount; k++)
            {
                if (DecidedCount(k) != Layout.LayerSizes[k])
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The full mask of <paramref name="pattern"/>: every neuron decided, open exactly where active.</summary>
    public static PatternMask From(ActivationPattern pattern)
    {
        var mask = new PatternMask(pattern.Layout ?? throw new ArgumentException("pattern is the default value; expected a pattern of a network.", nameof(pattern)));
        pattern.Words.CopyTo(mask._open);
        mask.DecideAll();
        return mask;
    }

    /// <summary>
    /// A full mask from one flag per hidden neuron (numbered layer by layer): open where the flag is set, closed
    /// elsewhere.
    /// </summary>
    public static PatternMask FromFlags(PatternLayout layout, ReadOnlySpan<bool> open)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Guard.Length(open.Length, layout.NeuronCount, nameof(open));
        var mask = new PatternMask(layout);
        for (int k = 0; k < layout.LayerCount; k++)
        {
            int off = layout.NeuronOffset(k);
            for (int i = 0; i < layout.LayerSizes[k]; i++)
            {
                if (open[off + i])
                {
                    mask.SetBit(mask._open, k, i);
                }
            }
        }

        mask.DecideAll();
        return mask;
    }

    /// <summary>Whether neuron <paramref name="neuron"/> of hidden layer <paramref name="layer"/> is open (decided active).</summary>
    public bool IsOpen(int layer, int neuron)
    {
        Check(layer, neuron);
        return GetBit(_open, layer, neuron);
    }

    /// <summary>Whether neuron <paramref name="neuron"/> of hidden layer <paramref name="layer"/> is decided.</summary>
    public bool IsDecided(int layer, int neuron)
    {
        Check(layer, neuron);
        return GetBit(_decided, layer, neuron);
    }

    /// <summary>Decides neuron <paramref name="neuron"/> of layer <paramref name="layer"/>: open when <paramref name="open"/>, closed otherwise.</summary>
    public void Set(int layer, int neuron, bool open)
    {
        Check(layer, neuron);
        SetBit(_decided, layer, neuron);
        if (open)
        {
            SetBit(_open, layer, neuron);
        }
        else
        {
            ClearBit(_open, layer, neuron);
        }
    }

    /// <summary>Makes neuron <paramref name="neuron"/> of layer <paramref name="layer"/> undecided again.</summary>
    public void Unset(int layer, int neuron)
    {
        Check(layer, neuron);
        ClearBit(_decided, layer, neuron);
        ClearBit(_open, layer, neuron);
    }

    /// <summary>Closes every neuron of hidden layer <paramref name="layer"/> (decided, inactive).</summary>
    public void CloseLayer(int layer)
    {
        Guard.Index(layer, Layout.LayerCount, nameof(layer));
        _open.AsSpan(Layout.WordOffset(layer), Layout.WordOffset(layer + 1) - Layout.WordOffset(layer)).Clear();
        DecideLayer(layer);
    }

    /// <summary>Number of open neurons in hidden layer <paramref name="layer"/>.</summary>
    public int OpenCount(int layer) => Count(_open, layer);

    /// <summary>Number of decided neurons in hidden layer <paramref name="layer"/>.</summary>
    public int DecidedCount(int layer) => Count(_decided, layer);

    /// <summary>Copies every bit of <paramref name="other"/> (same layout) into this mask.</summary>
    public void CopyFrom(PatternMask other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!other.Layout.Equals(Layout))
        {
            throw new ArgumentException("other has a different layout; expected a mask of the same network shape.", nameof(other));
        }

        other._open.CopyTo(_open, 0);
        other._decided.CopyTo(_decided, 0);
    }

    /// <summary>A copy of this mask.</summary>
    public PatternMask Clone()
    {
        var copy = new PatternMask(Layout);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>The activation pattern of a complete mask.</summary>
    /// <exception cref="InvalidOperationException">Some neuron is undecided.</exception>
    public ActivationPattern ToPattern()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("the mask has undecided neurons; expected every neuron decided before it is read as a pattern.");
        }

        return ActivationPattern.Wrap(Layout, _open.AsSpan().ToArray());
    }

    /// <summary>The open bits of one layer (for the engine's loops).</summary>
    internal ReadOnlySpan<ulong> OpenLayerWords(int layer) =>
        _open.AsSpan(Layout.WordOffset(layer), Layout.WordOffset(layer + 1) - Layout.WordOffset(layer));

    /// <summary>Whether neuron <paramref name="neuron"/> of <paramref name="layer"/> is open, without range checks.</summary>
    internal bool OpenUnchecked(int layer, int neuron) => GetBit(_open, layer, neuron);

    /// <summary>Makes this mask the full pattern given by <paramref name="words"/> (laid out as <see cref="ActivationPattern.Words"/>), without allocating.</summary>
    internal void Load(ReadOnlySpan<ulong> words)
    {
        words.CopyTo(_open);
        DecideAll();
    }

    private void DecideAll()
    {
        for (int k = 0; k < Layout.LayerCount; k++)
        {
            DecideLayer(k);
        }
    }

    private void DecideLayer(int layer)
    {
        int n = Layout.LayerSizes[layer];
        int first = Layout.WordOffset(layer);
        for (int w = 0; w < PatternLayout.WordsFor(n); w++)
        {
            int bits = Math.Min(64, n - (w << 6));
            _decided[first + w] = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        }
    }

    private int Count(ulong[] words, int layer)
    {
        Guard.Index(layer, Layout.LayerCount, nameof(layer));
        int count = 0;
        for (int w = Layout.WordOffset(layer); w < Layout.WordOffset(layer + 1); w++)
        {
            count += BitOperations.PopCount(words[w]);
        }

        return count;
    }

    private void Check(int layer, int neuron)
    {
        Guard.Index(layer, Layout.LayerCount, nameof(layer));
        Guard.Index(neuron, Layout.LayerSizes[layer], nameof(neuron));
    }

    private bool GetBit(ulong[] words, int layer, int neuron) =>
        ((words[Layout.WordOffset(layer) + (neuron >> 6)] >> (neuron & 63)) & 1UL) != 0;

    private void SetBit(ulong[] words, int layer, int neuron) =>
        words[Layout.WordOffset(layer) + (neuron >> 6)] |= 1UL << (neuron & 63);

    private void ClearBit(ulong[] words, int layer, int neuron) =>
        words[Layout.WordOffset(layer) + (neuron >> 6)] &= ~(1UL << (neuron & 63));
}
