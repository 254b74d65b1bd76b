using ReluAnalysis.Geometry;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// One piece of a certified set: <c>P_σ = cl R_σ ∩ {B_σ ≤ −c} ∩ X</c> for an activation pattern σ, as <c>A x ≤ b</c>.
/// </summary>
/// <param name="Pattern">One character per hidden neuron, '1' active, '0' inactive (neurons in network order).</param>
/// <param name="Polytope">The piece's rows: one per hidden neuron (the pattern's side, from <see cref="Patterns.ActivationRegion"/>), then <c>g·x ≤ −c_σ − level</c>, then the domain box; the set is exactly these rows.</param>
/// <param name="Gradient"><c>g_σ = W₁ᵀ(w₂ ⊙ σ)</c>.</param>
/// <param name="Offset"><c>c_σ = w₂ᵀ(σ ⊙ b₁) + b₂</c> (without the level).</param>
/// <param name="Witness">An interior point (Chebyshev centre of the unit-row LP).</param>
/// <param name="Radius">Distance from the witness to the nearest row.</param>
/// <param name="Separations">LP evidence of the checks (domain, unsafe set, uncertified cells).</param>
public sealed record BarrierPiece(
    string Pattern,
    Polytope Polytope,
    double[] Gradient,
    double Offset,
    double[] Witness,
    double Radius,
    IReadOnlyList<SeparationCertificate> Separations);
