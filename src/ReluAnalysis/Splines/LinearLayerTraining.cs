using ReluAnalysis.Optimization;

namespace ReluAnalysis.Splines;

/// <summary>Basis in which the output layer is trained with knots fixed.</summary>
public enum SplineBasis
{
    /// <summary>ReLU basis <c>{1, ReLU(x − k_0), …, ReLU(x − k_{N−1})}</c>: coefficients <c>(d, c)</c>.</summary>
    Relu,

    /// <summary>Hat basis <c>{φ_0, …, φ_N}</c>: coefficients <c>w</c> (values at the knots).</summary>
    Hat,
}

/// <summary>
/// The preconditioning experiment of spec §9: knots fixed, only the linear (output) layer trained by Adam on the mean
/// squared error at uniform midpoints, in the ReLU basis (Gram condition number ~N⁴) or the hat basis (bounded).
/// Both parametrise the same spline space, so any difference in the reached error is due to conditioning alone.
/// </summary>
public static class LinearLayerTraining
{
    /// <summary>Trains the output layer on fixed knots; returns the exact L2 error of the best state reached.</summary>
    /// <param name="target">Target.</param>
    /// <param name="knots">Fixed knots (ends included).</param>
    /// <param name="basis">Basis of the trained coefficients.</param>
    /// <param name="epochs">Adam steps (spec: 5000).</param>
    /// <param name="learningRate">Adam step (spec: 1e-2).</param>
    /// <param name="samples">Uniform midpoints (spec: 1000).</param>
    public static double Train(TargetFunction target, ReadOnlySpan<double> knots, SplineBasis basis, int epochs = 5000, double learningRate = 1e-2, int samples = 1000)
    {
        ArgumentNullException.ThrowIfNull(target);
        Guard.Positive(epochs, nameof(epochs));
        Guard.Positive(samples, nameof(samples));
        double[] k = knots.ToArray();
        _ = new FreeKnotSpline(k, new double[k.Length]);
        int n = k.Length - 1;
        var x = new double[samples];
        var u = new double[samples];
        var wq = new double[samples];
        for (int p = 0; p < samples; p++)
        {
            x[p] = target.Lower + (target.Upper - target.Lower) * (p + 0.5) / samples;
            u[p] = target.Value(x[p]);
            wq[p] = 1.0 / samples;
        }

        var theta = new double[n + 1];
        var grad = new double[n + 1];
        var best = new double[n + 1];
        double bestLoss = double.PositiveInfinity;
        var adam = new Adam(n + 1, learningRate);
        var a = new double[n];
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = 1;
            b[i] = -k[i];
        }

        var kernel = new ShallowReluKernel();
        var ga = new double[n];
        var gb = new double[n];
        var interval = new int[samples];
        for (int p = 0; p < samples; p++)
        {
            interval[p] = FreeKnotSpline.IntervalOf(k, x[p]);
        }

        for (int epoch = 0; epoch <= epochs; epoch++)
        {
            double loss;
            if (basis == SplineBasis.Relu)
            {
                loss = kernel.LossAndGradient(a, b, theta.AsSpan(1), theta[0], x, wq, u, ga, gb, grad.AsSpan(1), out grad[0]);
            }
            else
            {
                Array.Clear(grad);
                loss = 0;
                for (int p = 0; p < samples; p++)
                {
                    int i = interval[p];
                    double t = (x[p] - k[i]) / (k[i + 1] - k[i]);
                    double r = theta[i] + t * (theta[i + 1] - theta[i]) - u[p];
                    loss += wq[p] * r * r;
                    grad[i] += 2 * wq[p] * r * (1 - t);
                    grad[i + 1] += 2 * wq[p] * r * t;
                }
            }

            if (loss < bestLoss)
            {
                bestLoss = loss;
                Array.Copy(theta, best, n + 1);
            }

            if (epoch < epochs)
            {
                adam.Step(theta, grad);
            }
        }

        double[] values = basis == SplineBasis.Hat ? best : ReluValues(k, best);
        return SplineError.L2(new FreeKnotSpline(k, values), target);
    }

    private static double[] ReluValues(double[] k, double[] coefficients)
    {
        // w = T [d; c].
        int m = k.Length;
        var w = new double[m];
        for (int j = 0; j < m; j++)
        {
            double v = coefficients[0];
            for (int i = 0; i < j; i++)
            {
                v += coefficients[i + 1] * (k[j] - k[i]);
            }

            w[j] = v;
        }

        return w;
    }
}
