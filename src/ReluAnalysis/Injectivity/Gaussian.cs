using System.Collections.Concurrent;
using MathNet.Numerics;
using MathNet.Numerics.Integration;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ReluAnalysis.Injectivity;

/// <summary>
/// Standard normal helpers on MathNet's <see cref="SpecialFunctions"/>: <c>φ</c>, <c>Φ</c>, the tail
/// <c>Q = 1 − Φ</c> (computed with <c>erfc</c> so large arguments keep their relative accuracy),
/// its inverse, and Gaussian quadrature rules for <c>E[g(ξ)]</c>, <c>ξ ~ N(0, 1)</c>.
/// </summary>
internal static class Gaussian
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private static readonly ConcurrentDictionary<int, (double[] Nodes, double[] Weights)> HermiteCache = new();

    /// <summary>Density <c>φ(t) = e^{−t²/2}/√(2π)</c>.</summary>
    public static double Pdf(double t) => InvSqrt2Pi * Math.Exp(-0.5 * t * t);

    /// <summary>Distribution function <c>Φ(t) = ½ erfc(−t/√2)</c>.</summary>
    public static double Cdf(double t) => 0.5 * SpecialFunctions.Erfc(-t * InvSqrt2);

    /// <summary>Upper tail <c>Q(t) = ½ erfc(t/√2)</c>.</summary>
    public static double Tail(double t) => 0.5 * SpecialFunctions.Erfc(t * InvSqrt2);

    /// <summary>Inverse tail: the <c>t</c> with <c>Q(t) = p</c>, <c>p ∈ (0, 1)</c>.</summary>
    public static double TailInverse(double p) => Math.Sqrt(2.0) * SpecialFunctions.ErfcInv(2.0 * p);

    /// <summary><c>Φ(a) − Φ(b)</c> for <c>a ≥ b</c> without cancellation in either tail.</summary>
    public static double CdfDifference(double a, double b) => b > 0 ? Tail(b) - Tail(a) : Cdf(a) - Cdf(b);

    /// <summary>
    /// Gauss–Hermite rule for the probabilists' weight, normalised so the weights sum to 1:
    /// <c>E g(ξ) ≈ Σ w_k g(x_k)</c>. Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix
    /// with off-diagonal <c>√k</c> (MathNet symmetric eigen-decomposition), the weights the squared first
    /// components of the eigenvectors. Cached per size; exact for polynomials of degree <c>2n − 1</c>.
    /// </summary>
    public static (double[] Nodes, double[] Weights) Hermite(int n) => HermiteCache.GetOrAdd(n, static size =>
    {
        var jacobi = Matrix<double>.Build.Dense(size, size);
        for (int k = 1; k < size; k++)
        {
            jacobi[k, k - 1] = jacobi[k - 1, k] = Math.Sqrt(k);
        }

        Evd<double> evd = jacobi.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, size).OrderBy(k => evd.EigenValues[k].Real).ToArray();
        var nodes = new double[size];
        var weights = new double[size];
        for (int k = 0; k < size; k++)
        {
            nodes[k] = evd.EigenValues[order[k]].Real;
            double v = evd.EigenVectors[0, order[k]];
            weights[k] = v * v;
        }

        // Symmetrise (the rule is exactly symmetric; this removes eigen-solver round-off) and renormalise.
        for (int k = 0; k < size / 2; k++)
        {
            double x = 0.5 * (nodes[size - 1 - k] - nodes[k]);
            double w = 0.5 * (weights[k] + weights[size - 1 - k]);
            nodes[k] = -x;
            nodes[size - 1 - k] = x;
            weights[k] = weights[size - 1 - k] = w;
        }

        if (size % 2 == 1)
        {
            nodes[size / 2] = 0.0;
        }

        double sum = weights.Sum();
        for (int k = 0; k < size; k++)
        {
            weights[k] /= sum;
        }

        return (nodes, weights);
    });

    /// <summary>
    /// Split Gauss–Legendre rule for <c>E[g(ξ) 1{a &lt; ξ &lt; b}]</c> with the Gaussian density folded
    /// into the weights (MathNet <see cref="GaussLegendreRule"/> on each piece between the given break
    /// points, so kinks of <c>g</c> fall on piece ends).
    /// </summary>
    public static (double[] Nodes, double[] Weights) SplitLegendre(ReadOnlySpan<double> breaks, int nodesPerPiece)
    {
        var nodes = new List<double>();
        var weights = new List<double>();
        for (int p = 0; p + 1 < breaks.Length; p++)
        {
            if (breaks[p + 1] <= breaks[p])
            {
                continue;
            }

            var rule = new GaussLegendreRule(breaks[p], breaks[p + 1], nodesPerPiece);
            for (int k = 0; k < rule.Order; k++)
            {
                nodes.Add(rule.Abscissas[k]);
                weights.Add(rule.Weights[k] * Pdf(rule.Abscissas[k]));
            }
        }

        return (nodes.ToArray(), weights.ToArray());
    }
}
