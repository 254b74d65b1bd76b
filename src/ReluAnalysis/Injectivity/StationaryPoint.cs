using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ReluAnalysis.Injectivity;

/// <summary>
/// Finds the maximum of a smooth functional of a few constrained variables: MathNet Nelder–Mead on
/// unconstrained coordinates, then Newton on finite-difference gradient and Hessian in the raw variables
/// (central differences, gradient step 1e-5, Hessian step 1e-4, both relative to <c>max(|θ_i|, 0.05)</c>).
/// </summary>
internal sealed class StationaryPoint
{
    private readonly Func<double[], double> value;
    private readonly Func<double[], double[]> toRaw;
    private readonly Func<double[], double[]> toFree;
    private readonly Func<double[], bool> feasible;

    public StationaryPoint(Func<double[], double> value, Func<double[], double[]> toRaw, Func<double[], double[]> toFree, Func<double[], bool> feasible)
    {
        this.value = value;
        this.toRaw = toRaw;
        this.toFree = toFree;
        this.feasible = feasible;
    }

    public int Evaluations { get; private set; }

    private double F(double[] raw)
    {
        Evaluations++;
        return feasible(raw) ? value(raw) : double.NegativeInfinity;
    }

    /// <summary>Maximises from <paramref name="start"/> (raw variables); returns the optimum and whether Newton converged.</summary>
    public (double[] Raw, double Value, bool Converged) Maximize(double[] start, double simplexTolerance, int maxNewton, CancellationToken cancellationToken)
    {
        double[] raw = start;
        if (simplexTolerance > 0)
        {
            var objective = ObjectiveFunction.Value(u =>
            {
                double f = F(toRaw(u.ToArray()));
                return double.IsFinite(f) ? -f : 1e300;
            });
            var simplex = new NelderMeadSimplex(simplexTolerance, 20_000);
            Vector<double> u0 = Vector<double>.Build.DenseOfArray(toFree(start));
            try
            {
                var result = simplex.FindMinimum(objective, u0, Vector<double>.Build.Dense(u0.Count, 0.2));
                raw = toRaw(result.MinimizingPoint.ToArray());
            }
            catch (MaximumIterationsException)
            {
                // Keep the start; Newton below decides convergence.
            }
        }

        return Newton(raw, maxNewton, cancellationToken);
    }

    /// <summary>Newton on <c>∇f = 0</c> with a step-halving guard that keeps the iterate feasible and the value from dropping much.</summary>
    public (double[] Raw, double Value, bool Converged) Newton(double[] raw, int maxIterations, CancellationToken cancellationToken)
    {
        int k = raw.Length;
        double f0 = F(raw);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (g, h) = Derivatives(raw);
            Vector<double> step;
            try
            {
                step = Matrix<double>.Build.DenseOfArray(h).Solve(Vector<double>.Build.DenseOfArray(g));
            }
            catch (ArgumentException)
            {
                return (raw, f0, false);
            }

            double scale = 1.0;
            double[] next = raw;
            double f1 = double.NegativeInfinity;
            for (int halving = 0; halving < 30; halving++)
            {
                next = new double[k];
                for (int i = 0; i < k; i++)
                {
                    next[i] = raw[i] - scale * step[i];
                }

                f1 = F(next);
                if (double.IsFinite(f1) && f1 >= f0 - 1e-12 * (1 + Math.Abs(f0)))
                {
                    break;
                }

                scale *= 0.5;
            }

            if (!double.IsFinite(f1))
            {
                return (raw, f0, false);
            }

            double move = 0;
            for (int i = 0; i < k; i++)
            {
                move = Math.Max(move, Math.Abs(next[i] - raw[i]) / Math.Max(Math.Abs(raw[i]), 0.05));
            }

            raw = next;
            f0 = f1;
            if (move < 1e-9)
            {
                return (raw, f0, true);
            }
        }

        return (raw, f0, false);
    }

    /// <summary>Central finite-difference gradient and Hessian at <paramref name="raw"/>.</summary>
    public (double[] Gradient, double[,] Hessian) Derivatives(double[] raw)
    {
        int k = raw.Length;
        var g = new double[k];
        var h = new double[k, k];
        double f0 = F(raw);
        var hg = new double[k];
        var hh = new double[k];
        for (int i = 0; i < k; i++)
        {
            double s = Math.Max(Math.Abs(raw[i]), 0.05);
            hg[i] = 1e-5 * s;
            hh[i] = 1e-4 * s;
        }

        for (int i = 0; i < k; i++)
        {
            g[i] = (F(Shift(raw, i, hg[i])) - F(Shift(raw, i, -hg[i]))) / (2 * hg[i]);
            h[i, i] = (F(Shift(raw, i, hh[i])) - 2 * f0 + F(Shift(raw, i, -hh[i]))) / (hh[i] * hh[i]);
            for (int j = 0; j < i; j++)
            {
                double pp = F(Shift(Shift(raw, i, hh[i]), j, hh[j]));
                double pm = F(Shift(Shift(raw, i, hh[i]), j, -hh[j]));
                double mp = F(Shift(Shift(raw, i, -hh[i]), j, hh[j]));
                double mm = F(Shift(Shift(raw, i, -hh[i]), j, -hh[j]));
                h[i, j] = h[j, i] = (pp - pm - mp + mm) / (4 * hh[i] * hh[j]);
            }
        }

        return (g, h);
    }

    private static double[] Shift(double[] x, int i, double d)
    {
        var y = (double[])x.Clone();
        y[i] += d;
        return y;
    }

    public static double Logistic(double u) => 1.0 / (1.0 + Math.Exp(-u));

    public static double Logit(double p) => Math.Log(p / (1.0 - p));
}
