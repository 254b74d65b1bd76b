using MathNet.Numerics.RootFinding;

namespace ReluAnalysis.Splines;

/// <summary>Which mesh density the knots equidistribute (spec §4).</summary>
public enum MeshDensity
{
    /// <summary><c>M = |u''|^(2/5)</c>: asymptotically optimal for L2 interpolation.</summary>
    Optimal,

    /// <summary><c>M = (1 + |u''|²/α)^(1/5)</c> with <c>α = σ⁵</c>, <c>σ = ∫|u''|^(2/5)</c> (Huang-type regularisation).</summary>
    Huang,

    /// <summary><c>M = (ε + |u''|²)^(1/5)</c>.</summary>
    EpsilonSquared,

    /// <summary><c>M = ε + |u''|^(2/5)</c>.</summary>
    EpsilonShift,
}

/// <summary>How an equidistribution computation ended.</summary>
public enum EquidistributionStatus
{
    /// <summary>Direct inversion finished, or the fixed-point iteration met its tolerance.</summary>
    Converged,

    /// <summary>The fixed-point iteration used all its sweeps without meeting the tolerance (knots still usable).</summary>
    MaxIterations,

    /// <summary>The density integrates to zero (for example a linear target): uniform knots returned.</summary>
    DegenerateDensity,
}

/// <summary>Options of <see cref="Equidistribution"/>; defaults documented per property.</summary>
/// <param name="Density">Density to equidistribute (default <see cref="MeshDensity.Optimal"/>).</param>
/// <param name="Epsilon">The ε of the ε-regularised densities (default 1).</param>
/// <param name="GridCells">Uniform base cells of the density grid (default 4096).</param>
/// <param name="GeometricLevels">Halvings of the grid towards each singular point (default 120, down to 2^−120 of a cell).</param>
/// <param name="Order">Gauss–Legendre points per grid cell (default 16).</param>
/// <param name="MaxIterations">Sweeps of the fixed-point variant (default 50).</param>
/// <param name="Damping">Fixed-point relaxation ω in <c>k ← (1−ω) k + ω k_new</c> (default 0.5).</param>
/// <param name="Tolerance">Fixed-point stop: <c>max |Δk| &lt; Tolerance</c> (default 1e-10).</param>
public sealed record EquidistributionOptions(
    MeshDensity Density = MeshDensity.Optimal,
    double Epsilon = 1.0,
    int GridCells = 4096,
    int GeometricLevels = 120,
    int Order = 16,
    int MaxIterations = 50,
    double Damping = 0.5,
    double Tolerance = 1e-10);

/// <summary>Result of an equidistribution computation.</summary>
/// <param name="Knots"><c>N + 1</c> knots, <c>k_0</c> and <c>k_N</c> the interval ends.</param>
/// <param name="Sigma">Total density <c>σ = ∫ M</c> (of the final density estimate for the fixed-point variant).</param>
/// <param name="Status">How it ended.</param>
/// <param name="Iterations">Fixed-point sweeps (0 for direct inversion).</param>
/// <param name="LastChange">Last <c>max |Δk|</c> of the fixed-point iteration (0 for direct inversion).</param>
/// <param name="GridCells">Cells of the density grid (direct inversion) or knots intervals (fixed point).</param>
public sealed record EquidistributionResult(double[] Knots, double Sigma, EquidistributionStatus Status, int Iterations, double LastChange, int GridCells);

/// <summary>
/// Optimal knots by equidistribution (spec §4): <c>k_i = F^{−1}(i/N)</c>, <c>F(x) = σ^{−1} ∫_lower^x M</c>,
/// which makes every interval carry <c>σ/N</c> of the density; for <c>M = |u''|^(2/5)</c> the interpolation error is
/// <c>≈ σ^(5/2)/(√120 N²)</c>.
/// </summary>
/// <remarks>
/// Direct inversion (de Boor): the density is integrated on a grid of <see cref="EquidistributionOptions.GridCells"/>
/// uniform cells, refined geometrically towards the target's singular points (so an integrable singularity such as
/// <c>x^(−8/15)</c> costs nothing in accuracy) and split at its density kinks, with Gauss–Legendre per cell; the cumulative
/// integral is inverted cell by cell with Brent's method on the in-cell integral. Cost O(grid · Order + N · log grid).
/// The fixed-point variant (<see cref="FromApproximant"/>) needs only values of <c>u</c>: it estimates <c>u''</c> from the
/// current interpolant's slope jumps, equidistributes the piecewise-linear density exactly (cancellation-free inverse of
/// the quadratic) and relaxes until <c>max |Δk| &lt; Tolerance</c>.
/// </remarks>
public static class Equidistribution
{
    /// <summary>Equidistributed knots for a catalogue target, with the density named in the options.</summary>
    public static EquidistributionResult Knots(TargetFunction target, int intervals, EquidistributionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new EquidistributionOptions();
        Func<double, double> density = DensityOf(target, options);
        return Knots(density, intervals, target.Lower, target.Upper, target.SingularPoints, target.DensityKinks, options);
    }

