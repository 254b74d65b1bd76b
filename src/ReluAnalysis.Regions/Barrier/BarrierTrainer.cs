using System.Diagnostics;
using ReluAnalysis.Networks;
using ReluAnalysis.Optimization;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// A small sampling-based trainer for shallow barrier networks (continuous time), so examples can produce their own
/// <c>B</c>. The certifier never trusts it.
/// </summary>
/// <remarks>
/// Loss over fixed seeded samples, each term a mean hinge: <c>relu(B + m)</c> on the initial set,
/// <c>relu(m − B)</c> on the unsafe set and (optionally) the domain boundary, and
/// <c>relu(∇B·f + m_d)</c> on domain samples with <c>|B| ≤ band</c>. <c>B</c> and the pre-activations come from
/// <see cref="BatchEvaluator"/>; for the shallow net the parameter gradients are
/// <c>∂B/∂v_k = relu(z_k)</c>, <c>∂B/∂W_k = v_k[z_k&gt;0] x</c>, <c>∂B/∂b_k = v_k[z_k&gt;0]</c>, <c>∂B/∂b₂ = 1</c> and
/// <c>∂(∇B·f)/∂v_k = [z_k&gt;0] W_k·f</c>, <c>∂(∇B·f)/∂W_k = v_k[z_k&gt;0] f</c>. Full-batch Adam, best iterate kept.
/// Cost per epoch <c>O(samples · N · n)</c>.
/// </remarks>
public static class BarrierTrainer
{
    /// <summary>Trains a barrier for <paramref name="problem"/> (its network is ignored; only system, domain, unsafe and initial sets are used).</summary>
    /// <param name="problem">The problem (continuous time).</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="progress">Progress every 100 epochs (value: the loss).</param>
    /// <param name="cancellationToken">Cancels training (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">Discrete-time system or an option out of range.</exception>
    public static BarrierTrainingResult Train(BarrierProblem problem, BarrierTrainingOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new BarrierTrainingOptions();
        if (problem.System.Time != DynamicsTime.Continuous)
        {
            throw new ArgumentException("problem has a discrete-time system; the trainer handles continuous time only.", nameof(problem));
        }

        if (options.HiddenWidth < 1 || options.Epochs < 1 || options.DomainSamples < 1 || !(options.LearningRate > 0) || !(options.DecreaseBand > 0) || options.Margin < 0 || options.DecreaseMargin < 0)
        {
            throw new ArgumentException($"options {options} out of range; expected positive width, epochs, samples, learning rate and band, and non-negative margins.", nameof(options));
        }

        var clock = Stopwatch.StartNew();
        int n = problem.Dimension;
        int width = options.HiddenWidth;
        var rng = new Random(options.Seed);

        // Samples: (point, kind) with kind 0 domain/decrease, 1 initial, 2 unsafe, 3 boundary.
        var points = new List<double[]>();
        var kinds = new List<int>();
        var x = new double[n];
        for (int i = 0; i < options.DomainSamples; i++)
        {
            problem.Domain.Sample(rng, x);
            points.Add((double[])x.Clone());
            kinds.Add(0);
        }

        if (problem.InitialSet is not null)
        {
            for (int i = 0; i < options.InitialSamples; i++)
            {
                problem.InitialSet.Sample(rng, x);
                points.Add((double[])x.Clone());
                kinds.Add(1);
            }
        }

        for (int i = 0, tries = 0; i < options.UnsafeSamples && tries < 200 * options.UnsafeSamples; tries++)
        {
            problem.Domain.Sample(rng, x);
            if (problem.Unsafe.Contains(x))
            {
                points.Add((double[])x.Clone());
                kinds.Add(2);
                i++;
            }
        }

        for (int i = 0; i < options.BoundarySamples; i++)
        {
            problem.Domain.Sample(rng, x);
            int axis = rng.Next(n);
            x[axis] = rng.Next(2) == 0 ? problem.Domain.Lower[axis] : problem.Domain.Upper[axis];
            points.Add((double[])x.Clone());
            kinds.Add(3);
        }

        int count = points.Count;
        var inputs = new double[count * n];
        var flows = new double[count * n];
        var fx = new double[n];
        for (int s = 0; s < count; s++)
        {
            points[s].CopyTo(inputs, s * n);
            problem.System.Evaluate(points[s], fx);
            fx.CopyTo(flows, s * n);
        }

        var kindCount = new double[4];
        foreach (int k in kinds)
        {
            kindCount[k]++;
        }

        // Parameters: W (width·n), b (width), v (width), b2. Initial W rows on the unit sphere, b inside the domain's range.
        int pw = width * n, pb = pw, pv = pw + width, p2 = pw + 2 * width;
        var theta = new double[p2 + 1];
        double scale = 0;
        for (int j = 0; j < n; j++)
        {
            scale = Math.Max(scale, problem.Domain.Upper[j] - problem.Domain.Lower[j]);
        }

        double[] center = problem.Domain.Center();
        for (int k = 0; k < width; k++)
        {
            double norm = 0;
            for (int j = 0; j < n; j++)
            {
                double g = Gaussian(rng);
                theta[k * n + j] = g;
                norm += g * g;
            }

            norm = Math.Sqrt(norm);
            double dot = 0;
            for (int j = 0; j < n; j++)
            {
                theta[k * n + j] /= norm;
                dot += theta[k * n + j] * center[j];
            }

            theta[pb + k] = -dot + 0.5 * scale * (rng.NextDouble() - 0.5);
            theta[pv + k] = 1.0 / width * (1 + 0.5 * (rng.NextDouble() - 0.5));
        }

        theta[p2] = -0.3;
        var adam = new Adam(theta.Length, options.LearningRate);
        var grad = new double[theta.Length];
        double bestLoss = double.PositiveInfinity;
        double[] best = (double[])theta.Clone();
        int bestViolations = 0;
        var pre = new double[count * width];
        var outB = new double[count];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReluNetwork net = Build(theta, n, width);
            new BatchEvaluator(net, 1).Evaluate(inputs, outB, default, pre, cancellationToken);
            Array.Clear(grad);
            double loss = 0;
            int violations = 0;
            for (int s = 0; s < count; s++)
            {
                int kind = kinds[s];
                double b = outB[s];
                ReadOnlySpan<double> z = pre.AsSpan(s * width, width);
                ReadOnlySpan<double> xs = inputs.AsSpan(s * n, n);
                if (kind == 0)
                {
                    if (Math.Abs(b) > options.DecreaseBand)
                    {
                        continue;
                    }

                    ReadOnlySpan<double> fs = flows.AsSpan(s * n, n);
                    double lie = 0;
                    for (int k = 0; k < width; k++)
                    {
                        if (z[k] > 0)
                        {
                            double wf = 0;
                            for (int j = 0; j < n; j++)
                            {
                                wf += theta[k * n + j] * fs[j];
                            }

                            lie += theta[pv + k] * wf;
                        }
                    }

                    if (lie > 0 && Math.Abs(b) < 0.05)
                    {
                        violations++;
                    }

                    double h = lie + options.DecreaseMargin;
                    if (h <= 0)
                    {
                        continue;
                    }

                    double c = options.DecreaseWeight / kindCount[0];
                    loss += c * h;
                    for (int k = 0; k < width; k++)
                    {
                        if (z[k] > 0)
                        {
                            double wf = 0;
                            for (int j = 0; j < n; j++)
                            {
                                wf += theta[k * n + j] * fs[j];
                                grad[k * n + j] += c * theta[pv + k] * fs[j];
                            }

                            grad[pv + k] += c * wf;
                        }
                    }

                    continue;
                }

                // Set conditions: sign −1 wants B ≤ −m (initial), +1 wants B ≥ m (unsafe, boundary).
                double dir = kind == 1 ? 1.0 : -1.0;
                if (dir * b > 0)
                {
                    violations++;
                }

                double hinge = dir * b + options.Margin;
                if (hinge <= 0)
                {
                    continue;
                }

                double cc = dir / kindCount[kind];
                loss += hinge / kindCount[kind];
                for (int k = 0; k < width; k++)
                {
                    if (z[k] > 0)
                    {
                        grad[pv + k] += cc * z[k];
                        grad[pb + k] += cc * theta[pv + k];
                        for (int j = 0; j < n; j++)
                        {
                            grad[k * n + j] += cc * theta[pv + k] * xs[j];
                        }
                    }
                }

                grad[p2] += cc;
            }

            if (loss < bestLoss)
            {
                bestLoss = loss;
                best = (double[])theta.Clone();
                bestViolations = violations;
            }

            if (epoch % 100 == 0)
            {
                progress?.Report(new OperationProgress("epoch", epoch, options.Epochs, clock.Elapsed, loss));
            }

            if (loss == 0)
            {
                break;
            }

            adam.Step(theta, grad);
        }

        return new BarrierTrainingResult(Build(best, n, width), bestLoss, bestViolations, clock.Elapsed);
    }

    private static ReluNetwork Build(double[] theta, int n, int width)
    {
        int pw = width * n;
        return new ReluNetwork(
        [
            new DenseLayer(width, n, theta.AsSpan(0, pw), theta.AsSpan(pw, width)),
            new DenseLayer(1, width, theta.AsSpan(pw + width, width), theta.AsSpan(pw + 2 * width, 1)),
        ]);
    }

    private static double Gaussian(Random rng)
    {
        double u = 1.0 - rng.NextDouble();
        double v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
