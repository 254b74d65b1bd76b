using System.Diagnostics;
using ReluAnalysis.Networks;
using ReluAnalysis.Optimization;

namespace ReluAnalysis.Splines;

/// <summary>How a shallow ReLU network is trained (spec §7, §9).</summary>
public enum ReluTrainingMethod
{
    /// <summary>Baseline: Adam on <c>(a, b, c, d)</c> with the mean squared error on fixed samples.</summary>
    PlainAdam,

    /// <summary>Adam on <c>(a, b, c, d)</c> with <c>‖y − u‖² + β L_E(k(θ))</c>, <c>k_i = −b_i/a_i</c>, on per-interval points.</summary>
    Equidistribution,

    /// <summary>
    /// Preconditioned: the network is mapped to FKS form; Adam moves the knots (log-spacings) on <c>‖y − u‖² + β L_E</c>
    /// while the weights are re-solved exactly each epoch (well-conditioned tridiagonal system); mapped back at the end.
    /// </summary>
    Preconditioned,
}

/// <summary>Where the L2 loss is sampled.</summary>
public enum SamplingScheme
{
    /// <summary><c>SampleCount</c> uniform midpoints <c>(p + ½)/P</c>, equal weights <c>1/P</c> (mean squared error).</summary>
    UniformMidpoints,

    /// <summary>Gauss–Legendre points in every interval between consecutive breakpoints, re-generated whenever they move (graded at singular points).</summary>
    PerInterval,
}

/// <summary>Options of <see cref="ShallowReluTrainer"/>; use the named presets for the spec's protocols.</summary>
/// <param name="Method">Training method.</param>
/// <param name="Epochs">Full-batch Adam steps.</param>
/// <param name="LearningRate">Initial Adam step.</param>
/// <param name="FinalLearningRateFactor">Geometric decay of the step to this fraction by the last epoch (1 = constant).</param>
/// <param name="Beta">Weight β of the equidistribution loss (default 1/120, so <c>β L_E</c> estimates the squared interpolation error).</param>
/// <param name="Sampling">Where the L2 loss is sampled.</param>
/// <param name="SampleCount">Points of <see cref="SamplingScheme.UniformMidpoints"/>.</param>
/// <param name="PointsPerInterval">Gauss–Legendre points per interval of <see cref="SamplingScheme.PerInterval"/>.</param>
/// <param name="EquidistributionPoints">Gauss–Legendre points per interval inside <c>L_E</c> (0 = midpoint form).</param>
/// <param name="Seed">Seed of the initialisation.</param>
/// <param name="HistoryInterval">Record the best-so-far loss every this many epochs.</param>
/// <param name="FinalWeightSolve">After raw Adam training, replace the output layer by one exact preconditioning solve on the
/// trained breakpoints (spec §7.3, "do 1 then 2 once"); the network is returned in canonical form, width kept at W.</param>
/// <param name="FixedPointWarmStart">Preconditioned method only: before Adam, move the initial knots by the values-only fixed-point
/// equidistribution (default true), which avoids the spurious minima of the sampled losses when a front hides inside one interval.</param>
/// <param name="PreconditionInterval">Raw methods only: every this many epochs replace the output layer by the exact L2 solve on the
/// current breakpoints (canonical form, width kept) and restart Adam — spec §7.3 "alternate 1 and 2" (default 0: never).</param>
public sealed record ReluTrainingOptions(
    ReluTrainingMethod Method = ReluTrainingMethod.Preconditioned,
    int Epochs = 1000,
    double LearningRate = 0.1,
    double FinalLearningRateFactor = 0.01,
    double Beta = 1.0 / 120,
    SamplingScheme Sampling = SamplingScheme.PerInterval,
    int SampleCount = 1000,
    int PointsPerInterval = 8,
    int EquidistributionPoints = 4,
    int Seed = 1,
    int HistoryInterval = 100,
    bool FinalWeightSolve = false,
    bool FixedPointWarmStart = true,
    int PreconditionInterval = 0)
{
    /// <summary>The spec §9 baseline: 20,000 epochs, Adam lr 1e-3 constant, 1000 uniform midpoints, MSE, no β term.</summary>
    public static ReluTrainingOptions PlainAdam(int seed = 1) =>
        new(ReluTrainingMethod.PlainAdam, 20_000, 1e-3, 1.0, 0.0, SamplingScheme.UniformMidpoints, 1000, 8, 0, seed);

    /// <summary>ReLU + equidistribution loss: 10,000 epochs of Adam lr 1e-2 (constant), 4 Gauss points per interval, β = 1/120.</summary>
    public static ReluTrainingOptions EquidistributionLoss(int seed = 1) =>
        new(ReluTrainingMethod.Equidistribution, 10_000, 1e-2, 1.0, 1.0 / 120, SamplingScheme.PerInterval, 1000, 4, 4, seed);

    /// <summary>Preconditioned ReLU training: fixed-point warm start, then 1000 epochs of Adam lr 0.1 on log-spacings decaying to 1e-3, exact weights, 4 Gauss points per interval.</summary>
    public static ReluTrainingOptions PreconditionedTraining(int seed = 1) =>
        new(ReluTrainingMethod.Preconditioned, 1000, 0.1, 0.01, 1.0 / 120, SamplingScheme.PerInterval, 1000, 4, 4, seed);

    /// <summary>The preset of a method.</summary>
    public static ReluTrainingOptions For(ReluTrainingMethod method, int seed = 1) => method switch
    {
        ReluTrainingMethod.PlainAdam => PlainAdam(seed),
        ReluTrainingMethod.Equidistribution => EquidistributionLoss(seed),
        _ => PreconditionedTraining(seed),
    };
}

