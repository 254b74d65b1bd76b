namespace ReluAnalysis.SingularPerturbation;

/// <summary>
/// A continuous piecewise polynomial in the hierarchical (hat + integrated Legendre) basis: the output of
/// <see cref="ReactionDiffusionSolver"/>. Immutable.
/// </summary>
/// <remarks>On element e with local ξ ∈ [−1, 1]: <c>u = u_e (1−ξ)/2 + u_{e+1} (1+ξ)/2 + Σ_{k=2..p} b_{e,k} φ_k(ξ)</c>,
/// <c>φ_k = (L_k − L_{k−2}) / √(2(2k−1))</c>, <c>φ_k' = √((2k−1)/2) L_{k−1}</c>.</remarks>
public sealed class FemSolution
{
    private readonly double[] _nodes;
    private readonly double[] _nodal;
    private readonly double[] _bubbles;

    internal FemSolution(double[] nodes, double[] nodal, double[] bubbles, int degree)
    {
        _nodes = nodes;
        _nodal = nodal;
        _bubbles = bubbles;
        Degree = degree;
    }

    /// <summary>Polynomial degree p per element.</summary>
    public int Degree { get; }

    /// <summary>Mesh nodes.</summary>
    public ReadOnlySpan<double> Nodes => _nodes;

    /// <summary>Number of unknowns of the discrete problem (including the two boundary values).</summary>
    public int DegreesOfFreedom => _nodal.Length + _bubbles.Length;

    /// <summary>u_h(x).</summary>
    public double Evaluate(double x) => Value(x, derivative: false);

    /// <summary>u_h'(x).</summary>
    public double Derivative(double x) => Value(x, derivative: true);

    private double Value(double x, bool derivative)
    {
        int e = Splines.FreeKnotSpline.IntervalOf(_nodes, x);
        double a = _nodes[e], b = _nodes[e + 1];
        double xi = (2 * x - a - b) / (b - a);
        int p = Degree;
        Span<double> phi = stackalloc double[p + 1];
        Span<double> dphi = stackalloc double[p + 1];
        ReactionDiffusionSolver.Shapes(xi, phi, dphi);
        ReadOnlySpan<double> s = derivative ? dphi : phi;
        double v = _nodal[e] * s[0] + _nodal[e + 1] * s[1];
        for (int k = 2; k <= p; k++)
        {
            v += _bubbles[e * (p - 1) + k - 2] * s[k];
        }

        return derivative ? v * 2 / (b - a) : v;
    }
}
