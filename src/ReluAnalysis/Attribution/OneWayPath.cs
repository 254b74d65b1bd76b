using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Attribution;

/// <summary>
/// A one-way path: one unit per hidden layer from some start layer up to the last hidden layer
/// (spec §2.2). It is complete when it starts at hidden layer 0.
/// </summary>
/// <param name="Units">Unit index per layer, <see cref="StartLayer"/> first.</param>
/// <param name="StartLayer">Hidden layer of the first unit (0 for a complete path).</param>
public sealed record OneWayPath(int[] Units, int StartLayer = 0)
{
    /// <summary>Whether the path has a unit in every hidden layer.</summary>
    public bool IsComplete => StartLayer == 0;

    /// <summary>The output-side chain <c>ω_p = W^(N+1)[:, i_N] · W^(N)[i_N, i_{N−1}] ⋯</c> down to the first unit (length C).</summary>
    public double[] OutputChain(ReluNetwork network)
    {
        Check(network);
        var layers = network.Layers;
        int n = network.HiddenLayerCount;
        double inner = 1.0;
        for (int t = Units.Length - 1; t >= 1; t--)
        {
            inner *= layers[StartLayer + t].Weight(Units[t], Units[t - 1]);
        }

        var omega = new double[network.OutputDimension];
        for (int c = 0; c < omega.Length; c++)
        {
            omega[c] = layers[n].Weight(c, Units[^1]) * inner;
        }

        return omega;
    }

    /// <summary><c>W_p = ω_p · W^(1)[i_1, :]</c>, row-major <c>C × d0</c> (complete paths only).</summary>
    /// <exception cref="InvalidOperationException">The path is not complete.</exception>
    public double[] Weight(ReluNetwork network)
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("W_p is defined for complete paths only; this path starts at hidden layer " + StartLayer + ".");
        }

        double[] omega = OutputChain(network);
        ReadOnlySpan<double> row = network.Layers[0].Row(Units[0]);
        int d = network.InputDimension;
        var w = new double[omega.Length * d];
        for (int c = 0; c < omega.Length; c++)
        {
            for (int j = 0; j < d; j++)
            {
                w[c * d + j] = omega[c] * row[j];
            }
        }

        return w;
    }

    /// <summary><c>ω_p · b^(k)[i_k]</c>: the bias of the first unit carried along the chain (length C).</summary>
    public double[] Bias(ReluNetwork network)
    {
        double[] omega = OutputChain(network);
        double b = network.Layers[StartLayer].Bias[Units[0]];
        for (int c = 0; c < omega.Length; c++)
        {
            omega[c] *= b;
        }

        return omega;
    }

    /// <summary>Whether every unit is active in <paramref name="pattern"/>.</summary>
    public bool IsActivated(ActivationPattern pattern)
    {
        for (int t = 0; t < Units.Length; t++)
        {
            if (!pattern.IsActive(StartLayer + t, Units[t]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The path's term of the expanded product form at <paramref name="x"/> with the gates of <paramref name="pattern"/>:
    /// complete: <c>(W_p x + b_p)·Πφ</c>; incomplete (bias chain): <c>ω_q · b^(k)[i_k] · Πφ</c>.
    /// </summary>
    public double[] Term(ReluNetwork network, ActivationPattern pattern, ReadOnlySpan<double> x)
    {
        Check(network);
        var term = new double[network.OutputDimension];
        if (!IsActivated(pattern))
        {
            return term;
        }

        double[] omega = OutputChain(network);
        double scalar = IsComplete
            ? Kernels.Dot.Compute(network.Layers[0].Row(Units[0]), x, network.Layers[0].Bias[Units[0]])
            : network.Layers[StartLayer].Bias[Units[0]];
        for (int c = 0; c < term.Length; c++)
        {
            term[c] = omega[c] * scalar;
        }

        return term;
    }

    /// <inheritdoc/>
    public override string ToString() => $"({string.Join(", ", Units)})" + (IsComplete ? "" : $" from layer {StartLayer}");

    private void Check(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (StartLayer < 0 || StartLayer + Units.Length != network.HiddenLayerCount || Units.Length == 0)
        {
            throw new ArgumentException($"path of {Units.Length} units from layer {StartLayer} does not end at the last hidden layer of a network with {network.HiddenLayerCount} hidden layers.", nameof(network));
        }

        for (int t = 0; t < Units.Length; t++)
        {
            Guard.Index(Units[t], network.HiddenSizes[StartLayer + t], $"Units[{t}]");
        }
    }
}