/// <summary>Result of <see cref="ShallowReluTrainer.Train"/>.</summary>
/// <param name="Network">Trained network, sizes <c>[1, W, 1]</c> (the best state by training loss).</param>
/// <param name="Spline">The same function as a spline on the target interval.</param>
/// <param name="L2Error">Exact <c>‖u − y‖_{L2}</c>.</param>
/// <param name="LInfError">Max error on the exact rule's nodes.</param>
/// <param name="LossHistory">Best-so-far training loss every <c>HistoryInterval</c> epochs (non-increasing).</param>
/// <param name="FinalLoss">Training loss of the returned state.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Method">Method used.</param>
public sealed record ReluTrainingResult(
    ReluNetwork Network,
    FreeKnotSpline Spline,
    double L2Error,
    double LInfError,
    double[] LossHistory,
    double FinalLoss,
    int Epochs,
    double Seconds,
    TrainingStatus Status,
    ReluTrainingMethod Method);

/// <summary>
/// The shared trainer of univariate shallow ReLU networks (spec §7, §9): one loop, the shared <see cref="Adam"/>, an exact
/// O(P + W log P) loss/gradient kernel, best-so-far tracking, cancellation and progress; the methods differ only in the
/// coordinates (raw <c>(a, b, c, d)</c> or FKS) and in the loss terms.
/// </summary>
/// <remarks>
/// Initialisation (spec §9): <c>a, b ~ U(−1, 1)</c>, <c>c, d ~ U(±1/√W)</c> from the seed. For
/// <see cref="ReluTrainingMethod.Equidistribution"/> the breakpoints are moved inside the interval
/// (<c>b_i = −a_i k_i</c>, <c>k_i ~ U(lower, upper)</c>) so that the β term sees every neuron. For
/// <see cref="ReluTrainingMethod.Preconditioned"/> the initial network is mapped to FKS form and its knots are brought to
/// <c>W</c> intervals (largest intervals split, closest knots dropped).
/// </remarks>
public static class ShallowReluTrainer
{
    /// <summary>Trains a width-<paramref name="width"/> network for <paramref name="target"/>.</summary>
    public static ReluTrainingResult Train(
        TargetFunction target,
        int width,
        ReluTrainingOptions? options = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        Guard.Positive(width, nameof(width));
        options ??= new ReluTrainingOptions();
        Guard.Positive(options.Epochs, nameof(options.Epochs));
        Guard.Positive(options.SampleCount, nameof(options.SampleCount));
        Guard.Positive(options.PointsPerInterval, nameof(options.PointsPerInterval));
        Guard.Positive(options.HistoryInterval, nameof(options.HistoryInterval));
        Guard.Finite(options.Beta, nameof(options.Beta));
        var watch = Stopwatch.StartNew();
        var (a, b, c, d) = Initialise(target, width, options);
        var state = options.Method == ReluTrainingMethod.Preconditioned
            ? TrainPreconditioned(target, width, a, b, c, d, options, progress, cancellationToken)
            : TrainRaw(target, a, b, c, d, options, progress, cancellationToken);
        if (options.FinalWeightSolve && options.Method != ReluTrainingMethod.Preconditioned)
        {
            double[] knots = Resize(ReluSplineMap.Breakpoints(state.Network, target.Lower, target.Upper), width);
            state = state with { Network = ReluSplineMap.ToNetwork(L2Projection.BestApproximation(target, knots)) };
        }

        FreeKnotSpline spline = ReluSplineMap.ToSpline(state.Network, target.Lower, target.Upper);
        return new ReluTrainingResult(
            state.Network,
            spline,
            SplineError.L2(spline, target),
            SplineError.LInf(spline, target),
            [.. state.History],
            state.BestLoss,
            state.Epochs,
            watch.Elapsed.TotalSeconds,
            state.Status,
            options.Method);
    }

