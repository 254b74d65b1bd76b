using ReluAnalysis.Patterns;

namespace ReluAnalysis.Stability;

/// <summary>
/// The stability quantities of a trained univariate two-layer network (Qiao, Zhang, Singh, Soudry, Wang, NeurIPS 2024;
/// Mulayoff, Michaeli, Soudry, NeurIPS 2021): loss, sharpness, <c>TV_g</c>, the bound's right-hand sides, knots, MSE.
/// </summary>
/// <remarks>
/// <para>The bound used is the library's general form (derived, not quoted from Qiao et al., whose constant in front of
/// the data term is unconfirmed): <c>∇²L = (1/n)Σ J_jJ_jᵀ + (1/n)Σ r_j ∇²f(x_j)</c>; the Gauss–Newton part obeys
/// Mulayoff's <c>λ_max(GN) ≥ 1 + 2 TV_g</c>; <c>|vᵀ∇²f(x)v| ≤ √(1 + x²)</c> for unit v and
/// <c>(1/n)Σ|r_j| ≤ √(2L)</c> give <c>TV_g ≤ λ_max/2 − 1/2 + C_x √(2L)</c> with the safe <c>C_x = 1 + x_max</c>
/// (the derivation gives <c>√(1 + x_max²)/2</c>). Under linear stability, <c>λ_max ≤ 2/η</c>, the right side becomes
/// <c>1/η − 1/2 + C_x √(2L)</c>.</para>
/// </remarks>
public static class StabilityAnalysis
{
    /// <summary>Largest width for which <see cref="LambdaMax"/> builds the dense Hessian; Lanczos beyond.</summary>
    public const int DenseWidthLimit = 300;

    /// <summary>Computes every quantity of <see cref="StabilityReport"/> at <paramref name="net"/>.</summary>
    /// <param name="net">The network θ.</param>
    /// <param name="x">Training inputs (n ≥ 1).</param>
    /// <param name="y">Training labels (n).</param>
    /// <param name="learningRate">Step size η &gt; 0 for <see cref="StabilityReport.BoundEta"/>, or <see langword="null"/>.</param>
    public static StabilityReport Analyze(UnivariateReluNet net, ReadOnlySpan<double> x, ReadOnlySpan<double> y, double? learningRate = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (learningRate is double eta && !(eta > 0.0 && double.IsFinite(eta)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), eta, $"learningRate must be a finite positive number; found {eta}.");
        }

        var hessian = new LossHessian(net, x, y);
        double lambda = LambdaMax(hessian);
        double gn = TopEigenvalue.Dense(hessian.Gram(), hessian.Count);
        var weight = new StabilityWeight(x);
        double tvg = WeightedTotalVariation.Compute(net, weight);
        double tv = WeightedTotalVariation.Unweighted(net, weight.Lower, weight.Upper);
        double xMax = Math.Max(Math.Abs(weight.Lower), Math.Abs(weight.Upper));
        double cx = 1.0 + xMax;
        double data = cx * Math.Sqrt(2.0 * hessian.Loss);
        return new StabilityReport(
            hessian.Loss,
            lambda,
            gn,
            tvg,
            tv,
            xMax,
            cx,
            lambda / 2.0 - 0.5 + data,
            learningRate is double e ? 1.0 / e - 0.5 + data : null,
            KnotStatistics.Compute(net, x));
    }

    /// <summary>
    /// <c>λ_max(∇²L)</c>: the dense symmetric eigensolver for width ≤ <see cref="DenseWidthLimit"/>, otherwise Lanczos on
    /// Hessian–vector products (50 steps, relative residual 1e-10).
    /// </summary>
    public static double LambdaMax(LossHessian hessian)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        return hessian.Width <= DenseWidthLimit
            ? TopEigenvalue.Dense(hessian.Dense(), hessian.Dimension)
            : TopEigenvalue.Lanczos(hessian, 50).Value;
    }

    /// <summary>
    /// Mean squared error <c>(1/m) Σ (f(t_i) − f_0(t_i))²</c> on <paramref name="points"/> equally spaced points of
    /// <c>[lower, upper]</c>, evaluated by the batched engine. Use an interior interval (for example <c>[−0.5, 0.5]</c>
    /// for data on <c>[−1, 1]</c>): the theory says nothing near the edges, where g → 0.
    /// </summary>
    public static double MeanSquaredError(UnivariateReluNet net, Func<double, double> truth, double lower = -0.5, double upper = 0.5, int points = 2001)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(truth);
        Guard.Finite(lower, nameof(lower));
        Guard.Finite(upper, nameof(upper));
        if (points < 2 || !(upper > lower))
        {
            throw new ArgumentException($"expected points ≥ 2 and upper > lower; found points = {points}, [{lower}, {upper}].", nameof(points));
        }

        var t = new double[points];
        for (int i = 0; i < points; i++)
        {
            t[i] = lower + (upper - lower) * i / (points - 1);
        }

        var f = new double[points];
        new BatchEvaluator(net.Network, 1).Evaluate(t, f);
        double sum = 0.0;
        for (int i = 0; i < points; i++)
        {
            double e = f[i] - truth(t[i]);
            sum += e * e;
        }

        return sum / points;
    }
}
