namespace ReluAnalysis.Splines;

/// <summary>
/// The best L2 approximation on fixed knots: solve <c>M w = r</c>, <c>M</c> the tridiagonal hat mass matrix,
/// <c>r_j = ∫ u φ_j</c> (spec §6, level 2). Well-conditioned for any knots (scaled condition number ≤ 3).
/// </summary>
public static class L2Projection
{
    /// <summary>
    /// The hat mass matrix <c>M_ij = ∫ φ_i φ_j</c> as three diagonals: <c>M_ii = (h_{i−1} + h_i)/3</c>
    /// (one-sided at the ends), <c>M_{i,i+1} = h_i/6</c>.
    /// </summary>
    /// <returns><c>Diagonal</c> (N+1 values) and <c>OffDiagonal</c> (N values, <c>M_{i,i+1}</c>).</returns>
    public static (double[] Diagonal, double[] OffDiagonal) MassMatrix(ReadOnlySpan<double> knots)
    {
        Guard.MinLength(knots.Length, 2, nameof(knots));
        int n = knots.Length - 1;
        var diag = new double[n + 1];
        var off = new double[n];
        for (int i = 0; i < n; i++)
        {
            double h = knots[i + 1] - knots[i];
            diag[i] += h / 3;
            diag[i + 1] += h / 3;
            off[i] = h / 6;
        }

        return (diag, off);
    }

    /// <summary>The best-L2 spline on the given knots for the target (Gauss–Legendre load vector, Thomas solve).</summary>
    public static FreeKnotSpline BestApproximation(TargetFunction target, ReadOnlySpan<double> knots, ErrorQuadrature? quadrature = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return BestApproximation(target.Value, knots, target.SingularPoints, quadrature);
    }

    /// <summary>The best-L2 spline on the given knots for any function <paramref name="u"/>.</summary>
    /// <remarks>Cost O(N · quadrature points) evaluations plus an O(N) tridiagonal solve.</remarks>
    public static FreeKnotSpline BestApproximation(Func<double, double> u, ReadOnlySpan<double> knots, IReadOnlyList<double>? singularPoints = null, ErrorQuadrature? quadrature = null)
    {
        ArgumentNullException.ThrowIfNull(u);
        var q = KnotQuadrature.Build(knots, quadrature ?? ErrorQuadrature.Exact, singularPoints);
        var values = new double[q.Count];
        for (int p = 0; p < q.Count; p++)
        {
            values[p] = u(q.Nodes[p]);
        }

        Guard.Finite(values, "u(x)");
        return new FreeKnotSpline(knots, SolveWeights(knots, q, values));
    }

    /// <summary>Weights of the L2 projection of sampled values <paramref name="values"/> (one per node of <paramref name="q"/>).</summary>
    internal static double[] SolveWeights(ReadOnlySpan<double> knots, KnotQuadrature q, ReadOnlySpan<double> values)
    {
        int n = knots.Length - 1;
        var r = new double[n + 1];
        var diag = new double[n + 1];
        var off = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = knots[i], h = knots[i + 1] - a;
            double m00 = 0, m01 = 0, m11 = 0;
            for (int p = q.Start[i]; p < q.Start[i + 1]; p++)
            {
                double t = (q.Nodes[p] - a) / h;
                double w = q.Weights[p];
                double left = 1 - t;
                r[i] += w * values[p] * left;
                r[i + 1] += w * values[p] * t;
                m00 += w * left * left;
                m01 += w * left * t;
                m11 += w * t * t;
            }

            diag[i] += m00;
            diag[i + 1] += m11;
            off[i] = m01;
        }

        return Tridiagonal.Solve(off, diag, off, r);
    }
}

/// <summary>The Thomas algorithm for tridiagonal systems (no pivoting: for diagonally dominant or SPD matrices).</summary>
internal static class Tridiagonal
{
    /// <summary>Solves <c>A x = r</c> with <c>A_{i,i−1} = lower[i−1]</c>, <c>A_ii = diag[i]</c>, <c>A_{i,i+1} = upper[i]</c>.</summary>
    public static double[] Solve(ReadOnlySpan<double> lower, ReadOnlySpan<double> diag, ReadOnlySpan<double> upper, ReadOnlySpan<double> rhs)
    {
        int m = diag.Length;
        var c = new double[m];
        var x = new double[m];
        double beta = diag[0];
        x[0] = rhs[0] / beta;
        for (int i = 1; i < m; i++)
        {
            c[i] = upper[i - 1] / beta;
            beta = diag[i] - lower[i - 1] * c[i];
            x[i] = (rhs[i] - lower[i - 1] * x[i - 1]) / beta;
        }

        for (int i = m - 2; i >= 0; i--)
        {
            x[i] -= c[i + 1] * x[i + 1];
        }

        return x;
    }
}
