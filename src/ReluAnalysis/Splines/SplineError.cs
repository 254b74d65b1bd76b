namespace ReluAnalysis.Splines;

/// <summary>Errors and integrals of a spline against a function, with per-interval Gauss–Legendre quadrature (<see cref="ErrorQuadrature"/>).</summary>
public static class SplineError
{
    /// <summary>
    /// <c>‖u − y‖_{L2[k_0, k_N]}</c> by composite Gauss–Legendre on every knot interval, graded cubically
    /// towards the target's singular points.
    /// </summary>
    /// <remarks>Cost O(N · Order · PiecesPerInterval) evaluations of <c>u</c>.</remarks>
    public static double L2(FreeKnotSpline spline, TargetFunction target, ErrorQuadrature? quadrature = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return L2(spline, target.Value, target.SingularPoints, quadrature);
    }

    /// <summary><c>‖u − y‖_{L2}</c> for any function <paramref name="u"/>, graded towards <paramref name="singularPoints"/>.</summary>
    public static double L2(FreeKnotSpline spline, Func<double, double> u, IReadOnlyList<double>? singularPoints = null, ErrorQuadrature? quadrature = null)
    {
        ArgumentNullException.ThrowIfNull(spline);
        ArgumentNullException.ThrowIfNull(u);
        var q = KnotQuadrature.Build(spline.Knots, quadrature ?? ErrorQuadrature.Exact, singularPoints);
        var y = new double[q.Count];
        spline.Evaluate(q.Nodes, y);
        double sum = 0;
        for (int p = 0; p < q.Count; p++)
        {
            double e = u(q.Nodes[p]) - y[p];
            sum += q.Weights[p] * e * e;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>
    /// <c>max |u − y|</c> estimated on the quadrature nodes and the knots (a lower bound that converges
    /// as the rule is refined).
    /// </summary>
    public static double LInf(FreeKnotSpline spline, TargetFunction target, ErrorQuadrature? quadrature = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return LInf(spline, target.Value, target.SingularPoints, quadrature);
    }

    /// <summary><c>max |u − y|</c> on the quadrature nodes and knots, for any <paramref name="u"/>.</summary>
    public static double LInf(FreeKnotSpline spline, Func<double, double> u, IReadOnlyList<double>? singularPoints = null, ErrorQuadrature? quadrature = null)
    {
        ArgumentNullException.ThrowIfNull(spline);
        ArgumentNullException.ThrowIfNull(u);
        var q = KnotQuadrature.Build(spline.Knots, quadrature ?? ErrorQuadrature.Exact, singularPoints);
        var y = new double[q.Count];
        spline.Evaluate(q.Nodes, y);
        double max = 0;
        for (int p = 0; p < q.Count; p++)
        {
            max = Math.Max(max, Math.Abs(u(q.Nodes[p]) - y[p]));
        }

        foreach (double k in spline.Knots)
        {
            max = Math.Max(max, Math.Abs(u(k) - spline.Evaluate(k)));
        }

        return max;
    }
}
