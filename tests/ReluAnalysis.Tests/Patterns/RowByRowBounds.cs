using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests.Patterns;

/// <summary>
/// Test oracle: the bounds of <see cref="LinearBoundPropagator"/> computed the plain way — forward symbolic intervals one
/// weight at a time, and every back-substitution one row at a time through every neuron of every layer below (the
/// engine's algorithm before it batched the rows and dropped inactive neurons). Same sums in the same order, so the
/// propagator must match it bit for bit (up to the sign of a zero).
/// </summary>
internal sealed class RowByRowBounds
{
    private readonly ReluNetwork _net;
    private readonly int _d;
    private readonly int[] _offsets;
    private double[] _lo = [];
    private double[] _hi = [];

    public RowByRowBounds(ReluNetwork net)
    {
        _net = net;
        _d = net.InputDimension;
        _offsets = new int[net.HiddenLayerCount + 1];
        for (int k = 0; k < net.HiddenLayerCount; k++)
        {
            _offsets[k + 1] = _offsets[k] + net.HiddenSizes[k];
        }

        Lower = new double[net.HiddenNeuronCount];
        Upper = new double[net.HiddenNeuronCount];
    }

    public double[] Lower { get; }

    public double[] Upper { get; }

    private bool Unstable(int q) => Lower[q] < 0 && Upper[q] > 0;

    private double SlopeUp(int q) => Upper[q] <= 0 ? 0 : Lower[q] >= 0 ? 1 : Upper[q] / (Upper[q] - Lower[q]);

    private double InterceptUp(int q) => Unstable(q) ? -SlopeUp(q) * Lower[q] : 0;

    private double SlopeLow(int q) => Upper[q] <= 0 ? 0 : Lower[q] >= 0 ? 1 : Upper[q] > -Lower[q] ? 1 : 0;

    public void Propagate(double[] lo, double[] hi, BoundMethod method)
    {
        _lo = lo;
        _hi = hi;
        int e = _d + 1;
        if (method == BoundMethod.Interval)
        {
            double[] l = (double[])lo.Clone(), u = (double[])hi.Clone();
            for (int k = 0; k < _net.HiddenLayerCount; k++)
            {
                DenseLayer layer = _net.Layers[k];
                var nl = new double[layer.Outputs];
                var nu = new double[layer.Outputs];
                for (int i = 0; i < layer.Outputs; i++)
                {
                    double a = layer.Bias[i], b = a;
                    for (int j = 0; j < layer.Inputs; j++)
                    {
                        double w = layer.Row(i)[j];
                        a += w >= 0 ? w * l[j] : w * u[j];
                        b += w >= 0 ? w * u[j] : w * l[j];
                    }

                    Lower[_offsets[k] + i] = a;
                    Upper[_offsets[k] + i] = b;
                    nl[i] = Math.Max(0, a);
                    nu[i] = Math.Max(0, b);
                }

                (l, u) = (nl, nu);
            }

            return;
        }

        double[][] lh = Enumerable.Range(0, _d).Select(j => { var f = new double[e]; f[j] = 1; return f; }).ToArray();
        double[][] uh = lh.Select(f => (double[])f.Clone()).ToArray();
        for (int k = 0; k < _net.HiddenLayerCount; k++)
        {
            DenseLayer layer = _net.Layers[k];
            int m = layer.Outputs, off = _offsets[k];
            var lz = new double[m][];
            var uz = new double[m][];
            for (int i = 0; i < m; i++)
            {
                lz[i] = new double[e];
                uz[i] = new double[e];
                lz[i][_d] = layer.Bias[i];
                uz[i][_d] = layer.Bias[i];
                for (int j = 0; j < layer.Inputs; j++)
                {
                    double w = layer.Row(i)[j];
                    if (w == 0)
                    {
                        continue;
                    }

                    for (int t = 0; t < e; t++)
                    {
                        lz[i][t] += w * (w > 0 ? lh[j][t] : uh[j][t]);
                        uz[i][t] += w * (w > 0 ? uh[j][t] : lh[j][t]);
                    }
                }

                Lower[off + i] = Concretise(lz[i], minimum: true);
                Upper[off + i] = Concretise(uz[i], minimum: false);
            }

            if (method == BoundMethod.BackSubstitution && k > 0)
            {
                for (int i = 0; i < m; i++)
                {
                    int q = off + i;
                    if (!Unstable(q))
                    {
                        continue;
                    }

                    for (int variant = 0; variant < 2; variant++)
                    {
                        var unit = new double[m];
                        unit[i] = 1;
                        Lower[q] = Math.Max(Lower[q], Concretise(BackSubstitute(k, unit, variant), minimum: true));
                        unit[i] = -1;
                        Upper[q] = Math.Min(Upper[q], -Concretise(BackSubstitute(k, unit, variant), minimum: true));
                    }
                }
            }

            lh = new double[m][];
            uh = new double[m][];
            for (int i = 0; i < m; i++)
            {
                int q = off + i;
                lh[i] = lz[i].Select(v => SlopeLow(q) * v).ToArray();
                uh[i] = uz[i].Select(v => SlopeUp(q) * v).ToArray();
                uh[i][_d] += InterceptUp(q);
                if (Upper[q] <= 0)
                {
                    Array.Clear(lh[i]);
                    Array.Clear(uh[i]);
                }
                else if (Lower[q] >= 0)
                {
                    lh[i] = (double[])lz[i].Clone();
                    uh[i] = (double[])uz[i].Clone();
                }
            }
        }
    }