    /// <summary>The density function <c>M(x)</c> the options select for the target (Huang's α computed from the optimal density).</summary>
    public static Func<double, double> DensityOf(TargetFunction target, EquidistributionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new EquidistributionOptions();
        Func<double, double> d2 = target.SecondDerivative;
        double eps = options.Epsilon;
        switch (options.Density)
        {
            case MeshDensity.Optimal:
                return x => Math.Pow(Math.Abs(d2(x)), 0.4);
            case MeshDensity.EpsilonSquared:
                return x =>
                {
                    double s = d2(x);
                    return Math.Pow(eps + s * s, 0.2);
                };
            case MeshDensity.EpsilonShift:
                return x => eps + Math.Pow(Math.Abs(d2(x)), 0.4);
            case MeshDensity.Huang:
                double sigma = Knots(x => Math.Pow(Math.Abs(d2(x)), 0.4), 1, target.Lower, target.Upper, target.SingularPoints, target.DensityKinks, options).Sigma;
                double alpha = Math.Pow(sigma, 5);
                if (!(alpha > 0))
                {
                    alpha = 1.0;
                }

                return x =>
                {
                    double s = d2(x);
                    return Math.Pow(1 + s * s / alpha, 0.2);
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Density, "unknown MeshDensity.");
        }
    }

    /// <summary>Equidistributed knots for any non-negative density on <c>[lower, upper]</c>.</summary>
    /// <param name="density">Non-negative, integrable <c>M(x)</c>; evaluated only strictly inside grid cells.</param>
    /// <param name="intervals">Number of intervals <c>N ≥ 1</c>.</param>
    /// <param name="lower">Left end.</param>
    /// <param name="upper">Right end.</param>
    /// <param name="singularPoints">Points where <c>M</c> may be infinite (geometric refinement).</param>
    /// <param name="kinks">Points where <c>M</c> is not smooth (grid points).</param>
    /// <param name="options">Grid options.</param>
    /// <exception cref="ArgumentException">The density is negative, NaN or infinite at a quadrature node.</exception>
    public static EquidistributionResult Knots(
        Func<double, double> density,
        int intervals,
        double lower,
        double upper,
        IReadOnlyList<double>? singularPoints = null,
        IReadOnlyList<double>? kinks = null,
        EquidistributionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(density);
        Guard.Positive(intervals, nameof(intervals));
        Guard.Finite(lower, nameof(lower));
        Guard.Finite(upper, nameof(upper));
        if (!(upper > lower))
        {
            throw new ArgumentOutOfRangeException(nameof(upper), upper, $"upper must exceed lower = {lower}.");
        }

        options ??= new EquidistributionOptions();
        Guard.Positive(options.GridCells, nameof(options.GridCells));
        double[] grid = Grid(lower, upper, options.GridCells, options.GeometricLevels, singularPoints, kinks);
        var (ux, uw) = KnotQuadrature.UnitRule(options.Order);
        var cumulative = new double[grid.Length];
        for (int j = 0; j + 1 < grid.Length; j++)
        {
            cumulative[j + 1] = cumulative[j] + CellIntegral(density, grid[j], grid[j + 1], ux, uw);
        }

        double sigma = cumulative[^1];
        if (!(sigma > 0))
        {
            return new EquidistributionResult(FreeKnotSpline.UniformKnots(intervals, lower, upper), 0.0, EquidistributionStatus.DegenerateDensity, 0, 0, grid.Length - 1);
        }

        var knots = new double[intervals + 1];
        knots[0] = lower;
        knots[intervals] = upper;
        int cell = 0;
        for (int i = 1; i < intervals; i++)
        {
            double tau = sigma * i / intervals;
            while (cell + 2 < grid.Length && cumulative[cell + 1] <= tau)
            {
                cell++;
            }

            double a = grid[cell], b = grid[cell + 1];
            double remaining = tau - cumulative[cell];
            double mass = cumulative[cell + 1] - cumulative[cell];
            double x;
            if (remaining <= 0)
            {
                x = a;
            }
            else if (remaining >= mass)
            {
                x = b;
            }
            else
            {
                double Residual(double t) => CellIntegral(density, a, t, ux, uw) - remaining;
                if (!Brent.TryFindRoot(Residual, a, b, 1e-17 * Math.Max(b - a, 1e-300), 200, out x))
                {
                    x = Bisect(Residual, a, b);
                }
            }

            knots[i] = x;
        }

        return new EquidistributionResult(knots, sigma, EquidistributionStatus.Converged, 0, 0, grid.Length - 1);
    }

