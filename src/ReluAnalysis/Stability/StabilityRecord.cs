namespace ReluAnalysis.Stability;

/// <summary>One sample of the history of a gradient-descent run.</summary>
/// <param name="Step">Number of GD updates done before this iterate.</param>
/// <param name="Loss"><c>L(θ)</c>.</param>
/// <param name="LambdaMax"><c>λ_max(∇²L(θ))</c> (Lanczos on Hessian–vector products).</param>
/// <param name="WeightedTotalVariation"><c>TV_g(f_θ)</c>.</param>
/// <param name="EffectiveKnots">Effective knots inside the data range (<see cref="KnotStatistics"/>).</param>
public readonly record struct StabilityRecord(long Step, double Loss, double LambdaMax, double WeightedTotalVariation, int EffectiveKnots);
