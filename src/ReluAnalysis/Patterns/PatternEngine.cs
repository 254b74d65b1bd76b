using ReluAnalysis.Networks;

namespace ReluAnalysis.Patterns;

/// <summary>
/// The activation-pattern engine for one network under a (possibly partial) activation pattern: the concrete step
/// (<c>z = W h + b</c>, ReLU, pattern bits), the symbolic step (the affine maps <c>x ↦ A x + c</c> of every layer's
/// pre-activations on a region, extended layer by layer and neuron by neuron — <see cref="SymbolicState"/>), the
/// masked backward step (Jacobian rows and vector–Jacobian products under a <see cref="PatternMask"/>) and the
/// region's half-space rows. Every module of the library goes through these calls; none keeps its own copy.
/// </summary>
/// <remarks>
/// <para>The batched numeric half is <see cref="BatchEvaluator"/> (the fused SIMD kernel); this type is the
/// single-point and symbolic half. Both accumulate the concrete step as <c>fma(W[i,j], h[j], ·)</c> in ascending
/// <c>j</c> from <c>b[i]</c>, so they agree to the last bit.</para>
/// <para>Symbolic and backward steps add products <c>a·x</c> rounded, then summed (no fused rounding) in ascending
/// neuron order; a map built neuron by neuron in ascending order equals the one built layer by layer bit for bit.</para>
/// <para>Immutable and thread-safe; <see cref="ReluNetwork.Engine"/> holds the engine of a network.</para>
/// </remarks>
public sealed partial class PatternEngine
{
    private readonly DenseLayer[] _layers;

    /// <summary>Creates the engine of <paramref name="network"/>; prefer <see cref="ReluNetwork.Engine"/>.</summary>
    public PatternEngine(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        _layers = [.. network.Layers];
    }

    /// <summary>The network.</summary>
    public ReluNetwork Network { get; }

    /// <summary>Where each hidden neuron's bit lives.</summary>
    public PatternLayout Layout => Network.PatternLayout;

    /// <summary>Input dimension <c>d</c>.</summary>
    public int InputDimension => _layers[0].Inputs;

    /// <summary>Output dimension.</summary>
    public int OutputDimension => _layers[^1].Outputs;

    /// <summary>Number of hidden (ReLU) layers; the output layer has index <see cref="HiddenLayerCount"/>.</summary>
    public int HiddenLayerCount => _layers.Length - 1;

    /// <summary>Width of layer <paramref name="layer"/> (hidden layers first, then the output layer).</summary>
    public int Width(int layer) => _layers[layer].Outputs;

    /// <summary>
    /// The concrete step of layer <paramref name="layer"/>: <c>z = W h + b</c> (no ReLU), accumulated as
    /// <c>fma(W[i,j], h[j], ·)</c> from <c>b[i]</c> in ascending <c>j</c>.
    /// </summary>
    /// <param name="layer">Layer index; <see cref="HiddenLayerCount"/> is the output layer.</param>
    /// <param name="h">The layer's input, length <c>Inputs</c> of the layer.</param>
    /// <param name="z">Destination of length at least the layer's width.</param>
    public void Step(int layer, ReadOnlySpan<double> h, Span<double> z)
    {
        Guard.Index(layer, _layers.Length, nameof(layer));
        _layers[layer].Affine(h, z);
    }

    /// <summary>
    /// One forward pass: the outputs at <paramref name="x"/> and, on request, the pattern bits (<c>z &gt; 0</c>,
    /// <see cref="SignRule.IsActive"/>) and every hidden pre-activation.
    /// </summary>
    /// <param name="x">Input of length <see cref="InputDimension"/>; NaN and infinity are rejected.</param>
    /// <param name="output">Destination of length at least <see cref="OutputDimension"/>.</param>
    /// <param name="patternWords"><c>Layout.WordCount</c> words, cleared by the caller, or empty.</param>
    /// <param name="preActivations"><c>Layout.NeuronCount</c> values (neurons layer by layer), or empty.</param>
    /// <remarks>Cost <c>2·Σ n_k n_{k+1}</c> flops; allocation-free for widths up to 512.</remarks>
    public void Forward(ReadOnlySpan<double> x, Span<double> output, Span<ulong> patternWords = default, Span<double> preActivations = default) =>
        Forward(x, null, output, patternWords, preActivations);

    /// <summary>
    /// The network with its pattern frozen to <paramref name="mask"/>: hidden neuron i outputs its pre-activation when
    /// the mask opens it and 0 otherwise, whatever its sign (undecided neurons are closed). With the mask of
    /// <c>x</c>'s own pattern this is the plain forward pass; with a path's units it is the path's model <c>f_P</c>.
    /// </summary>
    public void ForwardMasked(ReadOnlySpan<double> x, PatternMask mask, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(mask);
        CheckLayout(mask.Layout, nameof(mask));
        Forward(x, mask, output, default, default);
    }

    private void Forward(ReadOnlySpan<double> x, PatternMask? mask, Span<double> output, Span<ulong> patternWords, Span<double> preActivations)
    {
        Guard.Length(x.Length, InputDimension, nameof(x));
        Guard.MinLength(output.Length, OutputDimension, nameof(output));
        Guard.Finite(x, nameof(x));
        int width = Network.MaxWidth;
        Span<double> a = width <= 512 ? stackalloc double[width] : new double[width];
        Span<double> b = width <= 512 ? stackalloc double[width] : new double[width];
        x.CopyTo(a);
        int n = x.Length;
        PatternLayout layout = Layout;
        for (int k = 0; k < _layers.Length; k++)
        {
            DenseLayer layer = _layers[k];
            Span<double> z = b[..layer.Outputs];
            layer.Affine(a[..n], z);
            if (k < _layers.Length - 1)
            {
                if (!preActivations.IsEmpty)
                {
                    z.CopyTo(preActivations.Slice(layout.NeuronOffset(k), z.Length));
                }

                int wordOffset = layout.WordOffset(k);
                for (int i = 0; i < z.Length; i++)
                {
                    bool active = SignRule.IsActive(z[i]);
                    if (active && !patternWords.IsEmpty)
                    {
                        patternWords[wordOffset + (i >> 6)] |= 1UL << (i & 63);
                    }

                    if (mask is null ? !active : !mask.OpenUnchecked(k, i))
                    {
                        z[i] = 0.0;
                    }
                }
            }

            n = layer.Outputs;
            Span<double> swap = a;
            a = b;
            b = swap;
        }

        a[..OutputDimension].CopyTo(output);
    }

    private void CheckLayout(PatternLayout layout, string paramName)
    {
        if (!layout.Equals(Layout))
        {
            throw new ArgumentException($"{paramName} has hidden layer sizes [{string.Join(",", layout.LayerSizes)}]; expected [{string.Join(",", Layout.LayerSizes)}] (the network's).", paramName);
        }
    }
}
