namespace ReluAnalysis.Kernels;

/// <summary>Small reductions over a vector of logits: the predicted class and softmax probabilities.</summary>
internal static class LogitOps
{
    /// <summary>Index of the largest entry; ties go to the lower index.</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Numerically stable <c>softmax(values)[index]</c> (the maximum is subtracted first).</summary>
    public static double SoftmaxAt(ReadOnlySpan<double> values, int index)
    {
        double max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            max = Math.Max(max, values[i]);
        }

        double sum = 0.0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += Math.Exp(values[i] - max);
        }

        return Math.Exp(values[index] - max) / sum;
    }
}
