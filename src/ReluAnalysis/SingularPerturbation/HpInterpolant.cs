namespace ReluAnalysis.SingularPerturbation;

/// <summary>
/// A continuous piecewise polynomial on a mesh of [−1, 1]: on element <c>[x_e, x_{e+1}]</c> the degree-p interpolant at the
/// Chebyshev–Lobatto points, stored as Chebyshev coefficients in the local variable <c>ξ = (2x − x_e − x_{e+1})/(x_{e+1} − x_e)</c>.
/// </summary>
/// <remarks>
/// Coefficients by the discrete cosine transform at <c>ξ_j = cos(πj/p)</c>: <c>α_k = (2/p) Σ''_j u_j cos(πjk/p)</c> (end terms
/// halved, <c>α_0, α_p</c> halved). Values by Clenshaw, derivatives by the Chebyshev derivative recurrence. Continuous
/// because the Lobatto points include the element ends.
/// </remarks>
public sealed class HpInterpolant
{
    private readonly double[] _nodes;
    private readonly double[][] _coefficients;

    private HpInterpolant(double[] nodes, double[][] coefficients)
    {
        _nodes = nodes;
        _coefficients = coefficients;
    }

    /// <summary>Polynomial degree p.</summary>
    public int Degree => _coefficients[0].Length - 1;

    /// <summary>Mesh nodes.</summary>
    public ReadOnlySpan<double> Nodes => _nodes;

    /// <summary>Number of elements.</summary>
    public int ElementCount => _coefficients.Length;

    /// <summary>Chebyshev coefficients <c>α_0..α_p</c> of element <paramref name="element"/> in its local variable ξ.</summary>
    public ReadOnlySpan<double> Coefficients(int element) => _coefficients[element];

    /// <summary>Interpolates <paramref name="u"/> at the Chebyshev–Lobatto points of degree <paramref name="degree"/> on every element.</summary>
    /// <param name="u">The function.</param>
    /// <param name="nodes">Strictly increasing mesh nodes.</param>
    /// <param name="degree">p ≥ 1.</param>
    public static HpInterpolant Interpolate(Func<double, double> u, ReadOnlySpan<double> nodes, int degree)
    {
        ArgumentNullException.ThrowIfNull(u);
        Guard.Positive(degree, nameof(degree));
        Guard.MinLength(nodes.Length, 2, nameof(nodes));
        int p = degree;
        var coefficients = new double[nodes.Length - 1][];
        var values = new double[p + 1];
        for (int e = 0; e + 1 < nodes.Length; e++)
        {
            double a = nodes[e], b = nodes[e + 1];
            if (!(b > a))
            {
                throw new ArgumentException($"nodes must be strictly increasing; nodes[{e}] = {a}, nodes[{e + 1}] = {b}.", nameof(nodes));
            }

            for (int j = 0; j <= p; j++)
            {
                double xi = Math.Cos(Math.PI * j / p);

                // Ends exact so the interpolant is continuous across elements.
                double x = j == 0 ? b : j == p ? a : 0.5 * (a + b) + 0.5 * (b - a) * xi;
                values[j] = u(x);
                if (!double.IsFinite(values[j]))
                {
                    throw new ArgumentException($"u({x}) = {values[j]}; expected a finite value.", nameof(u));
                }
            }

            var alpha = new double[p + 1];
            for (int k = 0; k <= p; k++)
            {
                double s = 0;
                for (int j = 0; j <= p; j++)
                {
                    double w = j == 0 || j == p ? 0.5 : 1.0;
                    s += w * values[j] * Math.Cos(Math.PI * ((long)j * k % (2 * p)) / p);
                }

                alpha[k] = 2.0 / p * s * (k == 0 || k == p ? 0.5 : 1.0);
            }

            coefficients[e] = alpha;
        }

        return new HpInterpolant(nodes.ToArray(), coefficients);
    }

    /// <summary>The element containing x (a node belongs to the element on its right; the last node to the last element).</summary>
    public int ElementOf(double x) => Splines.FreeKnotSpline.IntervalOf(_nodes, x);

    /// <summary>The interpolant's value at x.</summary>
    public double Evaluate(double x)
    {
        int e = ElementOf(x);
        return Clenshaw(_coefficients[e], Local(e, x));
    }

    /// <summary>The interpolant's derivative at x (from the element containing x).</summary>
    public double Derivative(double x)
    {
        int e = ElementOf(x);
        double[] a = _coefficients[e];
        int p = a.Length - 1;

        // Coefficients of d/dξ: c_{k−1} = c_{k+1} + 2k a_k, c_0 halved.
        var d = new double[Math.Max(1, p)];
        double next = 0, nextNext = 0;
        for (int k = p; k >= 1; k--)
        {
            double c = nextNext + 2 * k * a[k];
            d[k - 1] = c;
            nextNext = next;
            next = c;
        }

        d[0] *= 0.5;
        return Clenshaw(d, Local(e, x)) * 2.0 / (_nodes[e + 1] - _nodes[e]);
    }

    /// <summary><c>Σ_k a_k T_k(ξ)</c> by Clenshaw's recurrence.</summary>
    public static double Clenshaw(ReadOnlySpan<double> a, double xi)
    {
        double b1 = 0, b2 = 0;
        for (int k = a.Length - 1; k >= 1; k--)
        {
            double b = 2 * xi * b1 - b2 + a[k];
            b2 = b1;
            b1 = b;
        }

        return xi * b1 - b2 + a[0];
    }

    private double Local(int e, double x) => (2 * x - _nodes[e] - _nodes[e + 1]) / (_nodes[e + 1] - _nodes[e]);
}
