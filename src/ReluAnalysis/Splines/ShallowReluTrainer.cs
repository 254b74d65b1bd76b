using System.Diagnostics;
using ReluAnalysis.Networks;
using ReluAnalysis.Optimization;

namespace ReluAnalysis.Splines;

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
        IProgress<OperationProgress>? progress = null,
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
            watch.Elapsed,
            state.Status,
            options.Method);
    }

    private sealed record RunState(ReluNetwork Network, List<double> History, double BestLoss, int Epochs, SplineTrainingStatus Status);

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
        ReluTrainingOptions options, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        int w = a.Length;
        int n = 3 * w + 1;
        var theta = new double[n];
        a.CopyTo(theta, 0);
        b.CopyTo(theta, w);
        c.CopyTo(theta, 2 * w);
        theta[3 * w] = d;
        var history = new List<double>();
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
        var loop = new AdamLoop("adam", options.Epochs, options.LearningRate, options.FinalLearningRateFactor, options.HistoryInterval);
        var (best, bestLoss, epoch, status) = loop.Run(theta, (_, th, grad) =>
        {
            ReadOnlySpan<double> ta = th.AsSpan(0, w), tb = th.AsSpan(w, w);
            if (perInterval || withBeta)
            {
                SortedKnots(target, ta, tb, order, keys, knots);
            }

            if (perInterval)
            {
                (xs, ws, us) = PointsOn(target, knots, options.PointsPerInterval);
            }

            double loss = kernel.LossAndGradient(
                ta, tb, th.AsSpan(2 * w, w), th[3 * w], xs, ws, us,
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

            return loss;
        }, history, progress, ct, afterStep: epoch =>
        {
            if (options.PreconditionInterval > 0 && (epoch + 1) % options.PreconditionInterval == 0)
            {
                Precondition(target, theta, w);
                return true;
            }

            return false;
        });

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
        ReluTrainingOptions options, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        ReluNetwork init = ReluSplineMap.FromParameters(a, b, c, d);
        double[] knots = Resize(ReluSplineMap.Breakpoints(init, target.Lower, target.Upper), w);
        int n = w;
        if (n >= 2 && options.FixedPointWarmStart)
        {
            knots = Equidistribution.FromApproximant(target.Value, n, target.Lower, target.Upper, initialKnots: knots).Knots;
        }

        double[] z = LogSpacing.FromKnots(knots);
        var gk = new double[n + 1];
        var ge = new double[n + 1];
        var history = new List<double>();
        var rule = new ErrorQuadrature(options.PointsPerInterval, 1);
        double[] best = z;
        double bestLoss = double.PositiveInfinity;
        int epoch = 0;
        var status = SplineTrainingStatus.Completed;
        if (n > 1)
        {
            var loop = new AdamLoop("knots", options.Epochs, options.LearningRate, options.FinalLearningRateFactor, options.HistoryInterval);
            (best, bestLoss, epoch, status) = loop.Run(z, (_, zs, gz) =>
            {
                LogSpacing.ToKnots(zs, target.Lower, target.Upper, knots);
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
                return loss;
            }, history, progress, ct);
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