    /// <summary>
    /// Fixed-point equidistribution when <c>u''</c> is unknown: start from uniform knots, estimate
    /// <c>u''_j ≈ 2(s_j − s_{j−1})/(h_{j−1} + h_j)</c> from the interpolant's slope jumps, form the selected density
    /// at the knots, equidistribute its piecewise-linear interpolant exactly, relax with <see cref="EquidistributionOptions.Damping"/>,
    /// and repeat until <c>max |Δk| &lt; Tolerance</c> or <see cref="EquidistributionOptions.MaxIterations"/> sweeps.
    /// </summary>
    /// <param name="u">Values of the target (only values are used).</param>
    /// <param name="intervals">Number of intervals <c>N ≥ 2</c>.</param>
    /// <param name="lower">Left end.</param>
    /// <param name="upper">Right end.</param>
    /// <param name="options">Density and iteration options.</param>
    /// <param name="initialKnots">Starting knots (default uniform).</param>
    public static EquidistributionResult FromApproximant(
        Func<double, double> u,
        int intervals,
        double lower = 0.0,
        double upper = 1.0,
        EquidistributionOptions? options = null,
        double[]? initialKnots = null)
    {
        ArgumentNullException.ThrowIfNull(u);
        Guard.Positive(intervals, nameof(intervals));
        options ??= new EquidistributionOptions();
        if (!(options.Damping > 0 && options.Damping <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Damping, "Damping must be in (0, 1].");
        }

        double[] k = initialKnots is null ? FreeKnotSpline.UniformKnots(intervals, lower, upper) : (double[])initialKnots.Clone();
        Guard.Length(k.Length, intervals + 1, nameof(initialKnots));
        var rho = new double[intervals + 1];
        var d2 = new double[intervals + 1];
        double change = double.PositiveInfinity;
        double sigma = 0;
        int it = 0;
        while (it < options.MaxIterations && !(change < options.Tolerance))
        {
            it++;
            EstimateSecondDerivative(u, k, d2);
            sigma = DensityAtKnots(k, d2, options, rho);
            if (!(sigma > 0))
            {
                return new EquidistributionResult(FreeKnotSpline.UniformKnots(intervals, lower, upper), 0.0, EquidistributionStatus.DegenerateDensity, it, 0, intervals);
            }

            double[] next = InvertPiecewiseLinear(k, rho, intervals);
            change = 0;
            for (int i = 1; i < intervals; i++)
            {
                double moved = (1 - options.Damping) * k[i] + options.Damping * next[i];
                change = Math.Max(change, Math.Abs(moved - k[i]));
                k[i] = moved;
            }
        }

        var status = change < options.Tolerance ? EquidistributionStatus.Converged : EquidistributionStatus.MaxIterations;
        return new EquidistributionResult(k, sigma, status, it, change, intervals);
    }

    /// <summary>Total mass <c>∫ M</c> of a density between consecutive knots (Gauss–Legendre, graded at singular points).</summary>
    public static double[] IntervalMasses(Func<double, double> density, ReadOnlySpan<double> knots, IReadOnlyList<double>? singularPoints = null, ErrorQuadrature? quadrature = null)
    {
        ArgumentNullException.ThrowIfNull(density);
        var q = KnotQuadrature.Build(knots, quadrature ?? ErrorQuadrature.Exact, singularPoints);
        var mass = new double[knots.Length - 1];
        for (int i = 0; i < mass.Length; i++)
        {
            for (int p = q.Start[i]; p < q.Start[i + 1]; p++)
            {
                mass[i] += q.Weights[p] * density(q.Nodes[p]);
            }
        }

        return mass;
    }

    internal static double[] Grid(double lower, double upper, int cells, int levels, IReadOnlyList<double>? singular, IReadOnlyList<double>? kinks)
    {
        var points = new List<double>(cells + 1 + 2 * levels * (singular?.Count ?? 0));
        double width = (upper - lower) / cells;
        for (int i = 0; i <= cells; i++)
        {
            points.Add(lower + width * i);
        }

        points[^1] = upper;
        if (kinks is not null)
        {
            points.AddRange(kinks.Where(p => p > lower && p < upper));
        }

        if (singular is not null)
        {
            foreach (double p in singular)
            {
                if (p > lower && p < upper)
                {
                    points.Add(p);
                }

                double d = width;
                for (int k = 1; k <= levels; k++)
                {
                    d *= 0.5;
                    if (p - d > lower)
                    {
                        points.Add(p - d);
                    }

                    if (p + d < upper)
                    {
                        points.Add(p + d);
                    }
                }
            }
        }

        points.Sort();
        var grid = new List<double>(points.Count) { points[0] };
        for (int i = 1; i < points.Count; i++)
        {
            if (points[i] > grid[^1])
            {
                grid.Add(points[i]);
            }
        }

        return [.. grid];
    }

