namespace ReluAnalysis.Splines;

/// <summary>How a shallow ReLU network is trained (spec §7, §9).</summary>
public enum ReluTrainingMethod
{
    /// <summary>Baseline: Adam on <c>(a, b, c, d)</c> with the mean squared error on fixed samples.</summary>
    PlainAdam,

    /// <summary>Adam on <c>(a, b, c, d)</c> with <c>‖y − u‖² + β L_E(k(θ))</c>, <c>k_i = −b_i/a_i</c>, on per-interval points.</summary>
    Equidistribution,

    /// <summary>
    /// Preconditioned: the network is mapped to FKS form; Adam moves the knots (log-spacings) on <c>‖y − u‖² + β L_E</c>
    /// while the weights are re-solved exactly each epoch (well-conditioned tridiagonal system); mapped back at the end.
    /// </summary>
    Preconditioned,
}
