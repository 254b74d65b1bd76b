namespace ReluAnalysis.Stability;

/// <summary>
/// One kink of a univariate two-layer network after merging: <c>f''</c> carries the mass <see cref="Jump"/> at
/// <see cref="Position"/>, i.e. <c>f'(x* + 0) − f'(x* − 0) = Σ_{i: x_i* = x*} a_i |w_i|</c>.
/// </summary>
/// <param name="Position">The kink <c>x* = −b_i / w_i</c> (the mean of the merged neurons' kinks).</param>
/// <param name="Jump">Signed jump of the slope, <c>Σ a_i |w_i|</c> over the merged neurons.</param>
/// <param name="Neurons">Number of neurons merged into this kink.</param>
public readonly record struct StabilityKink(double Position, double Jump, int Neurons);
