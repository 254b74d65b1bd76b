using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Splines;

namespace ReluAnalysis.SingularPerturbation;

/// <summary>
/// Reference solver of <c>−ε² u'' + c u = f</c>, <c>u(±1) = 0</c>: the Galerkin p-FEM on a layer-resolving mesh.
/// </summary>
/// <remarks>
/// <para>Mesh: with <c>δ = ε / √c_max</c> the layer scale, elements of length <c>4δ</c> cover <c>[−1, −1 + 40δ]</c> and
/// <c>[1 − 40δ, 1]</c> (e^{−40} ≈ 4e−18 below that), the rest is cut into <see cref="InteriorElements"/> equal elements; if
/// <c>40δ ≥ 1/4</c> the whole interval is cut into elements of length ≤ min(4δ, 1/8)… capped at 64 elements.</para>
/// <para>Degree p per element (default 16), hierarchical basis (<see cref="FemSolution"/>), (p + 8)-point Gauss quadrature,
/// dense Cholesky solve of the symmetric positive definite system <c>ε²(u', v') + (c u, v) = (f, v)</c>.
/// Checked against the closed form for c = f = 1 (error ~1e−13 for ε from 1 to 1e−8).</para>
/// </remarks>
public static class ReactionDiffusionSolver
{
    /// <summary>Number of elements between the two layer regions.</summary>
    public const int InteriorElements = 8;

    /// <summary>Solves the problem.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="degree">Polynomial degree p ∈ [2, 40] (default 16).</param>
    public static FemSolution Solve(ReactionDiffusionProblem problem, int degree = 16)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (degree is < 2 or > 40)
        {
            throw new ArgumentOutOfRangeException(nameof(degree), degree, $"degree = {degree}; expected 2..40.");
        }

        double[] nodes = Mesh(problem);
        int p = degree, elements = nodes.Length - 1;
        int nNodal = elements + 1;
        int n = nNodal + elements * (p - 1);
        var (gx, gw) = KnotQuadratureRule(p + 8);
        var k = Matrix<double>.Build.Dense(n, n);
        var rhs = Vector<double>.Build.Dense(n);
        var phi = new double[p + 1];
        var dphi = new double[p + 1];
        var index = new int[p + 1];
        double eps2 = problem.Epsilon * problem.Epsilon;
        for (int e = 0; e < elements; e++)
        {
            double a = nodes[e], b = nodes[e + 1], h = b - a;
            index[0] = e;
            index[1] = e + 1;
            for (int q = 2; q <= p; q++)
            {
                index[q] = nNodal + e * (p - 1) + q - 2;
            }

            for (int g = 0; g < gx.Length; g++)
            {
                double xi = 2 * gx[g] - 1;
                double x = a + h * gx[g];
                double w = gw[g] * h;
                Shapes(xi, phi, dphi);
                double c = problem.C(x), f = problem.F(x);
                for (int i = 0; i <= p; i++)
                {
                    double di = dphi[i] * 2 / h;
                    rhs[index[i]] += w * f * phi[i];
                    for (int j = 0; j <= p; j++)
                    {
                        k[index[i], index[j]] += w * (eps2 * di * dphi[j] * 2 / h + c * phi[i] * phi[j]);
                    }
                }
            }
        }

        // Dirichlet u(±1) = 0: drop the two boundary unknowns.
        int[] free = [.. Enumerable.Range(1, n - 1).Where(i => i != elements)];
        var kf = Matrix<double>.Build.Dense(free.Length, free.Length, (i, j) => k[free[i], free[j]]);
        var rf = Vector<double>.Build.Dense(free.Length, i => rhs[free[i]]);
        Vector<double> sol = kf.Cholesky().Solve(rf);
        var full = new double[n];
        for (int i = 0; i < free.Length; i++)
        {
            full[free[i]] = sol[i];
        }

        return new FemSolution(nodes, full[..nNodal], full[nNodal..], p);
    }

    /// <summary>The solver's mesh (see remarks of <see cref="ReactionDiffusionSolver"/>).</summary>
    public static double[] Mesh(ReactionDiffusionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        double cmax = 0;
        for (int i = 0; i <= 1000; i++)
        {
            cmax = Math.Max(cmax, problem.C(-1 + 2.0 * i / 1000));
        }

        double delta = problem.Epsilon / Math.Sqrt(cmax);
        if (40 * delta >= 0.25)
        {
            int count = Math.Min(64, Math.Max(16, (int)Math.Ceiling(2 / (4 * delta))));
            return FreeKnotSpline.UniformKnots(count, -1, 1);
        }

        var left = new List<double>();
        for (int i = 0; i <= 10; i++)
        {
            left.Add(-1 + 4 * delta * i);
        }

        double inner = left[^1];
        var nodes = new List<double>(left);
        for (int i = 1; i < InteriorElements; i++)
        {
            nodes.Add(inner + (-2 * inner) * i / InteriorElements);
        }

        for (int i = 10; i >= 0; i--)
        {
            nodes.Add(i == 0 ? 1.0 : 1 - 4 * delta * i);
        }

        return [.. nodes];
    }

    /// <summary>Hat and integrated-Legendre shape functions and their ξ-derivatives at ξ ∈ [−1, 1] (length p + 1 each).</summary>
    internal static void Shapes(double xi, Span<double> phi, Span<double> dphi)
    {
        int p = phi.Length - 1;
        phi[0] = 0.5 * (1 - xi);
        phi[1] = 0.5 * (1 + xi);
        dphi[0] = -0.5;
        dphi[1] = 0.5;
        double lm2 = 1, lm1 = xi; // L_0, L_1
        for (int k = 2; k <= p; k++)
        {
            double l = ((2 * k - 1) * xi * lm1 - (k - 1) * lm2) / k;
            phi[k] = (l - lm2) / Math.Sqrt(2.0 * (2 * k - 1));
            dphi[k] = Math.Sqrt((2 * k - 1) / 2.0) * lm1;
            lm2 = lm1;
            lm1 = l;
        }
    }

    private static (double[] X, double[] W) KnotQuadratureRule(int order) => KnotQuadrature.UnitRule(order);
}
