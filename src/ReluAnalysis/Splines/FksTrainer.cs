using System.Diagnostics;

namespace ReluAnalysis.Splines;

/// <summary>
/// Two-level training of a linear free knot spline (spec §6): level 1 moves the interior knots from uniform by Adam on
/// <c>L_E</c> or <c>L_I</c> (in log-spacing coordinates, so knots stay ordered) or computes them by equidistribution;
/// level 2 solves the well-conditioned tridiagonal L2 problem <c>M w = r</c> for the weights; an optional joint phase
/// tunes <c>(w, k)</c> together on the L2 loss.
/// </summary>
public static class FksTrainer
{
    /// <summary>Trains an <paramref name="intervals"/>-interval spline for <paramref name="target"/>.</summary>
    public static FksTrainingResult Train(
        TargetFunction target,
        int intervals,
        FksTrainingOptions? options = null,
        IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        Guard.Positive(intervals, nameof(intervals));
        options ??= new FksTrainingOptions();
        Guard.NonNegative(options.KnotEpochs, nameof(options.KnotEpochs));
        Guard.NonNegative(options.JointEpochs, nameof(options.JointEpochs));
        var watch = Stopwatch.StartNew();
        var status = SplineTrainingStatus.Completed;
        var history = new List<double>();
        double[] knots;
        if (options.Objective == KnotObjective.DirectEquidistribution)
        {
            knots = Equidistribution.Knots(target, intervals).Knots;
        }
        else
        {
            (knots, status) = TrainKnots(target, intervals, options, history, progress, cancellationToken);
        }

        FreeKnotSpline interpolant = FreeKnotSpline.Interpolate(target.Value, knots);
        double interpError = SplineError.L2(interpolant, target);
        FreeKnotSpline spline = L2Projection.BestApproximation(target, knots);
        if (options.JointEpochs > 0 && status == SplineTrainingStatus.Completed && intervals > 1)
        {
            (spline, status) = JointTune(target, spline, options, progress, cancellationToken);
        }

        return new FksTrainingResult(spline, SplineError.L2(spline, target), SplineError.LInf(spline, target), interpError, [.. history], watch.Elapsed, status);
    }

    private static (double[] Knots, SplineTrainingStatus Status) TrainKnots(
        TargetFunction target, int n, FksTrainingOptions options, List<double> history, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        double[] knots = FreeKnotSpline.UniformKnots(n, target.Lower, target.Upper);
        if (n >= 2 && options.FixedPointWarmStart)
        {
            knots = Equidistribution.FromApproximant(target.Value, n, target.Lower, target.Upper).Knots;
        }

        if (n < 2 || options.KnotEpochs == 0)
        {
            return (knots, SplineTrainingStatus.Completed);
        }

        double[] z = LogSpacing.FromKnots(knots);
        var gk = new double[n + 1];
        double scale = 0;
        var loop = new AdamLoop("knots", options.KnotEpochs, options.KnotLearningRate, options.FinalLearningRateFactor, historyInterval: 10);
        var (bestZ, _, _, status) = loop.Run(z, (epoch, zs, gz) =>
        {
            LogSpacing.ToKnots(zs, target.Lower, target.Upper, knots);
            double loss = options.Objective == KnotObjective.Interpolation
                ? KnotLosses.Interpolation(target, knots, gk, options.TrainingQuadrature)
                : KnotLosses.Equidistribution(target, knots, gk, options.EquidistributionPoints);
            if (epoch == 0)
            {
                scale = loss > 0 ? 1.0 / loss : 1.0;
            }

            // Adam on log L: the gradient keeps its magnitude while the loss falls by orders of magnitude, so the
            // second-moment average (memory ~1/(1-beta2) steps) does not freeze the knots late in training.
            double gradScale = loss > 0 ? 1.0 / loss : 1.0;
            LogSpacing.Gradient(knots, gk, gz);
            for (int i = 0; i < n; i++)
            {
                gz[i] *= gradScale;
            }

            return loss * scale;
        }, history, progress, ct);

        LogSpacing.ToKnots(bestZ, target.Lower, target.Upper, knots);
        return (knots, status);
    }

    private static (FreeKnotSpline Spline, SplineTrainingStatus Status) JointTune(
        TargetFunction target, FreeKnotSpline start, FksTrainingOptions options, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        int n = start.IntervalCount;
        ErrorQuadrature rule = options.TrainingQuadrature ?? ErrorQuadrature.Training;
        var theta = new double[2 * n + 1];
        start.Values.CopyTo(theta);
        LogSpacing.FromKnots(start.Knots).CopyTo(theta.AsSpan(n + 1));
        var gk = new double[n + 1];
        var knots = new double[n + 1];
        double scale = 0;
        var loop = new AdamLoop("joint", options.JointEpochs, options.JointLearningRate, finalLearningRateFactor: 1.0, historyInterval: 10);
        var (bestTheta, _, _, status) = loop.Run(theta, (epoch, th, grad) =>
        {
            LogSpacing.ToKnots(th.AsSpan(n + 1), target.Lower, target.Upper, knots);
            var q = KnotQuadrature.Build(knots, rule, target.SingularPoints);
            Array.Clear(grad);
            Array.Clear(gk);
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                double a = knots[i], h = knots[i + 1] - a;
                double slope = (th[i + 1] - th[i]) / h;
                double gl = 0, gr = 0, gkRight = 0, gkLeft = 0;
                for (int p = q.Start[i]; p < q.Start[i + 1]; p++)
                {
                    double x = q.Nodes[p], t = (x - a) / h;
                    double r = th[i] + slope * (x - a) - target.Value(x);
                    double wr = q.Weights[p] * r;
                    loss += wr * r;
                    gl += 2 * wr * (1 - t);
                    gr += 2 * wr * t;
                    // dy/dk_j = -y'(x) phi_j(x) on both sides of k_j.
                    gkRight += -2 * wr * slope * t;
                    gkLeft += -2 * wr * slope * (1 - t);
                }

                grad[i] += gl;
                grad[i + 1] += gr;
                gk[i + 1] += gkRight;
                gk[i] += gkLeft;
            }

            if (epoch == 0)
            {
                scale = loss > 0 ? 1.0 / loss : 1.0;
            }

            LogSpacing.Gradient(knots, gk, grad.AsSpan(n + 1));
            for (int i = 0; i < grad.Length; i++)
            {
                grad[i] *= scale;
            }

            return loss * scale;
        }, history: null, progress, ct);

        LogSpacing.ToKnots(bestTheta.AsSpan(n + 1), target.Lower, target.Upper, knots);
        var tuned = new FreeKnotSpline(knots, bestTheta.AsSpan(0, n + 1));
        // The joint phase starts from the level-2 optimum; keep it unless the tuned spline is better in the exact norm.
        return SplineError.L2(tuned, target) < SplineError.L2(start, target) ? (tuned, status) : (start, status);
    }

    internal static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
