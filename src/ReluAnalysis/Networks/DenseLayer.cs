namespace ReluAnalysis.Networks;

/// <summary>
/// One affine layer <c>z = W h + b</c> of a network, with <c>W</c> stored row-major as
/// <see cref="Outputs"/> × <see cref="Inputs"/>. Whether a ReLU follows is decided by the
/// layer's position in the <see cref="ReluNetwork"/> (every layer but the last).
/// </summary>
public sealed class DenseLayer
{
    // Weights at _weights[_weightOffset …] and bias at _bias[_biasOffset …]; a public layer owns copies, a trainer's
    // layer views the optimiser's flat parameter vector (see the internal constructor).
    private readonly double[] _weights;
    private readonly double[] _bias;
    private readonly int _weightOffset;
    private readonly int _biasOffset;

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

    /// <summary>
    /// A layer that views <paramref name="parameters"/> without copying: weights row-major from
    /// <paramref name="weightOffset"/>, bias from <c>weightOffset + outputs·inputs</c>. The owner (a trainer) changes
    /// the parameters in place between evaluations and keeps them finite; nothing else may hold such a layer.
    /// </summary>
    internal DenseLayer(int outputs, int inputs, double[] parameters, int weightOffset)
    {
        Outputs = outputs;
        Inputs = inputs;
        _weights = parameters;
        _bias = parameters;
        _weightOffset = weightOffset;
        _biasOffset = weightOffset + outputs * inputs;
    }

    /// <summary>Number of neurons (rows of <c>W</c>).</summary>
    public int Outputs { get; }

    /// <summary>Input width (columns of <c>W</c>).</summary>
    public int Inputs { get; }

    /// <summary>Row-major weights, <see cref="Outputs"/> × <see cref="Inputs"/>.</summary>
    public ReadOnlySpan<double> Weights => new(_weights, _weightOffset, Outputs * Inputs);

    /// <summary>Bias, <see cref="Outputs"/> values.</summary>
    public ReadOnlySpan<double> Bias => new(_bias, _biasOffset, Outputs);

    /// <summary>Number of parameters, <c>Outputs·Inputs + Outputs</c>.</summary>
    public int ParameterCount => Outputs * Inputs + Outputs;

    /// <summary>Row <paramref name="row"/> of <c>W</c>.</summary>
    public ReadOnlySpan<double> Row(int row)
    {
        Guard.Index(row, Outputs, nameof(row));
        return new ReadOnlySpan<double>(_weights, _weightOffset + row * Inputs, Inputs);
    }

    /// <summary>The weight <c>W[row, col]</c>.</summary>
    public double Weight(int row, int col) => _weights[_weightOffset + row * Inputs + col];

    /// <summary>Computes <c>W h + b</c> into <paramref name="destination"/> (no ReLU).</summary>
    public void Affine(ReadOnlySpan<double> h, Span<double> destination)
    {
        Guard.Length(h.Length, Inputs, nameof(h));
        Guard.MinLength(destination.Length, Outputs, nameof(destination));
        for (int i = 0; i < Outputs; i++)
        {
            destination[i] = Kernels.Dot.Compute(new ReadOnlySpan<double>(_weights, _weightOffset + i * Inputs, Inputs), h, _bias[_biasOffset + i]);
        }
    }
}