    private sealed record RunState(ReluNetwork Network, List<double> History, double BestLoss, int Epochs, TrainingStatus Status);

    private static (double[] A, double[] B, double[] C, double D) Initialise(TargetFunction target, int w, ReluTrainingOptions options)
    {
        var rng = new Random(options.Seed);
        var a = new double[w];
        var b = new double[w];
        var c = new double[w];
        double s = 1 / Math.Sqrt(w);
        for (int i = 0; i < w; i++)
        {
            a[i] = 2 * rng.NextDouble() - 1;
            b[i] = 2 * rng.NextDouble() - 1;
        }

        for (int i = 0; i < w; i++)
        {
            c[i] = s * (2 * rng.NextDouble() - 1);
        }

        double d = s * (2 * rng.NextDouble() - 1);
        if (options.Method == ReluTrainingMethod.Equidistribution)
        {
            for (int i = 0; i < w; i++)
            {
                if (a[i] == 0)
                {
                    a[i] = 1;
                }

                double k = target.Lower + (target.Upper - target.Lower) * rng.NextDouble();
                b[i] = -a[i] * k;
            }
        }

        return (a, b, c, d);
    }

    private static RunState TrainRaw(
        TargetFunction target, double[] a, double[] b, double[] c, double d,
        ReluTrainingOptions options, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        int w = a.Length;
        int n = 3 * w + 1;
        var theta = new double[n];
        a.CopyTo(theta, 0);
        b.CopyTo(theta, w);
        c.CopyTo(theta, 2 * w);
        theta[3 * w] = d;
        var grad = new double[n];
        var best = (double[])theta.Clone();
        double bestLoss = double.PositiveInfinity;
        var history = new List<double>();
        var adam = new Adam(n, options.LearningRate);
        double decay = Math.Pow(options.FinalLearningRateFactor, 1.0 / options.Epochs);
        var kernel = new ShallowReluKernel();
        bool perInterval = options.Sampling == SamplingScheme.PerInterval;
        bool withBeta = options.Method == ReluTrainingMethod.Equidistribution && options.Beta != 0;

        double[] xs = [], ws = [], us = [];
        if (!perInterval)
        {
            int p = options.SampleCount;
            xs = new double[p];
            ws = new double[p];
            us = new double[p];
            for (int q = 0; q < p; q++)
            {
                xs[q] = target.Lower + (target.Upper - target.Lower) * (q + 0.5) / p;
                ws[q] = 1.0 / p;
                us[q] = target.Value(xs[q]);
            }

            Guard.Finite(us, "u(x)");
        }

        var order = new int[w];
        var keys = new double[w];
        var knots = new double[w + 2];
        var gk = new double[w + 2];
        var status = TrainingStatus.Completed;
        int epoch = 0;
        for (; epoch <= options.Epochs; epoch++)
        {
            ReadOnlySpan<double> ta = theta.AsSpan(0, w), tb = theta.AsSpan(w, w);
            if (perInterval || withBeta)
            {
                SortedKnots(target, ta, tb, order, keys, knots);
            }

            if (perInterval)
            {
                (xs, ws, us) = PointsOn(target, knots, options.PointsPerInterval);
            }

            double loss = kernel.LossAndGradient(
                ta, tb, theta.AsSpan(2 * w, w), theta[3 * w], xs, ws, us,
                grad.AsSpan(0, w), grad.AsSpan(w, w), grad.AsSpan(2 * w, w), out grad[3 * w]);
            if (withBeta)
            {
                loss += options.Beta * KnotLosses.Equidistribution(target, knots, gk, options.EquidistributionPoints);
                // knots[1 + r] belongs to neuron order[r] (if its breakpoint is inside the interval).
                for (int r = 0; r < w; r++)
                {
                    int i = order[r];
                    double ai = ta[i];
                    if (ai == 0)
                    {
                        continue;
                    }

                    double k = -tb[i] / ai;
                    if (!(k > target.Lower && k < target.Upper))
                    {
                        continue;
                    }

                    double g = options.Beta * gk[1 + r];
                    grad[i] += g * (-k / ai);
                    grad[w + i] += g * (-1.0 / ai);
                }
            }

            if (!double.IsFinite(loss) || !FksTrainer.AllFinite(grad))
            {
                status = TrainingStatus.Diverged;
                break;
            }

            if (loss < bestLoss)
            {
                bestLoss = loss;
                Array.Copy(theta, best, n);
            }

            if (epoch % options.HistoryInterval == 0)
            {
                history.Add(bestLoss);
                progress?.Report(new TrainingProgress("adam", epoch, options.Epochs, loss, bestLoss));
            }

            if (epoch == options.Epochs)
            {
                break;
            }

            if (ct.IsCancellationRequested)
            {
                status = TrainingStatus.Cancelled;
                break;
            }

            adam.Step(theta, grad);
            adam.LearningRate *= decay;
            if (options.PreconditionInterval > 0 && (epoch + 1) % options.PreconditionInterval == 0)
            {
                Precondition(target, theta, w);
                double lr = adam.LearningRate;
                adam = new Adam(n, lr);
            }
        }

        if (history.Count == 0 || history[^1] != bestLoss)
        {
            history.Add(bestLoss);
        }

        var net = ReluSplineMap.FromParameters(best.AsSpan(0, w), best.AsSpan(w, w), best.AsSpan(2 * w, w), best[3 * w]);
        return new RunState(net, history, bestLoss, Math.Min(epoch, options.Epochs), status);
    }

