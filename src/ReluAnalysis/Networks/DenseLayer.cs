namespace ReluAnalysis.Networks;

/// <summary>
/// One affine layer <c>z = W h + b</c> of a network, with <c>W</c> stored row-major as
/// <see cref="Outputs"/> × <see cref="Inputs"/>. Whether a ReLU follows is decided by the
/// layer's position in the <see cref="ReluNetwork"/> (every layer but the last).
/// </summary>
public sealed class DenseLayer
{
    private readonly double[] _weights;
    private readonly double[] _bias;

    /// <summary>Creates a layer from copies of the given weights and bias.</summary>
    /// <param name="outputs">Number of rows of <c>W</c> (neurons of this layer).</param>
    /// <param name="inputs">Number of columns of <c>W</c> (width of the layer below).</param>
    /// <param name="weights">Row-major <c>outputs × inputs</c> values.</param>
    /// <param name="bias"><c>outputs</c> values.</param>
    /// <exception cref="ArgumentException">A length is wrong or a value is NaN or infinite.</exception>
    public DenseLayer(int outputs, int inputs, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias)
    {
        Guard.Positive(outputs, nameof(outputs));
        Guard.Positive(inputs, nameof(inputs));
        Guard.Length(weights.Length, outputs * inputs, nameof(weights));
        Guard.Length(bias.Length, outputs, nameof(bias));
        Guard.Finite(weights, nameof(weights));
        Guard.Finite(bias, nameof(bias));
        Outputs = outputs;
        Inputs = inputs;
        _weights = weights.ToArray();
        _bias = bias.ToArray();
    }

    /// <summary>Number of neurons (rows of <c>W</c>).</summary>
    public int Outputs { get; }

    /// <summary>Input width (columns of <c>W</c>).</summary>
    public int Inputs { get; }

    /// <summary>Row-major weights, <see cref="Outputs"/> × <see cref="Inputs"/>.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>Bias, <see cref="Outputs"/> values.</summary>
    public ReadOnlySpan<double> Bias => _bias;

    /// <summary>Number of parameters, <c>Outputs·Inputs + Outputs</c>.</summary>
    public int ParameterCount => _weights.Length + _bias.Length;

    /// <summary>Row <paramref name="row"/> of <c>W</c>.</summary>
    public ReadOnlySpan<double> Row(int row)
    {
        Guard.Index(row, Outputs, nameof(row));
        return new ReadOnlySpan<double>(_weights, row * Inputs, Inputs);
    }

    /// <summary>The weight <c>W[row, col]</c>.</summary>
    public double Weight(int row, int col) => _weights[row * Inputs + col];

    internal double[] WeightArray => _weights;

    internal double[] BiasArray => _bias;

    /// <summary>Computes <c>W h + b</c> into <paramref name="destination"/> (no ReLU).</summary>
    public void Affine(ReadOnlySpan<double> h, Span<double> destination)
    {
        Guard.Length(h.Length, Inputs, nameof(h));
        Guard.MinLength(destination.Length, Outputs, nameof(destination));
        for (int i = 0; i < Outputs; i++)
        {
            destination[i] = Kernels.Dot.Compute(new ReadOnlySpan<double>(_weights, i * Inputs, Inputs), h, _bias[i]);
        }
    }
}
