namespace ReluAnalysis.Splines;

/// <summary>
/// Knot losses of spec §5 with their gradients with respect to the knots (entries for <c>k_0</c> and <c>k_N</c> are zero:
/// the ends are fixed).
/// </summary>
public static class KnotLosses
{
    /// <summary>Floor applied to spacings inside the equidistribution loss (spec §5: <c>h_i ≥ h_min</c>).</summary>
    public const double MinSpacing = 1e-12;

    /// <summary>
    /// Equidistribution loss <c>L_E(k) = Σ_i h_i⁵ m(k_{i+½})</c>, <c>m = |u''|²</c>, the local interpolation-error estimate
    /// (<c>L_E/120 ≈ ‖u − Π_k u‖²</c>); minimised by knots equidistributing <c>|u''|^(2/5)</c>.
    /// </summary>
    /// <remarks>
    /// Gradient <c>∂L_E/∂k_j = 5h_{j−1}⁴ m_{j−½} + ½ h_{j−1}⁵ m'(k_{j−½}) − 5h_j⁴ m_{j+½} + ½ h_j⁵ m'(k_{j+½})</c>; <c>m'</c> by a central
    /// difference with step <c>10⁻⁴ h</c> (no third derivative needed). Knots may be non-decreasing: spacings below
    /// <see cref="MinSpacing"/> are floored (their gradient through the floor is zero). Cost O(N) evaluations of <c>u''</c>.
    /// </remarks>
    /// <param name="target">Target with <c>u''</c>.</param>
    /// <param name="knots">Non-decreasing knots <c>k_0..k_N</c>.</param>
    /// <param name="gradient">Destination for <c>∂L_E/∂k</c> (length N+1), or empty to skip it.</param>
    public static double Equidistribution(TargetFunction target, ReadOnlySpan<double> knots, Span<double> gradient) =>
        Equidistribution(target, knots, gradient, 0);

    /// <summary>
    /// Equidistribution loss with the interval integral of <c>m = |u''|²</c> taken by Gauss–Legendre instead of the midpoint:
    /// <c>L_E^G(k) = Σ_i h_i⁴ ∫_{I_i} m</c> (same asymptotics as <c>Σ h_i⁵ m(k_{i+½})</c>, but it sees a front narrower than an
    /// interval, where the midpoint rule can miss it entirely). With <paramref name="pointsPerInterval"/> = 0 this is the
    /// midpoint form. The gradient is that of the discrete loss (Gauss nodes move with the knots; <c>m'</c> by central
    /// differences), so it is consistent with the value. Intervals touching a singular point use the midpoint form.
    /// </summary>
    /// <param name="target">Target with <c>u''</c>.</param>
    /// <param name="knots">Non-decreasing knots.</param>
    /// <param name="gradient">Destination (length N+1) or empty.</param>
    /// <param name="pointsPerInterval">Gauss–Legendre points per interval (0 = midpoint form).</param>
    public static double Equidistribution(TargetFunction target, ReadOnlySpan<double> knots, Span<double> gradient, int pointsPerInterval)
    {
        if (pointsPerInterval > 0)
        {
            return EquidistributionGauss(target, knots, gradient, pointsPerInterval);
        }

        ArgumentNullException.ThrowIfNull(target);
        Guard.MinLength(knots.Length, 2, nameof(knots));
        bool withGradient = !gradient.IsEmpty;
        if (withGradient)
        {
            Guard.Length(gradient.Length, knots.Length, nameof(gradient));
            gradient.Clear();
        }

        Func<double, double> d2 = target.SecondDerivative;
        int n = knots.Length - 1;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            loss += MidpointTerm(d2, knots[i], knots[i + 1], i, n, gradient, withGradient);
        }

        if (withGradient)
        {
            gradient[0] = 0;
            gradient[n] = 0;
        }

