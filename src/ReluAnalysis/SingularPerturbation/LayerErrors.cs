namespace ReluAnalysis.SingularPerturbation;

/// <summary>Errors of an approximation of a singularly perturbed solution (see <see cref="LayerErrorNorms"/>).</summary>
/// <param name="MaxError">max |u − v| over 200 equispaced points per element, ends included.</param>
/// <param name="EnergyError">|||u − v|||_ε = (ε²‖(u − v)'‖² + ‖u − v‖²)^{1/2}.</param>
/// <param name="BalancedError">‖u − v‖_bal = (ε‖(u − v)'‖² + ‖u − v‖²)^{1/2}.</param>
/// <param name="L2Error">‖u − v‖ (L² on (−1, 1)).</param>
/// <param name="DerivativeL2Error">‖(u − v)'‖.</param>
public sealed record LayerErrors(double MaxError, double EnergyError, double BalancedError, double L2Error, double DerivativeL2Error);