    /// <summary>The preconditioning step on raw parameters: exact output layer on the current breakpoints, canonical form, width kept.</summary>
    private static void Precondition(TargetFunction target, double[] theta, int w)
    {
        ReluNetwork net = ReluSplineMap.FromParameters(theta.AsSpan(0, w), theta.AsSpan(w, w), theta.AsSpan(2 * w, w), theta[3 * w]);
        double[] knots = Resize(ReluSplineMap.Breakpoints(net, target.Lower, target.Upper), w);
        FreeKnotSpline spline = L2Projection.BestApproximation(target, knots, ErrorQuadrature.Training);
        double[] coefficients = ReluSplineMap.DifferenceApply(spline.Knots, spline.Values);
        for (int i = 0; i < w; i++)
        {
            theta[i] = 1.0;
            theta[w + i] = -knots[i];
            theta[2 * w + i] = coefficients[i + 1];
        }

        theta[3 * w] = coefficients[0];
    }

    /// <summary>
    /// Fills <paramref name="knots"/> (length W+2) with the lower end, the breakpoints sorted and clamped to the interval
    /// (neurons with <c>a = 0</c> sorted to the lower end), and the upper end; <paramref name="order"/>[r] is the neuron
    /// at <c>knots[1 + r]</c>.
    /// </summary>
    private static void SortedKnots(TargetFunction target, ReadOnlySpan<double> a, ReadOnlySpan<double> b, int[] order, double[] keys, double[] knots)
    {
        int w = a.Length;
        for (int i = 0; i < w; i++)
        {
            order[i] = i;
            double k = a[i] == 0 ? target.Lower : -b[i] / a[i];
            keys[i] = Math.Clamp(k, target.Lower, target.Upper);
        }

        Array.Sort(keys, order);
        knots[0] = target.Lower;
        keys.CopyTo(knots, 1);
        knots[w + 1] = target.Upper;
    }

    /// <summary>Gauss–Legendre points on every non-empty interval of non-decreasing knots (graded at singular points).</summary>
    private static (double[] X, double[] W, double[] U) PointsOn(TargetFunction target, ReadOnlySpan<double> knots, int points)
    {
        var distinct = new List<double>(knots.Length) { knots[0] };
        for (int i = 1; i < knots.Length; i++)
        {
            if (knots[i] - distinct[^1] > ReluSplineMap.MergeTolerance * Math.Max(1.0, Math.Abs(knots[i])))
            {
                distinct.Add(knots[i]);
            }
        }

        distinct[^1] = knots[^1];
        if (distinct.Count < 2)
        {
            distinct.Add(target.Upper);
        }

        var q = KnotQuadrature.Build(distinct.ToArray(), new ErrorQuadrature(points, 1), target.SingularPoints);
        var u = new double[q.Count];
        for (int p = 0; p < u.Length; p++)
        {
            u[p] = target.Value(q.Nodes[p]);
        }

        Guard.Finite(u, "u(x)");
        return (q.Nodes, q.Weights, u);
    }

