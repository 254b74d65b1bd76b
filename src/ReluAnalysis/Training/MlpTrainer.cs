using System.Diagnostics;
using ReluAnalysis.Networks;
using ReluAnalysis.Optimization;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Training;

/// <summary>
/// A small, deterministic mini-batch trainer for dense ReLU networks (MLPs) on tabular or flattened image data:
/// He-normal initialisation, <see cref="Adam"/>, softmax cross-entropy for classification or mean squared error
/// for regression. Shared by every module that needs a trained network.
/// </summary>
/// <remarks>
/// <para>Forward passes use <see cref="BatchEvaluator"/> (pre-activations of the batch); backpropagation is plain
/// loops: <c>δ_L = ∂ℓ/∂f</c>, <c>∇W_k = Σ_s δ_k h_{k−1}ᵀ</c>, <c>δ_{k−1} = (W_kᵀ δ_k) ⊙ φ(z_{k−1})</c>. Cost per epoch
/// <c>O(samples · P_w)</c>. The same seed and data give bit-identical networks (single-threaded, fixed order).</para>
/// <para>Parameters are one flat vector, layer by layer, each layer's row-major weights followed by its bias.</para>
/// </remarks>
public static class MlpTrainer
{
    /// <summary>Trains a classifier with softmax cross-entropy.</summary>
    /// <param name="sizes">Layer sizes input first, for example <c>[64, 64, 32, 10]</c>; the last is the class count.</param>
    /// <param name="inputs">Row-major <c>count × sizes[0]</c> features.</param>
    /// <param name="labels"><c>count</c> labels in <c>[0, sizes[^1])</c>.</param>
    /// <param name="options">Options; <see langword="null"/> for defaults.</param>
    /// <param name="progress">Receives <c>(epoch, mean loss)</c> after each epoch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public static TrainingResult TrainClassifier(
        IReadOnlyList<int> sizes, ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels, TrainingOptions? options = null,
        IProgress<(int Epoch, double Loss)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        int classes = sizes[^1];
        for (int s = 0; s < labels.Length; s++)
        {
            if ((uint)labels[s] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[s], $"labels[{s}] = {labels[s]}; expected a class in [0, {classes}).");
            }
        }

        var targets = new double[labels.Length];
        for (int s = 0; s < labels.Length; s++)
        {
            targets[s] = labels[s];
        }

        return Train(sizes, inputs, targets, 1, TrainingLoss.SoftmaxCrossEntropy, options ?? new TrainingOptions(), progress, cancellationToken);
    }

    /// <summary>Trains a regression network with mean squared error.</summary>
    /// <param name="sizes">Layer sizes input first; the last is the output dimension m.</param>
    /// <param name="inputs">Row-major <c>count × sizes[0]</c>.</param>
    /// <param name="targets">Row-major <c>count × m</c>.</param>
    /// <param name="options">Options; <see langword="null"/> for defaults.</param>
    /// <param name="progress">Receives <c>(epoch, mean loss)</c> after each epoch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public static TrainingResult TrainRegressor(
        IReadOnlyList<int> sizes, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, TrainingOptions? options = null,
        IProgress<(int Epoch, double Loss)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return Train(sizes, inputs, targets, sizes[^1], TrainingLoss.MeanSquaredError, options ?? new TrainingOptions(), progress, cancellationToken);
    }

    /// <summary>Share of rows whose predicted class (argmax, ties to the lower index) equals the label.</summary>
    public static double Accuracy(ReluNetwork network, ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(network);
        int m = network.OutputDimension;
        var outputs = new double[labels.Length * m];
        new BatchEvaluator(network, 1).Evaluate(inputs, outputs);
        int correct = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            if (Kernels.LogitOps.ArgMax(outputs.AsSpan(s * m, m)) == labels[s])
            {
                correct++;
            }
        }

        return labels.Length == 0 ? 0 : (double)correct / labels.Length;
    }

    private static TrainingResult Train(
        IReadOnlyList<int> sizes, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int targetWidth, TrainingLoss loss,
        TrainingOptions options, IProgress<(int, double)>? progress, CancellationToken cancellationToken)
    {
        if (sizes.Count < 2)
        {
            throw new ArgumentException($"sizes has {sizes.Count} entries; expected at least 2.", nameof(sizes));
        }

        Guard.Positive(options.Epochs, "options.Epochs");
        Guard.Positive(options.BatchSize, "options.BatchSize");
        if (!(options.WeightDecay >= 0) || !double.IsFinite(options.WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WeightDecay, "WeightDecay must be a finite non-negative number.");
        }

        int d = sizes[0];
        if (inputs.Length % d != 0 || inputs.Length == 0)
        {
            throw new ArgumentException($"inputs has length {inputs.Length}; expected a positive multiple of the input size {d}.", nameof(inputs));
        }

        int count = inputs.Length / d;
        Guard.Length(targets.Length, count * targetWidth, nameof(targets));
        Guard.Finite(inputs, nameof(inputs));
        Guard.Finite(targets, nameof(targets));

        var watch = Stopwatch.StartNew();
        ReluNetwork init = ReluNetwork.Random(sizes, options.Seed, options.InitialBiasScale);
        double[] theta = Flatten(init);
        var trainee = new Trainee(sizes, theta);
        var adam = new Adam(theta.Length, options.LearningRate);
        var grad = new double[theta.Length];
        var rng = new Random(options.Seed ^ 0x5EED);
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        int layersCount = sizes.Count - 1;
        int maxB = Math.Min(options.BatchSize, count);
        var batchIn = new double[maxB * d];
        var batchTargets = new double[maxB * targetWidth];
        var losses = new List<double>(options.Epochs);
        var status = TrainingStatus.Completed;
        double[] lastGood = (double[])theta.Clone();
        int steps = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (int i = count - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            double epochLoss = 0;
            for (int start = 0; start < count; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int b = Math.Min(options.BatchSize, count - start);
                for (int s = 0; s < b; s++)
                {
                    inputs.Slice(order[start + s] * d, d).CopyTo(batchIn.AsSpan(s * d, d));
                }

                for (int s = 0; s < b; s++)
                {
                    targets.Slice(order[start + s] * targetWidth, targetWidth).CopyTo(batchTargets.AsSpan(s * targetWidth, targetWidth));
                }

                epochLoss += b * trainee.LossAndGradient(batchIn.AsSpan(0, b * d), batchTargets.AsSpan(0, b * targetWidth), loss, grad);

                if (options.WeightDecay > 0)
                {
                    int off = 0;
                    for (int k = 0; k < layersCount; k++)
                    {
                        int nw = sizes[k + 1] * sizes[k];
                        for (int i = 0; i < nw; i++)
                        {
                            grad[off + i] += options.WeightDecay * theta[off + i];
                        }

                        off += nw + sizes[k + 1];
                    }
                }

                adam.Step(theta, grad);
                steps++;
            }

            epochLoss /= count;
            if (!double.IsFinite(epochLoss) || theta.Any(v => !double.IsFinite(v)))
            {
                status = TrainingStatus.Diverged;
                Array.Copy(lastGood, theta, theta.Length);
                break;
            }

            Array.Copy(theta, lastGood, theta.Length);
            losses.Add(epochLoss);
            progress?.Report((epoch + 1, epochLoss));
        }

        return new TrainingResult(status, Unflatten(sizes, theta), losses, steps, watch.Elapsed);
    }

    /// <summary>
    /// Mean loss of a batch (without weight decay) and its gradient with respect to the flat parameters
    /// <paramref name="theta"/>, written into <paramref name="gradient"/> (overwritten).
    /// </summary>
    /// <param name="sizes">Layer sizes input first.</param>
    /// <param name="theta">Flat parameters, layer by layer: row-major weights then bias.</param>
    /// <param name="inputs">Row-major <c>b × sizes[0]</c>.</param>
    /// <param name="targets">Labels (cross-entropy, one per row) or row-major <c>b × m</c> targets (MSE).</param>
    /// <param name="loss">The loss.</param>
    /// <param name="gradient">Destination, same length as <paramref name="theta"/>.</param>
    internal static double BatchLossAndGradient(IReadOnlyList<int> sizes, double[] theta, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, TrainingLoss loss, double[] gradient) =>
        new Trainee(sizes, theta).LossAndGradient(inputs, targets, loss, gradient);

    /// <summary>Loss of one sample (divided by the batch size into the gradient) and <c>δ = ∂loss/∂f</c> into <paramref name="delta"/>.</summary>
    private static double LossAndDelta(TrainingLoss loss, ReadOnlySpan<double> y, ReadOnlySpan<double> target, Span<double> delta, int batch)
    {
        int m = y.Length;
        if (loss == TrainingLoss.SoftmaxCrossEntropy)
        {
            int label = (int)target[0];
            double max = y[0];
            for (int o = 1; o < m; o++)
            {
                max = Math.Max(max, y[o]);
            }

            double sum = 0;
            for (int o = 0; o < m; o++)
            {
                sum += Math.Exp(y[o] - max);
            }

            for (int o = 0; o < m; o++)
            {
                delta[o] = (Math.Exp(y[o] - max) / sum - (o == label ? 1.0 : 0.0)) / batch;
            }

            return Math.Log(sum) + max - y[label];
        }

        double l = 0;
        for (int o = 0; o < m; o++)
        {
            double r = y[o] - target[o];
            l += r * r / m;
            delta[o] = 2.0 * r / (m * batch);
        }

        return l;
    }

    private static double[] Flatten(ReluNetwork net)
    {
        var theta = new List<double>(net.ParameterCount);
        foreach (DenseLayer layer in net.Layers)
        {
            theta.AddRange(layer.Weights.ToArray());
            theta.AddRange(layer.Bias.ToArray());
        }

        return theta.ToArray();
    }

    private static ReluNetwork Unflatten(IReadOnlyList<int> sizes, double[] theta)
    {
        var layers = new DenseLayer[sizes.Count - 1];
        int off = 0;
        for (int k = 0; k < layers.Length; k++)
        {
            int nOut = sizes[k + 1], nIn = sizes[k];
            layers[k] = new DenseLayer(nOut, nIn, theta.AsSpan(off, nOut * nIn), theta.AsSpan(off + nOut * nIn, nOut));
            off += nOut * nIn + nOut;
        }

        return new ReluNetwork(layers);
    }

    /// <summary>
    /// The network being trained, built once over the optimiser's flat parameter vector (its layers view
    /// <c>theta</c>, so every Adam step is seen without rebuilding anything), with the engine's batched forward pass
    /// and masked backward step.
    /// </summary>
    private sealed class Trainee
    {
        private readonly IReadOnlyList<int> _sizes;
        private readonly ReluNetwork _network;
        private readonly BatchEvaluator _evaluator;
        private readonly PatternMask _mask;
        private readonly double[] _delta;
        private readonly double[] _deltaPrev;
        private double[] _outputs = [];
        private double[] _pre = [];
        private ulong[] _patterns = [];

        public Trainee(IReadOnlyList<int> sizes, double[] theta)
        {
            _sizes = sizes;
            var layers = new DenseLayer[sizes.Count - 1];
            for (int k = 0, off = 0; k < layers.Length; k++)
            {
                layers[k] = new DenseLayer(sizes[k + 1], sizes[k], theta, off);
                off += layers[k].ParameterCount;
            }

            _network = new ReluNetwork(layers);
            _evaluator = new BatchEvaluator(_network, 1);
            _mask = new PatternMask(_network.PatternLayout);
            _delta = new double[sizes.Max()];
            _deltaPrev = new double[sizes.Max()];
        }

        /// <summary>Mean loss of a batch and its gradient with respect to the parameters (overwritten).</summary>
        public double LossAndGradient(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, TrainingLoss loss, double[] gradient)
        {
            int d = _sizes[0], m = _sizes[^1];
            int b = inputs.Length / d;
            int tw = loss == TrainingLoss.SoftmaxCrossEntropy ? 1 : m;
            int hidden = _network.HiddenNeuronCount;
            int words = _network.PatternLayout.WordCount;
            if (_outputs.Length < b * m)
            {
                _outputs = new double[b * m];
                _pre = new double[b * hidden];
                _patterns = new ulong[b * words];
            }

            Array.Clear(_patterns, 0, b * words);
            _evaluator.Evaluate(inputs, _outputs.AsSpan(0, b * m), _patterns.AsSpan(0, b * words), _pre.AsSpan(0, b * hidden));
            Array.Clear(gradient);
            double total = 0;
            for (int s = 0; s < b; s++)
            {
                total += LossAndDelta(loss, _outputs.AsSpan(s * m, m), targets.Slice(s * tw, tw), _delta.AsSpan(0, m), b);
                _mask.Load(_patterns.AsSpan(s * words, words));
                Backward(gradient, inputs.Slice(s * d, d), _pre.AsSpan(s * hidden, hidden));
            }

            return total / b;
        }

        /// <summary>
        /// Adds one sample's parameter gradient: <c>∇W_k += δ_k h_{k−1}ᵀ</c>, <c>∇b_k += δ_k</c>, and
        /// <c>δ_{k−1} = D_{k−1} (W_kᵀ δ_k)</c> by the engine's masked backward step.
        /// </summary>
        private void Backward(double[] grad, ReadOnlySpan<double> x, ReadOnlySpan<double> pre)
        {
            PatternLayout layout = _network.PatternLayout;
            int layers = _sizes.Count - 1;
            Span<int> offsets = stackalloc int[layers + 1];
            for (int k = 0; k < layers; k++)
            {
                offsets[k + 1] = offsets[k] + _network.Layers[k].ParameterCount;
            }

            double[] delta = _delta, deltaPrev = _deltaPrev;
            for (int k = layers - 1; k >= 0; k--)
            {
                int nOut = _sizes[k + 1], nIn = _sizes[k];
                int wOff = offsets[k], bOff = offsets[k] + nOut * nIn;
                ReadOnlySpan<double> zPrev = k == 0 ? x : pre.Slice(layout.NeuronOffset(k - 1), nIn);
                for (int i = 0; i < nOut; i++)
                {
                    double di = delta[i];
                    if (di == 0.0)
                    {
                        continue;
                    }

                    grad[bOff + i] += di;
                    Span<double> gRow = grad.AsSpan(wOff + i * nIn, nIn);
                    for (int p = 0; p < nIn; p++)
                    {
                        double h = k == 0 || _mask.OpenUnchecked(k - 1, p) ? zPrev[p] : 0.0;
                        gRow[p] += di * h;
                    }
                }

                if (k == 0)
                {
                    break;
                }

                _network.Engine.Backward(k, delta, 1, _mask, deltaPrev);
                for (int p = 0; p < nIn; p++)
                {
                    delta[p] = _mask.OpenUnchecked(k - 1, p) ? deltaPrev[p] : 0.0;
                }
            }
        }
    }
}
