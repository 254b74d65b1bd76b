namespace ReluAnalysis.Attribution;

/// <summary>How the constrained layers' Jacobian is formed during selection.</summary>
public enum JacobianUpdate
{
    /// <summary>One backward product per layer, reusing the previous layer's Jacobian: <c>O(C·P_w)</c> in total (the default).</summary>
    Incremental,

    /// <summary>Recompute <c>∂f_P/∂h^(ℓ)</c> from the output layer at every constrained layer: <c>O(N·C·P_w)</c>. A benchmark baseline; same result bit for bit.</summary>
    RecomputePerLayer,
}
