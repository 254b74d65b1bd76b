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
