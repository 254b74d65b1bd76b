using ReluAnalysis.Networks;

namespace ReluAnalysis.Attribution;

/// <summary>Runs deletion and insertion curves for several attribution methods over the same inputs.</summary>
public static class FaithfulnessEvaluation
{
    /// <summary>Evaluates every method on every input.</summary>
    /// <param name="network">The model.</param>
    /// <param name="inputs">Inputs to explain.</param>
    /// <param name="classes">Class explained for each input (normally the predicted one).</param>
    /// <param name="methods">Methods to compare.</param>
    /// <param name="options">Curve options; <see langword="null"/> for defaults.</param>
    /// <param name="progress">After each (method, input) pair: stage "method name", pairs done of methods × inputs.</param>
    /// <param name="cancellationToken">Checked between inputs.</param>
    public static IReadOnlyList<MethodFaithfulness> Evaluate(
        ReluNetwork network, IReadOnlyList<double[]> inputs, IReadOnlyList<int> classes, IReadOnlyList<AttributionMethod> methods,
        FaithfulnessOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(methods);
        Guard.Length(classes.Count, inputs.Count, nameof(classes));
        options ??= new FaithfulnessOptions();
        int d = network.InputDimension;
        var results = new List<MethodFaithfulness>(methods.Count);
        int done = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (AttributionMethod method in methods)
        {
            var del = new double[inputs.Count];
            var ins = new double[inputs.Count];
            for (int s = 0; s < inputs.Count; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double[] x = inputs[s];
                double[] e = method.Attribute(network, x, classes[s]);
                double[] sub = options.DeletionSubstrate?.Invoke(x) ?? new double[d];
                double[] start = options.InsertionStart?.Invoke(x) ?? new double[d];
                int[] order = Faithfulness.RankDescending(e);
                del[s] = Faithfulness.CurveForOrder(network, x, order, sub, classes[s], FaithfulnessMode.Deletion, options.StepSize).Auc;
                ins[s] = Faithfulness.CurveForOrder(network, x, order, start, classes[s], FaithfulnessMode.Insertion, options.StepSize).Auc;
                progress?.Report(new OperationProgress(method.Name, ++done, (long)methods.Count * inputs.Count, watch.Elapsed));
            }

            results.Add(new MethodFaithfulness(method.Name, MeanWithError.Of(del), MeanWithError.Of(ins), del, ins));
        }

        return results;
    }

    /// <summary>
    /// A 3×3 Gaussian blur (σ = 1, weights renormalised at the borders) of a row-major <paramref name="height"/> ×
    /// <paramref name="width"/> image: the secondary insertion start of the digits protocol.
    /// </summary>
    public static double[] GaussianBlur3x3(ReadOnlySpan<double> image, int height, int width)
    {
        Guard.Length(image.Length, height * width, nameof(image));
        double[] k = [Math.Exp(-0.5), 1.0, Math.Exp(-0.5)];
        var result = new double[image.Length];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                double sum = 0, wsum = 0;
                for (int dr = -1; dr <= 1; dr++)
                {
                    for (int dc = -1; dc <= 1; dc++)
                    {
                        int rr = r + dr, cc = c + dc;
                        if (rr < 0 || rr >= height || cc < 0 || cc >= width)
                        {
                            continue;
                        }

                        double w = k[dr + 1] * k[dc + 1];
                        sum += w * image[rr * width + cc];
                        wsum += w;
                    }
                }

                result[r * width + c] = sum / wsum;
            }
        }

        return result;
    }
}
