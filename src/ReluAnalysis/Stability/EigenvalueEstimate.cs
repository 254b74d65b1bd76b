namespace ReluAnalysis.Stability;

/// <summary>The largest algebraic eigenvalue of a symmetric operator as estimated by an iterative method.</summary>
/// <param name="Value">The estimate of <c>λ_max</c>.</param>
/// <param name="Iterations">Operator products used.</param>
/// <param name="Converged">Whether the stopping rule was met (otherwise the iteration limit was hit).</param>
public readonly record struct EigenvalueEstimate(double Value, int Iterations, bool Converged);
