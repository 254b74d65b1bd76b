using ReluAnalysis.Networks;

namespace ReluAnalysis.Stability;

/// <summary>
/// A univariate two-layer ReLU network <c>f_θ(x) = Σ_{i&lt;k} a_i ReLU(w_i x + b_i) + c</c> seen through its flat
/// parameter vector <c>θ = (w, b, a, c) ∈ R^{3k+1}</c> (in this order), the coordinates of the stability theory.
/// </summary>
/// <remarks>
/// Immutable. <see cref="Network"/> is the same function as a <see cref="ReluNetwork"/> <c>[1, k, 1]</c> (layer 1:
/// weights <c>w</c> as <c>k×1</c>, bias <c>b</c>; layer 2: weights <c>a</c> as <c>1×k</c>, bias <c>c</c>); values are
/// evaluated through it, so this type has no forward pass of its own.
/// </remarks>
public sealed class UnivariateReluNet
{
    private readonly double[] _theta;
    private ReluNetwork? _network;

    /// <summary>Creates a network from a copy of <paramref name="parameters"/> = <c>(w, b, a, c)</c>.</summary>
    /// <param name="parameters">Length <c>3k + 1</c> with <c>k ≥ 1</c>; finite values.</param>
    /// <exception cref="ArgumentException">Wrong length or a NaN/infinite value.</exception>
    public UnivariateReluNet(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length < 4 || (parameters.Length - 1) % 3 != 0)
        {
            throw new ArgumentException(
                $"parameters has length {parameters.Length}; expected 3k + 1 with k ≥ 1 (w, b, a of length k, then c).", nameof(parameters));
        }

        Guard.Finite(parameters, nameof(parameters));
        _theta = parameters.ToArray();
        Width = (parameters.Length - 1) / 3;
    }

    /// <summary>Number of hidden neurons <c>k</c>.</summary>
    public int Width { get; }

    /// <summary>Number of parameters, <c>3k + 1</c>.</summary>
    public int ParameterCount => _theta.Length;

    /// <summary>The flat parameter vector <c>(w, b, a, c)</c>.</summary>
    public ReadOnlySpan<double> Parameters => _theta;

    /// <summary>Input weights <c>w</c> (k values).</summary>
    public ReadOnlySpan<double> InputWeights => _theta.AsSpan(0, Width);

    /// <summary>Input biases <c>b</c> (k values).</summary>
    public ReadOnlySpan<double> InputBiases => _theta.AsSpan(Width, Width);

    /// <summary>Output weights <c>a</c> (k values).</summary>
    public ReadOnlySpan<double> OutputWeights => _theta.AsSpan(2 * Width, Width);

    /// <summary>Output bias <c>c</c>.</summary>
    public double OutputBias => _theta[3 * Width];

    /// <summary>The same function as a <see cref="ReluNetwork"/> <c>[1, k, 1]</c> (built once, on first use).</summary>
    public ReluNetwork Network => _network ??= new ReluNetwork(
    [
        new DenseLayer(Width, 1, InputWeights, InputBiases),
        new DenseLayer(1, Width, OutputWeights, [OutputBias]),
    ]);

    /// <summary><c>f_θ(x)</c>, evaluated by <see cref="ReluNetwork.Evaluate(ReadOnlySpan{double})"/>.</summary>
    public double Evaluate(double x)
    {
        Span<double> input = [x];
        Span<double> output = stackalloc double[1];
        Network.Evaluate(input, output);
        return output[0];
    }

    /// <summary>Reads the parameters of a <c>[1, k, 1]</c> network.</summary>
    /// <exception cref="ArgumentException">The network is not univariate with one hidden layer and one output.</exception>
    public static UnivariateReluNet FromNetwork(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputDimension != 1 || network.OutputDimension != 1 || network.HiddenLayerCount != 1)
        {
            throw new ArgumentException(
                $"network has sizes [{string.Join(", ", network.LayerSizes())}]; expected [1, k, 1] (univariate, one hidden layer, one output).",
                nameof(network));
        }

        int k = network.HiddenSizes[0];
        var theta = new double[3 * k + 1];
        network.Layers[0].Weights.CopyTo(theta.AsSpan(0, k));
        network.Layers[0].Bias.CopyTo(theta.AsSpan(k, k));
        network.Layers[1].Weights.CopyTo(theta.AsSpan(2 * k, k));
        theta[3 * k] = network.Layers[1].Bias[0];
        return new UnivariateReluNet(theta) { _network = network };
    }

    /// <summary>
    /// The library's initialisation for the stability experiments: <c>w, b ~ U[−1, 1]</c>, <c>a, c ~ U[−1/√k, 1/√k]</c>.
    /// </summary>
    /// <param name="width">Hidden width <c>k ≥ 1</c>.</param>
    /// <param name="seed">Seed of the generator; the same seed gives the same network.</param>
    public static UnivariateReluNet Random(int width, int seed)
    {
        Guard.Positive(width, nameof(width));
        var rng = new Random(seed);
        var theta = new double[3 * width + 1];
        double s = 1.0 / Math.Sqrt(width);
        for (int i = 0; i < 2 * width; i++)
        {
            theta[i] = 2.0 * rng.NextDouble() - 1.0;
        }

        for (int i = 2 * width; i < theta.Length; i++)
        {
            theta[i] = s * (2.0 * rng.NextDouble() - 1.0);
        }

        return new UnivariateReluNet(theta);
    }
}
