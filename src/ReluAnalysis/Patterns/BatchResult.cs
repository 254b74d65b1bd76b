using ReluAnalysis.Networks;

namespace ReluAnalysis.Patterns;

/// <summary>Outputs, and optionally patterns and pre-activations, of a batch evaluation.</summary>
public sealed class BatchResult
{
    private readonly ReluNetwork _network;

    internal BatchResult(ReluNetwork network, int count, double[] outputs, ulong[] patterns, double[] preActivations)
    {
        _network = network;
        Count = count;
        Outputs = outputs;
        PatternWords = patterns;
        PreActivations = preActivations;
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Row-major <c>Count × outputs</c>.</summary>
    public double[] Outputs { get; }

    /// <summary><c>Count × WordCount</c> pattern words (empty when not requested).</summary>
    public ulong[] PatternWords { get; }

    /// <summary>Row-major <c>Count × HiddenNeuronCount</c> (empty when not requested).</summary>
    public double[] PreActivations { get; }

    /// <summary>Outputs of sample <paramref name="sample"/>.</summary>
    public ReadOnlySpan<double> OutputsOf(int sample)
    {
        Guard.Index(sample, Count, nameof(sample));
        int m = _network.OutputDimension;
        return Outputs.AsSpan(sample * m, m);
    }

    /// <summary>The activation pattern of sample <paramref name="sample"/>.</summary>
    /// <exception cref="InvalidOperationException">Patterns were not requested.</exception>
    public ActivationPattern PatternOf(int sample)
    {
        Guard.Index(sample, Count, nameof(sample));
        if (PatternWords.Length == 0)
        {
            throw new InvalidOperationException("Patterns were not computed; evaluate with withPatterns: true.");
        }

        int w = _network.PatternLayout.WordCount;
        return new ActivationPattern(_network.PatternLayout, PatternWords.AsSpan(sample * w, w));
    }
}
