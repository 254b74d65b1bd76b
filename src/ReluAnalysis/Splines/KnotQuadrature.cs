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
        var start = new int[n + 1];
        var nodes = new List<double>(n * rule.Order * rule.PiecesPerInterval);
        var weights = new List<double>(nodes.Capacity);
        var parts = new List<double>(4);
        for (int i = 0; i < n; i++)
        {
            start[i] = nodes.Count;
            double a = knots[i], b = knots[i + 1];
            parts.Clear();
            parts.Add(a);
            if (singularPoints is not null)
            {
                foreach (double p in singularPoints)
                {
                    if (p > a && p < b)
                    {
                        parts.Add(p);
                    }
                }
            }

            parts.Add(b);
            for (int s = 0; s + 1 < parts.Count; s++)
            {
                double lo = parts[s], hi = parts[s + 1];
                bool gradeLeft = IsSingular(lo, singularPoints);
                bool gradeRight = !gradeLeft && IsSingular(hi, singularPoints);
                AddSegment(lo, hi, gradeLeft, gradeRight, rule.PiecesPerInterval, ux, uw, nodes, weights);
            }
        }

        start[n] = nodes.Count;
        return new KnotQuadrature([.. nodes], [.. weights], start);
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

    private static void AddSegment(double a, double b, bool gradeLeft, bool gradeRight, int pieces, double[] ux, double[] uw, List<double> nodes, List<double> weights)
    {
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
                    nodes.Add(a + h * t * t * t);
                    weights.Add(w * 3 * h * t * t);
                }
                else if (gradeRight)
                {
                    double s = 1 - t;
                    nodes.Add(b - h * s * s * s);
                    weights.Add(w * 3 * h * s * s);
                }
                else
                {
                    nodes.Add(a + h * t);
                    weights.Add(w * h);
                }
            }
        }
    }
}