    /// <summary>The tightest of the four lower-line choices, as <see cref="LinearBoundPropagator.LowerBound(ReadOnlySpan{double}, Span{double}, out double, out int)"/>; returns (minimum, a and b, choice).</summary>
    public (double Min, double[] Ab, int Choice) LowerBound(double[] c)
    {
        bool any = Enumerable.Range(0, Lower.Length).Any(Unstable);
        double[] best = BackSubstitute(_net.Layers.Count - 1, c, 0);
        double min = Concretise(best, minimum: true);
        int choice = 0;
        for (int v = 1; v <= 3 && any; v++)
        {
            double[] alt = BackSubstitute(_net.Layers.Count - 1, c, v);
            double value = Concretise(alt, minimum: true);
            if (value > min)
            {
                (min, best, choice) = (value, alt, v);
            }
        }

        return (min, best, choice);
    }

    /// <summary>a·x + b as (a_0 … a_{d−1}, b).</summary>
    private double[] BackSubstitute(int layer, double[] coef, int lowerSlopes)
    {
        double[] cur = coef;
        double b = 0;
        for (int k = layer; k >= 0; k--)
        {
            DenseLayer l = _net.Layers[k];
            var g = new double[l.Inputs];
            for (int i = 0; i < l.Outputs; i++)
            {
                if (cur[i] == 0)
                {
                    continue;
                }

                b += cur[i] * l.Bias[i];
                for (int j = 0; j < l.Inputs; j++)
                {
                    g[j] += cur[i] * l.Row(i)[j];
                }
            }

            if (k == 0)
            {
                return [.. g, b];
            }

            int off = _offsets[k - 1];
            var next = new double[l.Inputs];
            for (int j = 0; j < l.Inputs; j++)
            {
                int q = off + j;
                if (g[j] >= 0)
                {
                    double slope = lowerSlopes == 0 || !Unstable(q) ? SlopeLow(q) : lowerSlopes switch { 1 => SlopeUp(q), 2 => 0.0, _ => 1.0 };
                    next[j] = g[j] * slope;
                }
                else
                {
                    next[j] = g[j] * SlopeUp(q);
                    b += g[j] * InterceptUp(q);
                }
            }

            cur = next;
        }

        return [.. cur, b];
    }

    private double Concretise(double[] ab, bool minimum)
    {
        double v = ab[_d];
        for (int j = 0; j < _d; j++)
        {
            v += (ab[j] >= 0) == minimum ? ab[j] * _lo[j] : ab[j] * _hi[j];
        }

        return v;
    }
}
