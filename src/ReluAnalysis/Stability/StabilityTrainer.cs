using System.Diagnostics;

namespace ReluAnalysis.Stability;

/// <summary>
/// Full-batch gradient descent with a constant step η on <c>L(θ) = (1/(2n)) Σ (f_θ(x_j) − y_j)²</c> for a univariate
/// two-layer ReLU network, recording loss, λ_max, <c>TV_g</c> and knots along the run (the experiment of Qiao et al.).
/// </summary>
/// <remarks>
/// <para>Update <c>θ ← θ − η ∇L(θ)</c>, with the gradient clipped to norm <see cref="StabilityTrainingOptions.ClipNorm"/>
/// during the first <see cref="StabilityTrainingOptions.ClipSteps"/> steps. The step loop allocates nothing and costs
/// <c>O(nk)</c>; records (λ_max by Lanczos on Hessian–vector products) cost <c>O(nk · 40)</c> each.</para>
/// <para>Deterministic: the same data and options give bit-identical results.</para>
/// </remarks>
public static class StabilityTrainer
{
    /// <summary>Trains a network initialised by <see cref="UnivariateReluNet.Random"/>(Width, Seed) on <c>(x, y)</c>.</summary>
    /// <param name="x">Training inputs (n ≥ 2, finite).</param>
    /// <param name="y">Training labels (n, finite).</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives one <see cref="OperationProgress"/> per record (Value = loss).</param>
    /// <param name="cancellationToken">Checked every 1,000 steps; throws <see cref="OperationCanceledException"/>.</param>
    public static StabilityTrainingResult Train(
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> y,
        StabilityTrainingOptions? options = null,
        IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new StabilityTrainingOptions();
        options.Validate();
        return Train(x, y, UnivariateReluNet.Random(options.Width, options.Seed), options, progress, cancellationToken);
    }

    /// <summary>Trains from the given initial network (its width overrides <see cref="StabilityTrainingOptions.Width"/>).</summary>
    /// <param name="x">Training inputs (n ≥ 2, finite).</param>
    /// <param name="y">Training labels (n, finite).</param>
    /// <param name="initial">The initial iterate θ₀.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives one <see cref="OperationProgress"/> per record (Value = loss).</param>
    /// <param name="cancellationToken">Checked every 1,000 steps; throws <see cref="OperationCanceledException"/>.</param>
    public static StabilityTrainingResult Train(
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> y,
        UnivariateReluNet initial,
        StabilityTrainingOptions? options = null,
        IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initial);
        options ??= new StabilityTrainingOptions();
        options.Validate();
        Guard.MinLength(x.Length, 2, nameof(x));
        var watch = Stopwatch.StartNew();
        var loss = new TwoLayerLoss(x, y, initial.Width);
        var weight = new StabilityWeight(x);
        double[] theta = initial.Parameters.ToArray();
        double[] lastGood = (double[])theta.Clone();
        var gradient = new double[theta.Length];
        double eta = options.LearningRate;
        int steps = options.Steps;
        int interval = Math.Max(1, steps / (options.RecordCount - 1));
        int tailStart = Math.Max(0, steps - options.TailIterates + 1);
        double clip = options.ClipNorm > 0.0 && double.IsFinite(options.ClipNorm) ? options.ClipNorm : double.PositiveInfinity;
        double tol2 = options.GradientTolerance * options.GradientTolerance;
        var history = new List<StabilityRecord>(options.RecordCount + 1);
        double tailSum = 0.0;
        int tailCount = 0;
        var status = StabilityStatus.Completed;
        long step = 0;
        for (; step < steps; step++)
        {
            double value = loss.Gradient(theta, gradient);
            if (!double.IsFinite(value) || value > options.DivergenceLoss)
            {
                status = StabilityStatus.Diverged;
                break;
            }

            if (step % interval == 0)
            {
                if (step % 1000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                Record(step, value);
                Array.Copy(theta, lastGood, theta.Length);
            }
            else if (step % 1000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (step >= tailStart)
            {
                Tail();
            }

            double norm2 = 0.0;
            for (int p = 0; p < gradient.Length; p++)
            {
                norm2 += gradient[p] * gradient[p];
            }

            if (norm2 <= tol2)
            {
                status = StabilityStatus.Converged;
                break;
            }

            double scale = step < options.ClipSteps && norm2 > clip * clip ? eta * clip / Math.Sqrt(norm2) : eta;
            for (int p = 0; p < theta.Length; p++)
            {
                theta[p] -= scale * gradient[p];
            }
        }

        if (status != StabilityStatus.Diverged)
        {
            double final = loss.Loss(theta);
            if (!double.IsFinite(final) || final > options.DivergenceLoss || !AllFinite(theta))
            {
                status = StabilityStatus.Diverged;
            }
            else
            {
                if (status == StabilityStatus.Completed)
                {
                    Tail();
                }

                if (history.Count == 0 || history[^1].Step != step)
                {
                    Record(step, final);
                }
            }
        }

        if (status == StabilityStatus.Diverged)
        {
            return new StabilityTrainingResult(status, new UnivariateReluNet(lastGood), null, null, eta, step, history, watch.Elapsed);
        }

        var net = new UnivariateReluNet(theta);
        StabilityReport report = StabilityAnalysis.Analyze(net, x, y, eta);
        double? tailMean = tailCount > 0 ? tailSum / tailCount : report.LambdaMax;
        return new StabilityTrainingResult(status, net, report, tailMean, eta, step, history, watch.Elapsed);

        void Record(long at, double value)
        {
            var net = new UnivariateReluNet(theta);
            double lambda = TopEigenvalue.Lanczos(new LossHessian(net, loss.X, loss.Y), 40, 1e-8).Value;
            var knots = KnotStatistics.Compute(net, loss.X);
            history.Add(new StabilityRecord(at, value, lambda, WeightedTotalVariation.Compute(net, weight), knots.EffectiveKnots));
            progress?.Report(new OperationProgress("gradient descent", at, steps, watch.Elapsed, value));
        }

        void Tail()
        {
            double lambda = TopEigenvalue.Lanczos(new LossHessian(new UnivariateReluNet(theta), loss.X, loss.Y), 40, 1e-8).Value;
            tailSum += lambda;
            tailCount++;
        }
    }

    private static bool AllFinite(double[] values)
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
