using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Splines;

namespace ReluAnalysis.SingularPerturbation;

/// <summary>
/// Max, energy and balanced-norm errors by per-element Gauss–Legendre quadrature (spec B.4): 20 points per element (or per
/// equal sub-element), the integrand <c>(u − v)²</c> formed pointwise from the two values — never by expanding norms, so
/// there is no cancellation — and the max over 200 points per element including its ends.
/// </summary>
/// <remarks>
/// An element much wider than ε next to x = ±1 (a uniform mesh) would hide the layer between its Gauss points, so every
/// element is also cut at the layer-graded points <c>±(1 − 2^j ε)</c>, −2 ≤ j ≤ 8, that fall inside it; the max-error points
/// include those points too. On layer-adapted meshes these cuts change nothing measurable.
/// </remarks>
public static class LayerErrorNorms
{
    /// <summary>Gauss points per (sub-)element.</summary>
    public const int GaussPoints = 20;

    /// <summary>Points per element of the max error.</summary>
    public const int MaxPoints = 200;

    /// <summary>Largest j of the layer-graded cuts ±(1 − 2^j ε): beyond 2^8 ε the layer terms are below e^{−256}.</summary>
    private const int GradedCuts = 8;

    /// <summary>Errors of an approximation given by value and derivative functions.</summary>
    /// <param name="u">Exact solution.</param>
    /// <param name="du">Its derivative.</param>
    /// <param name="v">Approximation.</param>
    /// <param name="dv">Its derivative (inside elements).</param>
    /// <param name="nodes">Element nodes (the approximation is smooth inside each element or sub-element).</param>
    /// <param name="epsilon">ε of the norms.</param>
    /// <param name="subdivisions">Equal sub-elements per element for the quadrature (≥ 1).</param>
    public static LayerErrors Compute(Func<double, double> u, Func<double, double> du, Func<double, double> v, Func<double, double> dv, ReadOnlySpan<double> nodes, double epsilon, int subdivisions = 1)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(dv);
        ReactionDiffusionProblem.CheckEpsilon(epsilon);
        double[] q = QuadraturePoints(nodes, subdivisions, epsilon, out double[] w);
        double[] m = MaxPointsOf(nodes, epsilon);
        return Combine(u, du, q, w, [.. q.Select(v)], [.. q.Select(dv)], m, [.. m.Select(v)], epsilon);
    }

    /// <summary>
    /// Errors of a univariate network: values by <see cref="BatchEvaluator"/>, derivatives by <see cref="LocalAffineMap.At"/> at the
    /// quadrature points. For a deep network with many pieces per element pass <paramref name="subdivisions"/> &gt; 1; the
    /// quadrature is then approximate (the integrand is only piecewise smooth).
    /// </summary>
    public static LayerErrors ForNetwork(ReluNetwork network, Func<double, double> u, Func<double, double> du, ReadOnlySpan<double> nodes, double epsilon, int subdivisions = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputDimension != 1 || network.OutputDimension != 1)
        {
            throw new ArgumentException($"network has sizes [{string.Join(", ", network.LayerSizes())}]; expected one input and one output.", nameof(network));
        }

        ReactionDiffusionProblem.CheckEpsilon(epsilon);
        double[] q = QuadraturePoints(nodes, subdivisions, epsilon, out double[] w);
        double[] m = MaxPointsOf(nodes, epsilon);
        var evaluator = new BatchEvaluator(network, 1);
        double[] vq = evaluator.Evaluate(q, withPatterns: false).Outputs;
        double[] vm = evaluator.Evaluate(m, withPatterns: false).Outputs;
        var dq = new double[q.Length];
        for (int i = 0; i < q.Length; i++)
        {
            dq[i] = LocalAffineMap.At(network, [q[i]]).Matrix[0];
        }

        return Combine(u, du, q, w, vq, dq, m, vm, epsilon);
    }

    private static LayerErrors Combine(Func<double, double> u, Func<double, double> du, double[] q, double[] w, double[] vq, double[] dq, double[] m, double[] vm, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(du);
        ReactionDiffusionProblem.CheckEpsilon(epsilon);
        double l2 = 0, h1 = 0;
        for (int i = 0; i < q.Length; i++)
        {
            double e = u(q[i]) - vq[i];
            double de = du(q[i]) - dq[i];
            l2 += w[i] * e * e;
            h1 += w[i] * de * de;
        }

        double max = 0;
        for (int i = 0; i < m.Length; i++)
        {
            max = Math.Max(max, Math.Abs(u(m[i]) - vm[i]));
        }

        return new LayerErrors(max, Math.Sqrt(epsilon * epsilon * h1 + l2), Math.Sqrt(epsilon * h1 + l2), Math.Sqrt(l2), Math.Sqrt(h1));
    }

    /// <summary>Element pieces: each element cut into equal sub-elements and at the layer-graded points ±(1 − 2^j ε).</summary>
    private static List<(double A, double B)> Pieces(ReadOnlySpan<double> nodes, int subdivisions, double epsilon)
    {
        Guard.MinLength(nodes.Length, 2, nameof(nodes));
        Guard.Positive(subdivisions, nameof(subdivisions));
        var graded = new List<double>();
        for (int j = -2; j <= GradedCuts; j++)
        {
            double d = Math.ScaleB(epsilon, j);
            if (d >= 1)
            {
                break;
            }

            graded.Add(-1 + d);
            graded.Add(1 - d);
        }

        graded.Sort();
        var pieces = new List<(double, double)>();
        var cuts = new List<double>();
        for (int e = 0; e + 1 < nodes.Length; e++)
        {
            double a = nodes[e], b = nodes[e + 1], h = (b - a) / subdivisions;
            cuts.Clear();
            for (int s = 0; s <= subdivisions; s++)
            {
                cuts.Add(s == subdivisions ? b : a + s * h);
            }

            foreach (double g in graded)
            {
                if (g > a && g < b)
                {
                    cuts.Add(g);
                }
            }

            cuts.Sort();
            for (int k = 0; k + 1 < cuts.Count; k++)
            {
                if (cuts[k + 1] > cuts[k])
                {
                    pieces.Add((cuts[k], cuts[k + 1]));
                }
            }
        }

        return pieces;
    }

    private static double[] QuadraturePoints(ReadOnlySpan<double> nodes, int subdivisions, double epsilon, out double[] weights)
    {
        var (ux, uw) = KnotQuadrature.UnitRule(GaussPoints);
        List<(double A, double B)> pieces = Pieces(nodes, subdivisions, epsilon);
        var x = new double[pieces.Count * GaussPoints];
        weights = new double[x.Length];
        int k = 0;
        foreach (var (a, b) in pieces)
        {
            for (int g = 0; g < GaussPoints; g++, k++)
            {
                x[k] = a + (b - a) * ux[g];
                weights[k] = (b - a) * uw[g];
            }
        }

        return x;
    }

    private static double[] MaxPointsOf(ReadOnlySpan<double> nodes, double epsilon)
    {
        var x = new List<double>((nodes.Length - 1) * MaxPoints);
        for (int e = 0; e + 1 < nodes.Length; e++)
        {
            for (int i = 0; i < MaxPoints; i++)
            {
                x.Add(i == MaxPoints - 1 ? nodes[e + 1] : nodes[e] + (nodes[e + 1] - nodes[e]) * i / (MaxPoints - 1));
            }
        }

        for (int j = -2; j <= GradedCuts && Math.ScaleB(epsilon, j) < 1; j++)
        {
            x.Add(-1 + Math.ScaleB(epsilon, j));
            x.Add(1 - Math.ScaleB(epsilon, j));
        }

        return [.. x];
    }
}
