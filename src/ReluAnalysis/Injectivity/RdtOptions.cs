namespace ReluAnalysis.Injectivity;

/// <summary>Numerical settings of the RDT solvers. Defaults reproduce the spec's digits.</summary>
public sealed record RdtOptions
{
    /// <summary>Gauss–Hermite nodes of the outer Gaussian integral (levels 2 and 3). Default 120 (≈ 5e-8 on the functional).</summary>
    public int QuadratureNodes { get; init; } = 120;

    /// <summary>Gauss–Hermite nodes of the inner Gaussian integral (level 3 only). Default 120 (threshold converged to ≈ 1e-6 with 120 × 120).</summary>
    public int InnerQuadratureNodes { get; init; } = 120;

    /// <summary>Absolute tolerance on the threshold <c>α</c> (Newton on <c>e(α) = 1</c>). Default 1e-9.</summary>
    public double AlphaTolerance { get; init; } = 1e-9;

    /// <summary>Maximum Newton iterations for the threshold and for the stationary point. Default 40.</summary>
    public int MaxIterations { get; init; } = 40;

    /// <summary>Starting parameters for the variational problem (in the level's order); null uses the built-in start.</summary>
    public IReadOnlyList<double>? Start { get; init; }

    internal void Validate()
    {
        if (QuadratureNodes < 8 || QuadratureNodes > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(QuadratureNodes), QuadratureNodes, $"{nameof(QuadratureNodes)} must be in [8, 1000]; found {QuadratureNodes}.");
        }

        if (InnerQuadratureNodes < 8 || InnerQuadratureNodes > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(InnerQuadratureNodes), InnerQuadratureNodes, $"{nameof(InnerQuadratureNodes)} must be in [8, 1000]; found {InnerQuadratureNodes}.");
        }

        if (!(AlphaTolerance > 0) || !double.IsFinite(AlphaTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(AlphaTolerance), AlphaTolerance, $"{nameof(AlphaTolerance)} must be a positive finite number; found {AlphaTolerance}.");
        }

        Guard.Positive(MaxIterations, nameof(MaxIterations));
    }
}
