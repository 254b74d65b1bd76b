namespace ReluAnalysis.Stability;

/// <summary>The quantities of the stability theory at one parameter vector θ (see <see cref="StabilityAnalysis.Analyze"/>).</summary>
/// <param name="Loss"><c>L(θ) = (1/(2n)) Σ (f(x_j) − y_j)²</c>, with its ½.</param>
/// <param name="LambdaMax">Largest eigenvalue of the Hessian <c>∇²L(θ)</c>.</param>
/// <param name="LambdaMaxGaussNewton">Largest eigenvalue of the Gauss–Newton part (equal to that of the n×n Gram matrix); ≥ 1 because of the output bias.</param>
/// <param name="WeightedTotalVariation"><c>TV_g(f_θ)</c>.</param>
/// <param name="TotalVariation">Unweighted <c>Σ |Σ a_i|w_i||</c> over the merged kinks inside the data range.</param>
/// <param name="InputBound"><c>x_max = max_j |x_j|</c>.</param>
/// <param name="ResidualConstant"><c>C_x = 1 + x_max</c>.</param>
/// <param name="BoundLambda"><c>RHS_λ = λ_max/2 − 1/2 + C_x √(2L)</c>: <c>TV_g ≤ RHS_λ</c> at every θ where the Hessian exists.</param>
/// <param name="BoundEta"><c>RHS_η = 1/η − 1/2 + C_x √(2L)</c> when a step size was given (valid when <c>λ_max ≤ 2/η</c>), else <see langword="null"/>.</param>
/// <param name="Knots">Knot statistics on the training inputs.</param>
public sealed record StabilityReport(
    double Loss,
    double LambdaMax,
    double LambdaMaxGaussNewton,
    double WeightedTotalVariation,
    double TotalVariation,
    double InputBound,
    double ResidualConstant,
    double BoundLambda,
    double? BoundEta,
    KnotStatistics Knots);
