using ReluAnalysis.Patterns;

namespace ReluAnalysis.Networks;

/// <summary>
/// An immutable ReLU network <c>x ↦ W_L ReLU(… ReLU(W_1 x + b_1) …) + b_L</c>: dense hidden layers
/// followed by ReLU and a final affine output layer without ReLU.
/// </summary>
/// <remarks>
/// Hidden neurons are numbered layer by layer. An <see cref="ActivationPattern"/> of this network
/// stores each hidden layer in its own run of <c>ulong</c> words (<see cref="PatternLayout"/>).
/// Normalisation metadata from a file is kept in <see cref="Normalization"/> and never applied
/// implicitly.
/// </remarks>
public sealed partial class ReluNetwork
{
    private readonly DenseLayer[] _layers;
    private readonly int[] _hiddenSizes;

    /// <summary>Creates a network from its layers; the last layer is the affine output layer.</summary>
    /// <param name="layers">At least one layer; each layer's <see cref="DenseLayer.Inputs"/> equals the previous layer's outputs.</param>
    /// <param name="normalization">Optional input/output normalisation metadata (for example from a <c>.nnet</c> file).</param>
    /// <exception cref="ArgumentException">No layers, or consecutive layer sizes do not match.</exception>
    public ReluNetwork(IEnumerable<DenseLayer> layers, InputNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToArray();
        if (_layers.Length == 0)
        {
            throw new ArgumentException("layers is empty; expected at least the output layer.", nameof(layers));
        }

        for (int k = 1; k < _layers.Length; k++)
        {
            if (_layers[k].Inputs != _layers[k - 1].Outputs)
            {
                throw new ArgumentException(
                    $"layers[{k}] has {_layers[k].Inputs} inputs; expected {_layers[k - 1].Outputs} (the outputs of layers[{k - 1}]).",
                    nameof(layers));
            }
        }

        if (normalization is not null && normalization.Means.Count != _layers[0].Inputs)
        {
            throw new ArgumentException(
                $"normalization has {normalization.Means.Count} inputs; expected {_layers[0].Inputs}.", nameof(normalization));
        }

        _hiddenSizes = _layers[..^1].Select(l => l.Outputs).ToArray();
        Normalization = normalization;
        PatternLayout = new PatternLayout(_hiddenSizes);
        Engine = new PatternEngine(this);
    }

    /// <summary>The activation-pattern engine of this network (concrete, symbolic and backward steps).</summary>
    public PatternEngine Engine { get; }

    /// <summary>All affine layers; the last is the output layer (no ReLU).</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>Input dimension <c>d</c>.</summary>
    public int InputDimension => _layers[0].Inputs;

    /// <summary>Output dimension.</summary>
    public int OutputDimension => _layers[^1].Outputs;

    /// <summary>Widths of the hidden (ReLU) layers, input side first.</summary>
    public IReadOnlyList<int> HiddenSizes => _hiddenSizes;

    /// <summary>Number of hidden layers.</summary>
    public int HiddenLayerCount => _hiddenSizes.Length;

    /// <summary>Total number of hidden neurons.</summary>
    public int HiddenNeuronCount => PatternLayout.NeuronCount;

    /// <summary>Widest layer, including input and output.</summary>
    public int MaxWidth => Math.Max(InputDimension, _layers.Max(l => l.Outputs));

    /// <summary>Number of weights and biases.</summary>
    public int ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>How activation patterns of this network are laid out in <c>ulong</c> words.</summary>
    public PatternLayout PatternLayout { get; }

    /// <summary>Normalisation metadata read from a file, or <see langword="null"/>. Never applied implicitly.</summary>
    public InputNormalization? Normalization { get; }

    /// <summary>Layer sizes input first: <c>[d, n_1, …, n_{L-1}, outputs]</c>.</summary>
    public int[] LayerSizes() => [InputDimension, .. _layers.Select(l => l.Outputs)];

    /// <summary>Returns a copy of this network with other normalisation metadata.</summary>
    public ReluNetwork WithNormalization(InputNormalization? normalization) => new(_layers, normalization);

    /// <summary>Creates a network of the given sizes with He-normal weights and small normal biases, from a seed.</summary>
    /// <param name="sizes">Layer sizes input first, at least two entries, for example <c>[2, 8, 8, 1]</c>.</param>
    /// <param name="seed">Seed of the random generator; the same seed gives the same network.</param>
    /// <param name="biasScale">Standard deviation of the normal biases (0 for zero biases).</param>
    public static ReluNetwork Random(IReadOnlyList<int> sizes, int seed, double biasScale = 0.1)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2)
        {
            throw new ArgumentException($"sizes has {sizes.Count} entries; expected at least 2 (input and output).", nameof(sizes));
        }

        var rng = new Random(seed);
        var layers = new DenseLayer[sizes.Count - 1];
        for (int k = 0; k < layers.Length; k++)
        {
            int n = sizes[k], m = sizes[k + 1];
            Guard.Positive(n, $"sizes[{k}]");
            Guard.Positive(m, $"sizes[{k + 1}]");
            double std = Math.Sqrt(2.0 / n);
            var w = new double[m * n];
            var b = new double[m];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = std * Gaussian(rng);
            }

            for (int i = 0; i < m; i++)
            {
                b[i] = biasScale * Gaussian(rng);
            }

            layers[k] = new DenseLayer(m, n, w, b);
        }

        return new ReluNetwork(layers);
    }

    /// <summary>One standard normal sample by the Box–Muller transform (deterministic for a seeded generator).</summary>
    internal static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