    private static RunState TrainPreconditioned(
        TargetFunction target, int w, double[] a, double[] b, double[] c, double d,
        ReluTrainingOptions options, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        ReluNetwork init = ReluSplineMap.FromParameters(a, b, c, d);
        double[] knots = Resize(ReluSplineMap.Breakpoints(init, target.Lower, target.Upper), w);
        int n = w;
        if (n >= 2 && options.FixedPointWarmStart)
        {
            knots = Equidistribution.FromApproximant(target.Value, n, target.Lower, target.Upper, initialKnots: knots).Knots;
        }

        double[] z = LogSpacing.FromKnots(knots);
        var gz = new double[n];
        var gk = new double[n + 1];
        var ge = new double[n + 1];
        var best = (double[])z.Clone();
        double bestLoss = double.PositiveInfinity;
        var history = new List<double>();
        var adam = new Adam(n, options.LearningRate);
        double decay = Math.Pow(options.FinalLearningRateFactor, 1.0 / options.Epochs);
        var rule = new ErrorQuadrature(options.PointsPerInterval, 1);
        var status = TrainingStatus.Completed;
        int epoch = 0;
        for (; epoch <= options.Epochs && n > 1; epoch++)
        {
            LogSpacing.ToKnots(z, target.Lower, target.Upper, knots);
            var q = KnotQuadrature.Build(knots, rule, target.SingularPoints);
            var u = new double[q.Count];
            for (int p = 0; p < u.Length; p++)
            {
                u[p] = target.Value(q.Nodes[p]);
            }

            // Preconditioning: the weights solve the well-conditioned hat-basis L2 problem exactly, so only the knots
            // remain for Adam; by optimality in w the knot gradient needs no w-terms (variable projection).
            double[] wts = L2Projection.SolveWeights(knots, q, u);
            double loss = 0;
            Array.Clear(gk);
            for (int i = 0; i < n; i++)
            {
                double left = knots[i], h = knots[i + 1] - left;
                double slope = (wts[i + 1] - wts[i]) / h;
                double gl = 0, gr = 0;
                for (int p = q.Start[i]; p < q.Start[i + 1]; p++)
                {
                    double t = (q.Nodes[p] - left) / h;
                    double r = wts[i] + slope * (q.Nodes[p] - left) - u[p];
                    double wr = q.Weights[p] * r;
                    loss += wr * r;
                    gl += -2 * wr * slope * (1 - t);
                    gr += -2 * wr * slope * t;
                }

                gk[i] += gl;
                gk[i + 1] += gr;
            }

            if (options.Beta != 0)
            {
                loss += options.Beta * KnotLosses.Equidistribution(target, knots, ge, options.EquidistributionPoints);
                for (int j = 0; j <= n; j++)
                {
                    gk[j] += options.Beta * ge[j];
                }
            }

            LogSpacing.Gradient(knots, gk, gz);
            double gradScale = loss > 0 ? 1.0 / loss : 1.0;
            for (int i = 0; i < n; i++)
            {
                gz[i] *= gradScale;
            }

            if (!double.IsFinite(loss) || !FksTrainer.AllFinite(gz))
            {
                status = TrainingStatus.Diverged;
                break;
            }

            if (loss < bestLoss)
            {
                bestLoss = loss;
                Array.Copy(z, best, n);
            }

            if (epoch % options.HistoryInterval == 0)
            {
                history.Add(bestLoss);
                progress?.Report(new TrainingProgress("knots", epoch, options.Epochs, loss, bestLoss));
            }

            if (epoch == options.Epochs)
            {
                break;
            }

            if (ct.IsCancellationRequested)
            {
                status = TrainingStatus.Cancelled;
                break;
            }

            adam.Step(z, gz);
            adam.LearningRate *= decay;
        }

        if (history.Count == 0 || history[^1] != bestLoss)
        {
            history.Add(bestLoss);
        }

        LogSpacing.ToKnots(best, target.Lower, target.Upper, knots);
        FreeKnotSpline spline = L2Projection.BestApproximation(target, knots);
        return new RunState(ReluSplineMap.ToNetwork(spline), history, bestLoss, Math.Min(epoch, options.Epochs), status);
    }

    /// <summary>Brings sorted knots (ends included) to exactly <paramref name="intervals"/> intervals: splits the largest interval or drops the knot closest to its left neighbour.</summary>
    internal static double[] Resize(double[] knots, int intervals)
    {
        var list = new List<double>(knots);
        while (list.Count - 1 < intervals)
        {
            int widest = 0;
            for (int i = 1; i + 1 < list.Count; i++)
            {
                if (list[i + 1] - list[i] > list[widest + 1] - list[widest])
                {
                    widest = i;
                }
            }

            list.Insert(widest + 1, 0.5 * (list[widest] + list[widest + 1]));
        }

        while (list.Count - 1 > intervals)
        {
            int closest = 1;
            for (int i = 2; i + 1 < list.Count; i++)
            {
                if (list[i] - list[i - 1] < list[closest] - list[closest - 1])
                {
                    closest = i;
                }
            }

            list.RemoveAt(closest);
        }

        return [.. list];
    }
}
