using ReluAnalysis.Networks;

namespace ReluAnalysis.Patterns;

/// <summary>
/// The network restricted to the region of a pattern σ: <c>f(x) = A_σ x + c_σ</c> with
/// <c>A_σ = W_L D_{L−1} W_{L−1} … D_1 W_1</c>, where <c>D_k</c> keeps the active rows of layer k, and
/// <c>c_σ</c> from the same recursion on the biases.
/// </summary>
/// <remarks>Cost <c>O(d · Σ n_k n_{k+1})</c>. <c>A</c> is row-major <c>outputs × d</c>.</remarks>
public sealed class LocalAffineMap
{
    private readonly double[] _matrix;
    private readonly double[] _offset;

    internal LocalAffineMap(int outputs, int inputs, double[] matrix, double[] offset)
    {
        Outputs = outputs;
        Inputs = inputs;
        _matrix = matrix;
        _offset = offset;
    }

    /// <summary>Rows of <c>A</c>.</summary>
    public int Outputs { get; }

    /// <summary>Columns of <c>A</c> (the input dimension).</summary>
    public int Inputs { get; }

    /// <summary>Row-major <c>A_σ</c>, <see cref="Outputs"/> × <see cref="Inputs"/>.</summary>
    public ReadOnlySpan<double> Matrix => _matrix;

    /// <summary><c>c_σ</c>.</summary>
    public ReadOnlySpan<double> Offset => _offset;

    /// <summary>The gradient of output <paramref name="output"/> on the region: row <paramref name="output"/> of <c>A_σ</c>.</summary>
    public ReadOnlySpan<double> Gradient(int output)
    {
        Guard.Index(output, Outputs, nameof(output));
        return _matrix.AsSpan(output * Inputs, Inputs);
    }

    /// <summary><c>A_σ x + c_σ</c>.</summary>
    public double[] Evaluate(ReadOnlySpan<double> x)
    {
        Guard.Length(x.Length, Inputs, nameof(x));
        var y = new double[Outputs];
        for (int o = 0; o < Outputs; o++)
        {
            y[o] = Kernels.Dot.Compute(_matrix.AsSpan(o * Inputs, Inputs), x, _offset[o]);
        }

        return y;
    }

    /// <summary>The local affine map of <paramref name="network"/> for <paramref name="pattern"/>.</summary>
    /// <exception cref="ArgumentException">The pattern's layout does not match the network.</exception>
    public static LocalAffineMap For(ReluNetwork network, ActivationPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(network);
        var (m, c) = Propagate(network, pattern, null);
        return new LocalAffineMap(network.OutputDimension, network.InputDimension, m, c);
    }

    /// <summary>The local affine map at the pattern of <paramref name="x"/>.</summary>
    public static LocalAffineMap At(ReluNetwork network, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(network);
        return For(network, network.PatternAt(x));
    }

    /// <summary>
    /// The pre-activation maps of every hidden layer on the region of <paramref name="pattern"/>:
    /// element k holds <c>z^k(x) = M_k x + m_k</c> (row-major <c>n_k × d</c>), which depends only on the
    /// pattern bits of layers below k.
    /// </summary>
    public static IReadOnlyList<LocalAffineMap> PreActivationMaps(ReluNetwork network, ActivationPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(network);
        var maps = new List<LocalAffineMap>(network.HiddenLayerCount);
        Propagate(network, pattern, maps);
        return maps;
    }

    private static (double[] Matrix, double[] Offset) Propagate(ReluNetwork network, ActivationPattern pattern, List<LocalAffineMap>? hiddenMaps)
    {
        if (pattern.Layout is null || !pattern.Layout.Equals(network.PatternLayout))
        {
            throw new ArgumentException("pattern does not match the network's hidden layer sizes.", nameof(pattern));
        }

        int d = network.InputDimension;

        // M (rows × d) and m map the input to the current layer's input; start with the identity.
        var m = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            m[i * d + i] = 1.0;
        }

        var off = new double[d];
        int rowsM = d;
        var layers = network.Layers;
        for (int k = 0; k < layers.Count; k++)
        {
            DenseLayer layer = layers[k];
            int n = layer.Outputs;
            var z = new double[n * d];
            var z0 = new double[n];
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<double> w = layer.Row(i);
                Span<double> zi = z.AsSpan(i * d, d);
                double acc = layer.Bias[i];
                for (int j = 0; j < rowsM; j++)
                {
                    double wij = w[j];
                    if (wij == 0.0)
                    {
                        continue;
                    }

                    ReadOnlySpan<double> mj = m.AsSpan(j * d, d);
                    for (int t = 0; t < d; t++)
                    {
                        zi[t] += wij * mj[t];
                    }

                    acc += wij * off[j];
                }

                z0[i] = acc;
            }

            if (k == layers.Count - 1)
            {
                return (z, z0);
            }

            hiddenMaps?.Add(new LocalAffineMap(n, d, (double[])z.Clone(), (double[])z0.Clone()));
            for (int i = 0; i < n; i++)
            {
                if (!pattern.IsActive(k, i))
                {
                    z.AsSpan(i * d, d).Clear();
                    z0[i] = 0.0;
                }
            }

            m = z;
            off = z0;
            rowsM = n;
        }

        throw new InvalidOperationException("unreachable: a network has an output layer.");
    }
}
