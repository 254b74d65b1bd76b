using ReluAnalysis.Patterns;

namespace ReluAnalysis.Networks;

public sealed partial class ReluNetwork
{
    /// <summary>Evaluates the network at one input (no normalisation).</summary>
    /// <param name="x">Input of length <see cref="InputDimension"/>.</param>
    /// <returns>The <see cref="OutputDimension"/> outputs.</returns>
    public double[] Evaluate(ReadOnlySpan<double> x)
    {
        var y = new double[OutputDimension];
        Evaluate(x, y);
        return y;
    }

    /// <summary>Evaluates the network at one input into <paramref name="destination"/>.</summary>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> destination) => Forward(x, destination, default, default);

    /// <summary>The activation pattern at <paramref name="x"/> (bit = <c>z &gt; 0</c>).</summary>
    public ActivationPattern PatternAt(ReadOnlySpan<double> x)
    {
        var words = new ulong[PatternLayout.WordCount];
        Forward(x, new double[OutputDimension], words, default);
        return ActivationPattern.Wrap(PatternLayout, words);
    }

    /// <summary>All hidden pre-activations at <paramref name="x"/>, neurons numbered layer by layer.</summary>
    public double[] PreActivations(ReadOnlySpan<double> x)
    {
        var z = new double[HiddenNeuronCount];
        Forward(x, new double[OutputDimension], default, z);
        return z;
    }

    /// <summary>
    /// Hidden neurons whose pre-activation at <paramref name="x"/> satisfies <c>|z| ≤ tolerance</c>
    /// (<see cref="SignRule"/>): the point lies on the boundary of their regions.
    /// </summary>
    public IReadOnlyList<(int Layer, int Neuron)> DegenerateNeurons(ReadOnlySpan<double> x, double tolerance = SignRule.DefaultTolerance)
    {
        double[] z = PreActivations(x);
        var result = new List<(int, int)>();
        for (int g = 0; g < z.Length; g++)
        {
            if (SignRule.Classify(z[g], tolerance) == NeuronState.Degenerate)
            {
                result.Add(PatternLayout.Locate(g));
            }
        }

        return result;
    }

    /// <summary>
    /// Evaluates with the file's normalisation (<c>.nnet</c> semantics): clamp and normalise the input,
    /// run the network, de-normalise the outputs.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network carries no normalisation.</exception>
    public double[] EvaluateNormalized(ReadOnlySpan<double> x)
    {
        var n = Normalization ?? throw new InvalidOperationException("This network carries no normalisation metadata.");
        var xn = new double[InputDimension];
        n.NormalizeInput(x, xn);
        double[] y = Evaluate(xn);
        n.DenormalizeOutput(y);
        return y;
    }

    private void Forward(ReadOnlySpan<double> x, Span<double> destination, Span<ulong> patternWords, Span<double> preActivations) =>
        Engine.Forward(x, destination, patternWords, preActivations);
}
