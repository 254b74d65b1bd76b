using System.Diagnostics;
using MathNet.Numerics;
using MathNet.Numerics.RootFinding;

namespace ReluAnalysis.Injectivity;

/// <summary>
/// Plain (first-level) random duality theory for the injectivity of <c>x ↦ ReLU(W x)</c>, <c>W</c> Gaussian
/// <c>m × n</c>, <c>α = m/n</c>, <c>n → ∞</c>. Derived from Gordon's comparison (spec §2); equal to the
/// replica-symmetric answer. Everything here is closed form in <c>Φ, φ, Q</c> plus one-dimensional roots.
/// </summary>
/// <remarks>
/// Capacity equation: <c>G(α) = α [Φ(κ) − ½ − κ φ(κ)] = 1</c> with <c>κ = Q⁻¹(1/α)</c>.
/// Free-energy form: <c>e_RS(α) = max_{χ&gt;0} [α E f(ξ; χ) − 1/(2χ)]</c>,
/// <c>f(h; χ) = min_u [1{u &gt; 0} + (u − h)²/(2χ)]</c>; at the optimum <c>κ = √(2χ)</c> solves
/// <c>α [Φ(κ) − ½ − κ φ(κ)] = 1</c> and <c>e_RS = α Q(κ)</c>.
/// </remarks>
public static class PlainRdt
{
    /// <summary><c>A(κ) = E[ξ² 1{0 &lt; ξ &lt; κ}] = Φ(κ) − ½ − κ φ(κ)</c>, increasing from 0 to ½.</summary>
    public static double TruncatedSecondMoment(double kappa) => Gaussian.CdfDifference(kappa, 0.0) - kappa * Gaussian.Pdf(kappa);

    /// <summary>The capacity function <c>G(α) = α A(Q⁻¹(1/α))</c>; the plain threshold solves <c>G(α) = 1</c>. Requires <c>α &gt; 1</c>.</summary>
    public static double CapacityFunction(double alpha)
    {
        Guard.Finite(alpha, nameof(alpha));
        if (!(alpha > 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must exceed 1; found {alpha}.");
        }

        return alpha * TruncatedSecondMoment(Gaussian.TailInverse(1.0 / alpha));
    }

    /// <summary>
    /// The plain threshold by Brent's method (MathNet) on <c>G(α) = 1</c>, <c>α ∈ (2.5, 50)</c>.
    /// Parameters: <c>kappa</c> and <c>chi = κ²/2</c>.
    /// </summary>
    public static RdtThreshold Threshold()
    {
        var watch = Stopwatch.StartNew();
        int evaluations = 0;
        double alpha = Brent.FindRoot(a => { evaluations++; return CapacityFunction(a) - 1.0; }, 2.5, 50.0, 1e-13, 200);
        double kappa = Gaussian.TailInverse(1.0 / alpha);
        return new RdtThreshold(RdtLevel.Plain, RdtStatus.Converged, alpha, Parameters(kappa), alpha * Gaussian.Tail(kappa), 0, 0, evaluations, watch.Elapsed);
    }

    /// <summary>
    /// The replica-symmetric ground-state energy <c>e_RS(α) = α Q(κ)</c> with <c>κ</c> solving
    /// <c>α A(κ) = 1</c> (the stationarity condition of the free-energy form). Requires <c>α &gt; 2</c>.
    /// </summary>
    public static RdtEnergy Energy(double alpha)
    {
        Guard.Finite(alpha, nameof(alpha));
        if (!(alpha > 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must exceed 2 (below it the plain energy is unbounded); found {alpha}.");
        }

        double kappa = Brent.FindRoot(k => alpha * TruncatedSecondMoment(k) - 1.0, 1e-8, 40.0, 1e-14, 200);
        double q = Gaussian.Tail(kappa);
        return new RdtEnergy(RdtLevel.Plain, alpha, alpha * q, Parameters(kappa), q, RdtStatus.Converged);
    }

    /// <summary>
    /// The free-energy functional <c>α E f(ξ; χ) − 1/(2χ)</c> evaluated by split Gauss–Legendre quadrature
    /// (break points at the kinks <c>0</c> and <c>√(2χ)</c>), independent of the closed forms above.
    /// </summary>
    /// <param name="alpha">Expansion <c>α</c>.</param>
    /// <param name="chi">The variable <c>χ &gt; 0</c>.</param>
    /// <param name="nodesPerPiece">Gauss–Legendre nodes per piece (default 64: machine precision).</param>
    public static double FreeEnergy(double alpha, double chi, int nodesPerPiece = 64)
    {
        Guard.Finite(alpha, nameof(alpha));
        Guard.Finite(chi, nameof(chi));
        if (!(chi > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(chi), chi, $"chi must be positive; found {chi}.");
        }

        double kappa = Math.Sqrt(2.0 * chi);
        var (nodes, weights) = Gaussian.SplitLegendre([0.0, kappa, Math.Max(kappa, 0.0) + 40.0], nodesPerPiece);
        double sum = 0;
        for (int k = 0; k < nodes.Length; k++)
        {
            double h = nodes[k];
            sum += weights[k] * (h < kappa ? h * h / (2.0 * chi) : 1.0);
        }

        return alpha * sum - 1.0 / (2.0 * chi);
    }

    /// <summary>
    /// <c>e_RS(α)</c> by direct maximisation of <see cref="FreeEnergy"/> over <c>χ</c> (MathNet golden-section
    /// search on <c>log χ</c>); a cross-check of <see cref="Energy"/>.
    /// </summary>
    public static double EnergyByMaximisation(double alpha)
    {
        double logChi = FindMinimum.OfScalarFunctionConstrained(t => -FreeEnergy(alpha, Math.Exp(t)), -8.0, 6.0, 1e-12, 10_000);
        return FreeEnergy(alpha, Math.Exp(logChi));
    }

    /// <summary>The threshold from the free-energy form: Brent on <see cref="EnergyByMaximisation"/> <c>= 1</c>.</summary>
    public static double ThresholdByMaximisation() => Brent.FindRoot(a => EnergyByMaximisation(a) - 1.0, 3.0, 20.0, 1e-12, 200);

    private static Dictionary<string, double> Parameters(double kappa) => new() { ["kappa"] = kappa, ["chi"] = 0.5 * kappa * kappa };
}
