namespace ReluAnalysis.SingularPerturbation;

/// <summary>The meshes of <see cref="LayerMesh"/>.</summary>
public enum LayerMeshKind
{
    /// <summary>N uniform cells of [−1, 1].</summary>
    Uniform,

    /// <summary>Shishkin: N/4 cells in each layer region of width τ = min(1/2, σ_0 ε ln N / √c_0), N/2 in between.</summary>
    Shishkin,

    /// <summary>Spectral boundary-layer (hp) mesh: nodes {−1, −1 + κpε, 1 − κpε, 1} (or {−1, 1} when κpε ≥ 1/2), degree p.</summary>
    SpectralBoundaryLayer,
}
