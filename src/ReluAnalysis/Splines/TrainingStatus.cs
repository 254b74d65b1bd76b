namespace ReluAnalysis.Splines;

/// <summary>How a training run ended.</summary>
public enum TrainingStatus
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>The cancellation token fired; the best state so far is returned.</summary>
    Cancelled,

    /// <summary>A loss or gradient became NaN or infinite; the best state before it is returned.</summary>
    Diverged,
}

/// <summary>Progress report of a training run.</summary>
/// <param name="Phase">Phase name (for example <c>knots</c>, <c>joint</c>, <c>adam</c>).</param>
/// <param name="Epoch">Epochs done in the phase.</param>
/// <param name="Epochs">Epochs planned in the phase.</param>
/// <param name="Loss">Current training loss.</param>
/// <param name="BestLoss">Best training loss so far.</param>
public readonly record struct TrainingProgress(string Phase, int Epoch, int Epochs, double Loss, double BestLoss);

/// <summary>
/// Knots parametrised by log-spacings: <c>h_i = (upper − lower) e^{z_i} / Σ_j e^{z_j}</c>, <c>k_j = lower + Σ_{i&lt;j} h_i</c>.
/// Keeps knots ordered and inside the interval for any <c>z</c>, and makes an Adam step a relative change of the spacing,
/// which suits spacings ranging from 1e-5 to 1e-1 (equidistributed knots of singular targets).
/// </summary>
internal static class LogSpacing
{
    public static double[] FromKnots(ReadOnlySpan<double> knots)
    {
        var z = new double[knots.Length - 1];
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = Math.Log(knots[i + 1] - knots[i]);
        }

        return z;
    }

    public static void ToKnots(ReadOnlySpan<double> z, double lower, double upper, Span<double> knots)
    {
        double max = double.NegativeInfinity;
        foreach (double v in z)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (double v in z)
        {
            sum += Math.Exp(v - max);
        }

        double scale = (upper - lower) / sum;
        knots[0] = lower;
        double acc = lower;
        for (int i = 0; i < z.Length; i++)
        {
            acc += scale * Math.Exp(z[i] - max);
            knots[i + 1] = acc;
        }

        knots[z.Length] = upper;
    }

    /// <summary>Chain rule from <c>∂L/∂k</c> (length N+1, ends ignored) to <c>∂L/∂z</c> (length N).</summary>
    public static void Gradient(ReadOnlySpan<double> knots, ReadOnlySpan<double> knotGradient, Span<double> zGradient)
    {
        int n = knots.Length - 1;
        double length = knots[n] - knots[0];
        // dL/dh_i = sum_{j > i, j < n} dL/dk_j
        double suffix = 0;
        double weighted = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            zGradient[i] = suffix;
            suffix += i > 0 ? knotGradient[i] : 0;
            weighted += (knots[i + 1] - knots[i]) * zGradient[i];
        }

        for (int i = 0; i < n; i++)
        {
            double h = knots[i + 1] - knots[i];
            zGradient[i] = h * (zGradient[i] - weighted / length);
        }
    }
}