        return loss;
    }

    private static double MidpointTerm(Func<double, double> d2, double left, double right, int i, int n, Span<double> gradient, bool withGradient)
    {
        double raw = right - left;
        if (raw < MinSpacing)
        {
            // A collapsed interval carries no error; its midpoint may sit on a singular point.
            return 0.0;
        }

        double h = raw;
        double mid = 0.5 * (left + right);
        double s = d2(mid);
        double m = s * s;
        double h4 = h * h * h * h;
        if (withGradient)
        {
            double delta = 1e-4 * h;
            double sp = d2(mid + delta), sm = d2(mid - delta);
            double dm = (sp * sp - sm * sm) / (2 * delta);
            double half = 0.5 * h4 * h * dm;
            // Right end of interval i is k_{i+1}; left end is k_i.
            gradient[i + 1] += 5 * h4 * m + half;
            gradient[i] += -5 * h4 * m + half;
        }

        return h4 * h * m;
    }

    private static bool TouchesSingularPoint(TargetFunction target, double left, double right)
    {
        foreach (double p in target.SingularPoints)
        {
            if (p >= left && p <= right)
            {
                return true;
            }
        }

        return false;
    }

    private static double EquidistributionGauss(TargetFunction target, ReadOnlySpan<double> knots, Span<double> gradient, int points)
    {
        ArgumentNullException.ThrowIfNull(target);
        Guard.MinLength(knots.Length, 2, nameof(knots));
        bool withGradient = !gradient.IsEmpty;
        if (withGradient)
        {
            Guard.Length(gradient.Length, knots.Length, nameof(gradient));
            gradient.Clear();
        }

        var (ux, uw) = KnotQuadrature.UnitRule(points);
        Func<double, double> d2 = target.SecondDerivative;
        int n = knots.Length - 1;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double raw = knots[i + 1] - knots[i];
            if (raw < MinSpacing)
            {
                continue;
            }

            if (TouchesSingularPoint(target, knots[i], knots[i + 1]))
            {
                // |u''|^2 is not integrable at a singular point (x^(-8/3) for x^(2/3)): midpoint form on this interval.
                loss += MidpointTerm(d2, knots[i], knots[i + 1], i, n, gradient, withGradient);
                continue;
            }

            double h = raw, integral = 0, dRight = 0, dLeft = 0;
            double delta = 1e-4 * h;
            for (int q = 0; q < ux.Length; q++)
            {
                double x = knots[i] + h * ux[q];
                double s = d2(x);
                integral += uw[q] * s * s;
                if (withGradient)
                {
                    double sp = d2(x + delta), sm = d2(x - delta);
                    double dm = (sp * sp - sm * sm) / (2 * delta);
                    dRight += uw[q] * dm * ux[q];
                    dLeft += uw[q] * dm * (1 - ux[q]);
                }
            }

            // Discrete integral I = h Σ ω_q m(k_i + h t_q): dI/dk_{i+1} = Σ ω m + h Σ ω m' t, dI/dk_i = −Σ ω m + h Σ ω m' (1 − t).
            double h3 = h * h * h;
            double h4 = h3 * h;
            loss += h4 * h * integral;
            if (withGradient)
            {
                gradient[i + 1] += 5 * h4 * integral + h4 * h * dRight;
                gradient[i] += -5 * h4 * integral + h4 * h * dLeft;
            }
        }

        if (withGradient)
        {
            gradient[0] = 0;
            gradient[n] = 0;
        }

        return loss;
    }

    /// <summary>
    /// Interpolation loss <c>L_I(k) = ‖u − Π_k u‖²</c> by per-interval Gauss–Legendre, with the exact gradient
    /// <c>∂L_I/∂k_j = −2(u'(k_j) − s_{j−1}) ∫_{I_{j−1}} e φ_j − 2(u'(k_j) − s_j) ∫_{I_j} e φ_j</c>, <c>e = u − Π_k u</c>.
    /// </summary>
    /// <param name="target">Target with <c>u</c> and <c>u'</c>.</param>
    /// <param name="knots">Strictly increasing knots.</param>
    /// <param name="gradient">Destination (length N+1) or empty.</param>
    /// <param name="quadrature">Rule (default <see cref="ErrorQuadrature.Training"/>).</param>
    public static double Interpolation(TargetFunction target, ReadOnlySpan<double> knots, Span<double> gradient, ErrorQuadrature? quadrature = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var q = KnotQuadrature.Build(knots, quadrature ?? ErrorQuadrature.Training, target.SingularPoints);
        int n = knots.Length - 1;
        var w = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            w[i] = target.Value(knots[i]);
        }

        bool withGradient = !gradient.IsEmpty;
        if (withGradient)
        {
            Guard.Length(gradient.Length, knots.Length, nameof(gradient));
            gradient.Clear();
        }

        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double a = knots[i], h = knots[i + 1] - a;
            double slope = (w[i + 1] - w[i]) / h;
            double eLeft = 0, eRight = 0;
            for (int p = q.Start[i]; p < q.Start[i + 1]; p++)
            {
                double x = q.Nodes[p];
                double t = (x - a) / h;
                double e = target.Value(x) - (w[i] + slope * (x - a));
                double we = q.Weights[p] * e;
                loss += we * e;
                eLeft += we * (1 - t);
                eRight += we * t;
            }

            if (withGradient)
            {
                if (i + 1 < n)
                {
                    gradient[i + 1] += -2 * (target.FirstDerivative(knots[i + 1]) - slope) * eRight;
                }

                if (i > 0)
                {
                    gradient[i] += -2 * (target.FirstDerivative(knots[i]) - slope) * eLeft;
                }
            }
        }

        return loss;
    }
}
