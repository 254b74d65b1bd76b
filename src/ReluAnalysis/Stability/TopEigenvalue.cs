using MathNet.Numerics.LinearAlgebra;

namespace ReluAnalysis.Stability;

/// <summary>
/// The largest algebraic eigenvalue <c>λ_max</c> of a symmetric matrix or operator (the sharpness of a loss): dense
/// symmetric eigensolver, shifted power iteration, and Lanczos with full reorthogonalisation.
/// </summary>
/// <remarks>
/// Hessians are indefinite away from a minimum, so power iteration runs on <c>A + sI</c> with <c>s ≥ ‖A‖₂</c>
/// (a Gershgorin bound, or <see cref="LossHessian.SpectralBound"/>), which makes the largest algebraic eigenvalue
/// dominate. Start vectors come from a seeded generator, so results are reproducible.
/// </remarks>
public static class TopEigenvalue
{
    /// <summary>Default relative tolerance of the iterative methods.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>
    /// <c>λ_max</c> of a dense symmetric matrix by the symmetric eigensolver of MathNet (tridiagonal reduction and QL);
    /// <c>O(d³)</c>. Only the upper triangle's symmetry is assumed, not checked.
    /// </summary>
    /// <param name="matrix">Row-major <c>d × d</c> symmetric matrix.</param>
    /// <param name="dimension">d ≥ 1.</param>
    public static double Dense(ReadOnlySpan<double> matrix, int dimension)
    {
        Guard.Positive(dimension, nameof(dimension));
        Guard.Length(matrix.Length, dimension * dimension, nameof(matrix));
        Guard.Finite(matrix, nameof(matrix));
        // Symmetric: row-major and MathNet's column-major storage describe the same matrix.
        Matrix<double> m = Matrix<double>.Build.Dense(dimension, dimension, matrix.ToArray());
        var evd = m.Evd(Symmetricity.Symmetric);
        double max = double.NegativeInfinity;
        foreach (var e in evd.EigenValues)
        {
            max = Math.Max(max, e.Real);
        }

        return max;
    }

    /// <summary>The Gershgorin bound <c>max_p Σ_q |A_pq| ≥ ‖A‖₂</c> of a symmetric matrix.</summary>
    public static double GershgorinBound(ReadOnlySpan<double> matrix, int dimension)
    {
        Guard.Positive(dimension, nameof(dimension));
        Guard.Length(matrix.Length, dimension * dimension, nameof(matrix));
        double bound = 0.0;
        for (int p = 0; p < dimension; p++)
        {
            double s = 0.0;
            foreach (double v in matrix.Slice(p * dimension, dimension))
            {
                s += Math.Abs(v);
            }

            bound = Math.Max(bound, s);
        }

        return bound;
    }

    /// <summary>
    /// Shifted power iteration on <c>A + sI</c>; stops when the Rayleigh quotient changes by less than
    /// <paramref name="tolerance"/> relative to <c>|λ + s|</c> on two consecutive steps.
    /// </summary>
    /// <param name="op">The symmetric operator A.</param>
    /// <param name="shift">s ≥ ‖A‖₂ (for example a Gershgorin bound); with s = 0 this is plain power iteration (largest |λ|).</param>
    /// <param name="tolerance">Relative change of the Rayleigh quotient at which to stop (default 1e-10).</param>
    /// <param name="maxIterations">Product limit.</param>
    /// <param name="seed">Seed of the start vector.</param>
    public static EigenvalueEstimate PowerIteration(ISymmetricOperator op, double shift, double tolerance = DefaultTolerance, int maxIterations = 100_000, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(op);
        Guard.Finite(shift, nameof(shift));
        CheckTolerance(tolerance);
        Guard.Positive(maxIterations, nameof(maxIterations));
        int d = op.Dimension;
        double[] v = StartVector(d, seed), av = new double[d];
        double previous = double.NaN;
        int quiet = 0;
        for (int it = 1; it <= maxIterations; it++)
        {
            op.Multiply(v, av);
            double rq = 0.0;
            for (int p = 0; p < d; p++)
            {
                av[p] += shift * v[p];
                rq += v[p] * av[p];
            }

            double norm = Math.Sqrt(Kernels.Dot.Compute(av, av, 0.0));
            if (norm == 0.0)
            {
                return new EigenvalueEstimate(-shift, it, true);
            }

            for (int p = 0; p < d; p++)
            {
                v[p] = av[p] / norm;
            }

            quiet = Math.Abs(rq - previous) <= tolerance * Math.Abs(rq) ? quiet + 1 : 0;
            if (quiet >= 2)
            {
                return new EigenvalueEstimate(rq - shift, it, true);
            }

            previous = rq;
        }

        return new EigenvalueEstimate(previous - shift, maxIterations, false);
    }

