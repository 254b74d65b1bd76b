namespace ReluAnalysis.Injectivity;

/// <summary>The ground-state energy of one RDT level at one <c>α = m/n</c>, with its optimal parameters.</summary>
/// <param name="Level">Level of lifting.</param>
/// <param name="Alpha">Expansion <c>α = m/n</c>.</param>
/// <param name="Energy">Lower bound <c>e(α)</c> on <c>lim (1/n) min_x #{i : ⟨w_i, x⟩ &gt; 0}</c>; the layer is injective w.h.p. when it exceeds 1.</param>
/// <param name="Parameters">Optimal variational parameters by name (<c>kappa, chi</c> / <c>q0, chi, y</c> / <c>q0, q1, chi, y1, y2</c>).</param>
/// <param name="Slope">Envelope derivative <c>de/dα</c> at the optimum.</param>
/// <param name="Status">Whether the stationary point converged.</param>
public sealed record RdtEnergy(RdtLevel Level, double Alpha, double Energy, IReadOnlyDictionary<string, double> Parameters, double Slope, RdtStatus Status);
