using ReluAnalysis.Optimization;

namespace ReluAnalysis.Splines;

/// <summary>
/// The epoch loop every Splines trainer shares. For epochs <c>0 … epochs</c>: evaluate the loss and gradient;
/// stop with <see cref="SplineTrainingStatus.Diverged"/> on a non-finite value; remember the best iterate; every
/// <see cref="HistoryInterval"/> epochs record the best loss and report progress; after the last evaluation stop;
/// on cancellation throw <see cref="OperationCanceledException"/>; otherwise take an Adam step, multiply the
/// learning rate by <c>finalLearningRateFactor^(1/epochs)</c>, and let the caller re-precondition (which restarts
/// Adam's moments at the current learning rate).
/// </summary>
internal sealed class AdamLoop
{
    /// <summary>Loss at <paramref name="theta"/>; fills <paramref name="gradient"/>.</summary>
    public delegate double LossAndGradient(int epoch, double[] theta, double[] gradient);

    /// <summary>Creates the loop.</summary>
    /// <param name="phase">Stage name reported in <see cref="OperationProgress"/>.</param>
    /// <param name="epochs">Last epoch (the loop evaluates <c>epochs + 1</c> times and steps <c>epochs</c> times).</param>
    /// <param name="learningRate">Initial Adam step size.</param>
    /// <param name="finalLearningRateFactor">Learning-rate factor reached after all epochs (1 for a constant rate).</param>
    /// <param name="historyInterval">Epochs between history entries and progress reports.</param>
    public AdamLoop(string phase, int epochs, double learningRate, double finalLearningRateFactor, int historyInterval)
    {
        Phase = phase;
        Epochs = epochs;
        LearningRate = learningRate;
        Decay = Math.Pow(finalLearningRateFactor, 1.0 / epochs);
        HistoryInterval = historyInterval;
    }

    public string Phase { get; }

    public int Epochs { get; }

    public double LearningRate { get; }

    public double Decay { get; }

    public int HistoryInterval { get; }

    /// <summary>Runs the loop from <paramref name="theta"/> (updated in place).</summary>
    /// <param name="theta">Start parameters; holds the last iterate afterwards.</param>
    /// <param name="evaluate">Loss and gradient.</param>
    /// <param name="history">Receives the best loss every <see cref="HistoryInterval"/> epochs, or null.</param>
    /// <param name="progress">Progress sink, or null: stage the phase, epochs done of <see cref="Epochs"/>, value the best loss so far.</param>
    /// <param name="ct">Checked before every step; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="afterStep">Called with the epoch after each step; returns true when it changed the parameters so that Adam restarts.</param>
    /// <returns>The best iterate, its loss, the epoch the loop stopped at, and the status.</returns>
    public (double[] Best, double BestLoss, int Epoch, SplineTrainingStatus Status) Run(
        double[] theta, LossAndGradient evaluate, List<double>? history, IProgress<OperationProgress>? progress,
        CancellationToken ct, Func<int, bool>? afterStep = null)
    {
        int n = theta.Length;
        var gradient = new double[n];
        var best = (double[])theta.Clone();
        double bestLoss = double.PositiveInfinity;
        var adam = new Adam(n, LearningRate);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int epoch = 0;
        for (; epoch <= Epochs; epoch++)
        {
            double loss = evaluate(epoch, theta, gradient);
            if (!double.IsFinite(loss) || !FksTrainer.AllFinite(gradient))
            {
                return (best, bestLoss, epoch, SplineTrainingStatus.Diverged);
            }

            if (loss < bestLoss)
            {
                bestLoss = loss;
                Array.Copy(theta, best, n);
            }

            if (epoch % HistoryInterval == 0)
            {
                history?.Add(bestLoss);
                progress?.Report(new OperationProgress(Phase, epoch, Epochs, watch.Elapsed, bestLoss));
            }

            if (epoch == Epochs)
            {
                break;
            }

            ct.ThrowIfCancellationRequested();

            adam.Step(theta, gradient);
            adam.LearningRate *= Decay;
            if (afterStep?.Invoke(epoch) == true)
            {
                adam = new Adam(n, adam.LearningRate);
            }
        }

        return (best, bestLoss, epoch, SplineTrainingStatus.Completed);
    }
}