    private static double CellIntegral(Func<double, double> density, double a, double b, double[] ux, double[] uw)
    {
        double h = b - a, sum = 0;
        for (int q = 0; q < ux.Length; q++)
        {
            double m = density(a + h * ux[q]);
            if (!(m >= 0) || double.IsInfinity(m))
            {
                throw new ArgumentException($"density({a + h * ux[q]:R}) = {m}; expected a finite non-negative value.", nameof(density));
            }

            sum += uw[q] * m;
        }

        return sum * h;
    }

    private static double Bisect(Func<double, double> f, double a, double b)
    {
        for (int i = 0; i < 200 && b > a; i++)
        {
            double m = 0.5 * (a + b);
            if (m <= a || m >= b)
            {
                break;
            }

            if (f(m) < 0)
            {
                a = m;
            }
            else
            {
                b = m;
            }
        }

        return 0.5 * (a + b);
    }

    internal static void EstimateSecondDerivative(Func<double, double> u, double[] k, double[] d2)
    {
        int n = k.Length - 1;
        var w = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            w[i] = u(k[i]);
            if (!double.IsFinite(w[i]))
            {
                throw new ArgumentException($"u({k[i]:R}) = {w[i]}; expected a finite value.", nameof(u));
            }
        }

        for (int i = 1; i < n; i++)
        {
            double sl = (w[i] - w[i - 1]) / (k[i] - k[i - 1]);
            double sr = (w[i + 1] - w[i]) / (k[i + 1] - k[i]);
            d2[i] = 2 * (sr - sl) / (k[i + 1] - k[i - 1]);
        }

        d2[0] = n > 1 ? d2[1] : 0;
        d2[n] = n > 1 ? d2[n - 1] : 0;
    }

    private static double DensityAtKnots(double[] k, double[] d2, EquidistributionOptions options, double[] rho)
    {
        int n = k.Length - 1;
        for (int i = 0; i <= n; i++)
        {
            rho[i] = Math.Pow(Math.Abs(d2[i]), 0.4);
        }

        double sigma = Trapezoid(k, rho);
        switch (options.Density)
        {
            case MeshDensity.Optimal:
                // A floor keeps knots strictly increasing where the estimate vanishes.
                double max = rho.Max();
                for (int i = 0; i <= n; i++)
                {
                    rho[i] = Math.Max(rho[i], 1e-12 * max);
                }

                break;
            case MeshDensity.Huang:
                double alpha = sigma > 0 ? Math.Pow(sigma, 5) : 1.0;
                for (int i = 0; i <= n; i++)
                {
                    rho[i] = Math.Pow(1 + d2[i] * d2[i] / alpha, 0.2);
                }

                break;
            case MeshDensity.EpsilonSquared:
                for (int i = 0; i <= n; i++)
                {
                    rho[i] = Math.Pow(options.Epsilon + d2[i] * d2[i], 0.2);
                }

                break;
            case MeshDensity.EpsilonShift:
                for (int i = 0; i <= n; i++)
                {
                    rho[i] += options.Epsilon;
                }

                break;
        }

        return Trapezoid(k, rho);
    }

    private static double Trapezoid(double[] k, double[] rho)
    {
        double s = 0;
        for (int i = 0; i + 1 < k.Length; i++)
        {
            s += 0.5 * (rho[i] + rho[i + 1]) * (k[i + 1] - k[i]);
        }

        return s;
    }

    /// <summary>Equidistributes the piecewise-linear density <c>rho</c> on knots <c>x</c> exactly into <paramref name="intervals"/> intervals.</summary>
    internal static double[] InvertPiecewiseLinear(double[] x, double[] rho, int intervals)
    {
        int m = x.Length;
        var cum = new double[m];
        for (int j = 0; j + 1 < m; j++)
        {
            cum[j + 1] = cum[j] + 0.5 * (rho[j] + rho[j + 1]) * (x[j + 1] - x[j]);
        }

        double sigma = cum[^1];
        var k = new double[intervals + 1];
        k[0] = x[0];
        k[intervals] = x[^1];
        int cell = 0;
        for (int i = 1; i < intervals; i++)
        {
            double tau = sigma * i / intervals;
            while (cell + 2 < m && cum[cell + 1] <= tau)
            {
                cell++;
            }

            double t = tau - cum[cell];
            double h = x[cell + 1] - x[cell];
            double slope = (rho[cell + 1] - rho[cell]) / h;
            double ml = rho[cell];
            double disc = Math.Max(0.0, ml * ml + 2 * slope * t);
            double denom = ml + Math.Sqrt(disc);
            double step = denom > 0 ? 2 * t / denom : 0.0;
            k[i] = Math.Min(x[cell + 1], x[cell] + Math.Min(step, h));
        }

        return k;
    }
}
