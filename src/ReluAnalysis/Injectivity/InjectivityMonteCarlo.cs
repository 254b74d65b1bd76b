using System.Diagnostics;
using MathNet.Numerics.Distributions;

namespace ReluAnalysis.Injectivity;

/// <summary>
/// Monte Carlo studies of the injectivity probability of Gaussian ReLU layers with the exact
/// <see cref="InjectivityChecker"/> (spec §7). One random stream per trial, so results do not depend on the
/// thread count.
/// </summary>
public static class InjectivityMonteCarlo
{
    /// <summary>The Gaussian instance of one trial: row-major <c>m × n</c>, i.i.d. N(0, 1) (MathNet sampler).</summary>
    public static double[] SampleLayer(int inputs, int outputs, int seed, int trial)
    {
        Guard.Positive(inputs, nameof(inputs));
        Guard.Positive(outputs, nameof(outputs));
        Guard.NonNegative(trial, nameof(trial));
        var values = new double[inputs * outputs];
        Normal.Samples(new Random(TrialSeed(seed, trial)), values, 0.0, 1.0);
        return values;
    }

    /// <summary>Estimates <c>P(injective)</c> for one <c>(n, m)</c>.</summary>
    /// <param name="inputs">Input dimension <c>n ≥ 1</c>.</param>
    /// <param name="outputs">Rows <c>m ≥ 1</c>.</param>
    /// <param name="options">Trials, seed, parallelism; null for defaults.</param>
    /// <param name="progress">Stage "trials": trials finished of <see cref="MonteCarloOptions.Trials"/>.</param>
    /// <param name="cancellationToken">Stops the study by throwing <see cref="OperationCanceledException"/>.</param>
    public static InjectivityEstimate Estimate(int inputs, int outputs, MonteCarloOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new MonteCarloOptions();
        options.Validate();
        Guard.Positive(inputs, nameof(inputs));
        Guard.Positive(outputs, nameof(outputs));
        var check = new InjectivityCheckOptions { Tolerance = options.Tolerance, MaxDegreeOfParallelism = 1 };
        return Run(inputs, outputs, options, t => InjectivityChecker.Check(SampleLayer(inputs, outputs, options.Seed, t), outputs, inputs, check, null, cancellationToken).Status, progress, cancellationToken);
    }

    /// <summary>
    /// The Monte Carlo loop shared by every injectivity study: runs <paramref name="trial"/> for t = 0 … Trials − 1 in
    /// parallel or through <see cref="MonteCarloOptions.TrialRunner"/> (each trial draws its instance from its own stream, so verdicts do not depend on the thread count) and
    /// tallies the verdicts into an estimate with a Wilson interval.
    /// </summary>
    internal static InjectivityEstimate Run(
        int inputs, int outputs, MonteCarloOptions options, Func<int, InjectivityStatus> trial, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        InjectivityStatus[] verdicts;
        if (options.TrialRunner is { } runner)
        {
            verdicts = runner(options.Trials, trial, cancellationToken);
            if (verdicts.Length != options.Trials)
            {
                throw new InvalidOperationException($"TrialRunner returned {verdicts.Length} verdicts; expected {options.Trials}.");
            }
        }
        else
        {
            var local = new InjectivityStatus[options.Trials];
            int done = 0;
            Parallel.For(0, options.Trials, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.Resolve(options.MaxDegreeOfParallelism), CancellationToken = cancellationToken }, t =>
            {
                local[t] = trial(t);
                progress?.Report(new OperationProgress("trials", Interlocked.Increment(ref done), options.Trials, watch.Elapsed));
            });
            verdicts = local;
        }

        int injective = verdicts.Count(v => v == InjectivityStatus.Injective);
        int notInjective = verdicts.Count(v => v == InjectivityStatus.NotInjective);
        int undecided = verdicts.Count(v => v is InjectivityStatus.Degenerate or InjectivityStatus.Unknown);
        int decided = injective + notInjective;
        double p = decided == 0 ? double.NaN : (double)injective / decided;
        double se = decided == 0 ? double.NaN : Math.Sqrt(p * (1 - p) / decided);
        var (lower, upper) = Wilson(injective, decided);
        return new InjectivityEstimate(inputs, outputs, decided + undecided, injective, notInjective, undecided, p, se, lower, upper, watch.Elapsed);
    }

    /// <summary>
    /// The injectivity probability curve over expansions: for each <c>α</c>, <c>m = round(α n)</c> (points with
    /// equal <c>m</c> are estimated once each). Each point uses seed <c>options.Seed + m</c>. Progress: stage <c>"m = …"</c>,
    /// trials finished over the whole curve; cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static InjectivityEstimate[] Curve(int inputs, IReadOnlyList<double> alphas, MonteCarloOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        ArgumentNullException.ThrowIfNull(alphas);
        options ??= new MonteCarloOptions();
        Guard.Positive(inputs, nameof(inputs));
        var result = new InjectivityEstimate[alphas.Count];
        for (int i = 0; i < alphas.Count; i++)
        {
            Guard.Finite(alphas[i], nameof(alphas));
            if (!(alphas[i] > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(alphas), alphas[i], $"alphas[{i}] must be positive; found {alphas[i]}.");
            }

            int m = Math.Max(1, (int)Math.Round(alphas[i] * inputs));
            long before = (long)i * options.Trials;
            var inner = progress is null ? null : new SynchronousProgress(p => progress.Report(p with { Stage = $"m = {m}", Completed = before + p.Completed, Total = (long)alphas.Count * options.Trials, Elapsed = watch.Elapsed }));
            result[i] = Estimate(inputs, m, options with { Seed = options.Seed + m }, inner, cancellationToken);
        }

        return result;
    }

    /// <summary>Wilson score interval at 95 % (<c>z = 1.959964</c>) for <paramref name="successes"/> of <paramref name="trials"/>.</summary>
    public static (double Lower, double Upper) Wilson(int successes, int trials)
    {
        if (trials <= 0)
        {
            return (double.NaN, double.NaN);
        }

        const double z = 1.959963984540054;
        double p = (double)successes / trials;
        double denominator = 1 + z * z / trials;
        double center = (p + z * z / (2 * trials)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denominator;
        return (Math.Max(0, center - half), Math.Min(1, center + half));
    }

    private static int TrialSeed(int seed, int trial)
    {
        // SplitMix64 finaliser over (seed, trial): independent-looking streams, fixed across runs and threads.
        ulong z = unchecked(((ulong)(uint)seed << 32) ^ (ulong)(uint)trial) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
