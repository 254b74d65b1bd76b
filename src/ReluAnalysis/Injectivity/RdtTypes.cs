namespace ReluAnalysis.Injectivity;

/// <summary>Level of lifting of random duality theory (RDT) for the injectivity capacity of a Gaussian ReLU layer.</summary>
public enum RdtLevel
{
    /// <summary>Plain RDT (one equation); equals the replica-symmetric answer and Gordon's bound.</summary>
    Plain = 1,

    /// <summary>Second level (partially lifted RDT, zero-temperature 1RSB): variables <c>q0, χ, y</c>.</summary>
    Second = 2,

    /// <summary>Third level (zero-temperature 2RSB): variables <c>q0 &lt; q1, χ, y1 &lt; y2</c>, nested Gaussian integrals.</summary>
    Third = 3,
}

/// <summary>Outcome of an RDT solve.</summary>
public enum RdtStatus
{
    /// <summary>The stationarity conditions and the threshold equation were met to tolerance.</summary>
    Converged = 0,

    /// <summary>The iteration limit was reached first; the numbers are the last iterate.</summary>
    NotConverged = 1,

}

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

/// <summary>The ground-state energy of one RDT level at one <c>α = m/n</c>, with its optimal parameters.</summary>
/// <param name="Level">Level of lifting.</param>
/// <param name="Alpha">Expansion <c>α = m/n</c>.</param>
/// <param name="Energy">Lower bound <c>e(α)</c> on <c>lim (1/n) min_x #{i : ⟨w_i, x⟩ &gt; 0}</c>; the layer is injective w.h.p. when it exceeds 1.</param>
/// <param name="Parameters">Optimal variational parameters by name (<c>kappa, chi</c> / <c>q0, chi, y</c> / <c>q0, q1, chi, y1, y2</c>).</param>
/// <param name="Slope">Envelope derivative <c>de/dα</c> at the optimum.</param>
/// <param name="Status">Whether the stationary point converged.</param>
public sealed record RdtEnergy(RdtLevel Level, double Alpha, double Energy, IReadOnlyDictionary<string, double> Parameters, double Slope, RdtStatus Status);

/// <summary>The injectivity threshold of one RDT level.</summary>
/// <param name="Level">Level of lifting.</param>
/// <param name="Status">Convergence status.</param>
/// <param name="Alpha">Threshold <c>α</c> solving <c>e(α) = 1</c>: the layer is injective w.h.p. above it (an upper bound on the capacity).</param>
/// <param name="Parameters">Optimal parameters at the threshold, by name.</param>
/// <param name="Energy">Energy at the returned <c>α</c> (1 up to tolerance).</param>
/// <param name="QuadratureNodes">Outer Gauss–Hermite nodes used (0 for the plain level, which is closed form).</param>
/// <param name="InnerQuadratureNodes">Inner Gauss–Hermite nodes used (level 3 only, else 0).</param>
/// <param name="Evaluations">Evaluations of the level's functional.</param>
/// <param name="Elapsed">Wall-clock time of the solve.</param>
public sealed record RdtThreshold(
    RdtLevel Level,
    RdtStatus Status,
    double Alpha,
    IReadOnlyDictionary<string, double> Parameters,
    double Energy,
    int QuadratureNodes,
    int InnerQuadratureNodes,
    int Evaluations,
    TimeSpan Elapsed);
