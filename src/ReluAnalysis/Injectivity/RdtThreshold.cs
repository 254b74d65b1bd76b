namespace ReluAnalysis.Injectivity;

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
