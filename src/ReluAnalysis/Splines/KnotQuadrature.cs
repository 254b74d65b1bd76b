using System.Collections.Concurrent;
using MathNet.Numerics.Integration;

namespace ReluAnalysis.Splines;

/// <summary>
/// Quadrature nodes and weights laid out per knot interval (see <see cref="ErrorQuadrature"/>):
/// nodes of interval <c>i</c> are <c>[Start[i], Start[i+1])</c>, in increasing order.
/// </summary>
internal sealed class KnotQuadrature
{
    private static readonly ConcurrentDictionary<int, (double[] X, double[] W)> Rules = new();

    private KnotQuadrature(double[] nodes, double[] weights, int[] start)
    {
        Nodes = nodes;
        Weights = weights;
        Start = start;
    }

    public double[] Nodes { get; }

    public double[] Weights { get; }

    public int[] Start { get; }

    public int Count => Nodes.Length;

    /// <summary>Gauss–Legendre nodes and weights on [0, 1].</summary>
    public static (double[] X, double[] W) UnitRule(int order) => Rules.GetOrAdd(order, static n =>
    {
        var rule = new GaussLegendreRule(0.0, 1.0, n);
        double[] x = [.. rule.Abscissas];
        double[] w = [.. rule.Weights];
        Array.Sort(x, w);
        return (x, w);
    });

    public static KnotQuadrature Build(ReadOnlySpan<double> knots, ErrorQuadrature rule, IReadOnlyList<double>? singularPoints)
    {
        rule.Validate();
        var (ux, uw) = UnitRule(rule.Order);
        int n = knots.Length - 1;
        int segments = n;
        if (singularPoints is not null)
        {
            foreach (double p in singularPoints)
            {
                for (int i = 0; i < n; i++)
                {
                    if (p > knots[i] && p < knots[i + 1])
                    {
                        segments++;
                    }
                }
            }
        }

        int perSegment = rule.Order * rule.PiecesPerInterval;
        var nodes = new double[segments * perSegment];
        var weights = new double[nodes.Length];
        var start = new int[n + 1];
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            start[i] = at;
            double lo = knots[i], b = knots[i + 1];
            if (singularPoints is not null)
            {
                foreach (double p in singularPoints)
                {
                    if (p > lo && p < b)
                    {
                        at = AddSegment(lo, p, IsSingular(lo, singularPoints), true, rule.PiecesPerInterval, ux, uw, nodes, weights, at);
                        lo = p;
                    }
                }
            }

            bool gradeLeft = IsSingular(lo, singularPoints);
            bool gradeRight = !gradeLeft && IsSingular(b, singularPoints);
            at = AddSegment(lo, b, gradeLeft, gradeRight, rule.PiecesPerInterval, ux, uw, nodes, weights, at);
        }

        start[n] = at;
        return new KnotQuadrature(nodes, weights, start);
    }

    private static bool IsSingular(double x, IReadOnlyList<double>? singularPoints)
    {
        if (singularPoints is null)
        {
            return false;
        }

        foreach (double p in singularPoints)
        {
            if (Math.Abs(x - p) <= 1e-15 * Math.Max(1.0, Math.Abs(p)))
            {
                return true;
            }
        }

        return false;
    }

    private static int AddSegment(double a, double b, bool gradeLeft, bool gradeRight, int pieces, double[] ux, double[] uw, double[] nodes, double[] weights, int at)
    {
        // A segment with both ends singular is graded towards the left end only.
        gradeRight &= !gradeLeft;
        double h = b - a;
        for (int p = 0; p < pieces; p++)
        {
            double t0 = (double)p / pieces, dt = 1.0 / pieces;
            for (int q = 0; q < ux.Length; q++)
            {
                double t = t0 + dt * ux[q];
                double w = dt * uw[q];
                if (gradeLeft)
                {
                    nodes[at] = a + h * t * t * t;
                    weights[at] = w * 3 * h * t * t;
                }
                else if (gradeRight)
                {
                    double s = 1 - t;
                    nodes[at] = b - h * s * s * s;
                    weights[at] = w * 3 * h * s * s;
                }
                else
                {
                    nodes[at] = a + h * t;
                    weights[at] = w * h;
                }

                at++;
            }
        }

        return at;
    }
}
