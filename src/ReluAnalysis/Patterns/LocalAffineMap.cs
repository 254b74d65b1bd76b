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

    /// <summary>
    /// An output functional on the region: <c>w·(A_σ x + c_σ) = a·x + w·c_σ</c>. Writes <c>a = wᵀA_σ</c> to
    /// <paramref name="coefficients"/> and returns <c>w·c_σ</c>; outputs with <c>w_o = 0</c> are skipped.
    /// </summary>
    /// <param name="functional"><c>w</c>, length <see cref="Outputs"/>.</param>
    /// <param name="coefficients">Receives <c>a</c>, length <see cref="Inputs"/>.</param>
    public double Functional(ReadOnlySpan<double> functional, Span<double> coefficients)
    {
        Guard.Length(functional.Length, Outputs, nameof(functional));
        Guard.Length(coefficients.Length, Inputs, nameof(coefficients));
        coefficients.Clear();
        double constant = 0;
        for (int o = 0; o < Outputs; o++)
        {
            double w = functional[o];
            if (w == 0)
            {
                continue;
            }

            constant += w * _offset[o];
            ReadOnlySpan<double> row = _matrix.AsSpan(o * Inputs, Inputs);
            for (int j = 0; j < Inputs; j++)
            {
                coefficients[j] += w * row[j];
            }
        }

        return constant;
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

    /// <summary>The local affine map of <paramref name="network"/> for <paramref name="pattern"/> (<see cref="PatternEngine.LocalMap"/>).</summary>
    /// <exception cref="ArgumentException">The pattern's layout does not match the network.</exception>
    public static LocalAffineMap For(ReluNetwork network, ActivationPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(network);
        var m = new double[network.OutputDimension * network.InputDimension];
        var c = new double[network.OutputDimension];
        network.Engine.LocalMap(Mask(network, pattern), m, c);
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
        SymbolicState state = network.Engine.BeginSymbolic();
        state.DecideAll(Mask(network, pattern).OpenWords);
        return Of(state, network.HiddenLayerCount);
    }

    /// <summary>The maps of layers <c>0 … count−1</c> held by a symbolic state.</summary>
    internal static LocalAffineMap[] Of(SymbolicState state, int count)
    {
        var maps = new LocalAffineMap[count];
        for (int k = 0; k < count; k++)
        {
            maps[k] = new LocalAffineMap(state.Engine.Width(k), state.Parameters, state.Matrix(k).ToArray(), state.Offset(k).ToArray());
        }

        return maps;
    }

    private static PatternMask Mask(ReluNetwork network, ActivationPattern pattern)
    {
        if (pattern.Layout is null || !pattern.Layout.Equals(network.PatternLayout))
        {
            throw new ArgumentException("pattern does not match the network's hidden layer sizes.", nameof(pattern));
        }

        return PatternMask.From(pattern);
    }
}
