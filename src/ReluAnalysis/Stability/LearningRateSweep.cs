namespace ReluAnalysis.Stability;

/// <summary>
/// The η sweep of the stability experiment: for every step size and seed, draw the data, train by full-batch GD and
/// measure λ_max, <c>TV_g</c>, the bound, knots and MSE.
/// </summary>
/// <remarks>Runs are independent and ordered learning rate first, then seed; results do not depend on the thread count.</remarks>
public static class LearningRateSweep
{
    /// <summary>Runs the sweep.</summary>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">One <see cref="OperationProgress"/> per finished run.</param>
    /// <param name="cancellationToken">Cancels the runs (<see cref="OperationCanceledException"/>).</param>
    public static IReadOnlyList<LearningRateSweepRun> Run(LearningRateSweepOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new LearningRateSweepOptions();
        ArgumentNullException.ThrowIfNull(options.LearningRates);
        ArgumentNullException.ThrowIfNull(options.Seeds);
        ArgumentNullException.ThrowIfNull(options.Target);
        ArgumentNullException.ThrowIfNull(options.Training);
        foreach (double eta in options.LearningRates)
        {
            (options.Training with { LearningRate = eta }).Validate();
        }

        var jobs = options.LearningRates.SelectMany(eta => options.Seeds.Select(seed => (Eta: eta, Seed: seed))).ToArray();
        var runs = new LearningRateSweepRun[jobs.Length];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism.Resolve(options.MaxDegreeOfParallelism), CancellationToken = cancellationToken };
        Parallel.For(0, jobs.Length, parallel, i =>
        {
            var (eta, seed) = jobs[i];
            StabilityDataset data = StabilityDataset.Generate(options.Target, options.SampleCount, options.Noise, seed);
            StabilityTrainingResult result = StabilityTrainer.Train(data.X, data.Y, options.Training with { LearningRate = eta, Seed = seed }, null, cancellationToken);
            bool ok = result.Status != StabilityStatus.Diverged;
            runs[i] = new LearningRateSweepRun(
                eta,
                seed,
                data,
                result,
                ok ? StabilityAnalysis.MeanSquaredError(result.Network, data.Target.Value) : null,
                ok ? StabilityAnalysis.MeanSquaredError(result.Network, data.Target.Value, -1.0, 1.0) : null);
            progress?.Report(new OperationProgress("runs", Interlocked.Increment(ref done), jobs.Length, watch.Elapsed));
        });
        return runs;
    }
}