    /// <summary>
    /// Lanczos with full reorthogonalisation; stops when the top Ritz pair's residual <c>β_m |s_m|</c> is at most
    /// <paramref name="tolerance"/> · max(1, |θ|), or after <paramref name="maxSteps"/> steps (or d, where it is exact).
    /// Cost: <c>m</c> products plus <c>O(m² d)</c>.
    /// </summary>
    /// <param name="op">The symmetric operator.</param>
    /// <param name="maxSteps">Krylov dimension limit (20–50 is typical for a well separated top eigenvalue).</param>
    /// <param name="tolerance">Relative residual at which to stop.</param>
    /// <param name="seed">Seed of the start vector.</param>
    public static EigenvalueEstimate Lanczos(ISymmetricOperator op, int maxSteps = 50, double tolerance = DefaultTolerance, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(op);
        Guard.Positive(maxSteps, nameof(maxSteps));
        CheckTolerance(tolerance);
        int d = op.Dimension, m = Math.Min(maxSteps, d);
        var basis = new double[m][];
        var alpha = new double[m];
        var beta = new double[m];
        double[] w = new double[d];
        basis[0] = StartVector(d, seed);
        double theta = double.NaN;
        for (int s = 0; s < m; s++)
        {
            op.Multiply(basis[s], w);
            alpha[s] = Kernels.Dot.Compute(w, basis[s], 0.0);
            // Full reorthogonalisation, twice (Gram–Schmidt twice is enough).
            for (int pass = 0; pass < 2; pass++)
            {
                for (int q = 0; q <= s; q++)
                {
                    double c = Kernels.Dot.Compute(w, basis[q], 0.0);
                    for (int p = 0; p < d; p++)
                    {
                        w[p] -= c * basis[q][p];
                    }
                }
            }

            double b = Math.Sqrt(Kernels.Dot.Compute(w, w, 0.0));
            beta[s] = b;
            var (value, lastComponent) = TopRitz(alpha, beta, s + 1);
            theta = value;
            bool invariant = b <= 1e-14 * Math.Max(1.0, Math.Abs(alpha[s]));
            if (invariant || s + 1 == d || b * Math.Abs(lastComponent) <= tolerance * Math.Max(1.0, Math.Abs(theta)))
            {
                return new EigenvalueEstimate(theta, s + 1, true);
            }

            if (s + 1 < m)
            {
                basis[s + 1] = new double[d];
                for (int p = 0; p < d; p++)
                {
                    basis[s + 1][p] = w[p] / b;
                }
            }
        }

        return new EigenvalueEstimate(theta, m, false);
    }

    private static (double Value, double LastComponent) TopRitz(double[] alpha, double[] beta, int size)
    {
        var t = Matrix<double>.Build.Dense(size, size);
        for (int i = 0; i < size; i++)
        {
            t[i, i] = alpha[i];
            if (i + 1 < size)
            {
                t[i, i + 1] = beta[i];
                t[i + 1, i] = beta[i];
            }
        }

        var evd = t.Evd(Symmetricity.Symmetric);
        int best = 0;
        for (int i = 1; i < size; i++)
        {
            if (evd.EigenValues[i].Real > evd.EigenValues[best].Real)
            {
                best = i;
            }
        }

        return (evd.EigenValues[best].Real, evd.EigenVectors[size - 1, best]);
    }

    private static double[] StartVector(int d, int seed)
    {
        var rng = new Random(seed);
        var v = new double[d];
        double norm = 0.0;
        for (int p = 0; p < d; p++)
        {
            v[p] = rng.NextDouble() - 0.5;
            norm += v[p] * v[p];
        }

        norm = Math.Sqrt(norm);
        for (int p = 0; p < d; p++)
        {
            v[p] /= norm;
        }

        return v;
    }

    private static void CheckTolerance(double tolerance)
    {
        if (!(tolerance > 0.0) || double.IsInfinity(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"tolerance must be a finite positive number; found {tolerance}.");
        }
    }
}
