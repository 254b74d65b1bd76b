using ReluAnalysis.Patterns;

namespace ReluAnalysis.Splines;

/// <summary>
/// Loss and exact gradient of a univariate shallow ReLU network <c>y = Σ c_i ReLU(a_i x + b_i) + d</c> on sorted weighted
/// points, in O(P + W log P) instead of O(P·W): each neuron is active on a prefix or suffix of the sorted points, so its
/// contribution enters through difference arrays and its gradient through suffix sums of the weighted residual.
/// </summary>
/// <remarks>
/// Loss <c>Σ_p ω_p (y(x_p) − u_p)²</c>. Active means <c>a_i x + b_i &gt; 0</c>, decided by <see cref="SignRule.ActiveRange"/> (the engine's sign rule: a point on the
/// breakpoint is inactive, <c>ReLU'(0) = 0</c>). Gradients: <c>∂/∂c_i = a_i S1_i + b_i S0_i</c>, <c>∂/∂a_i = c_i S1_i</c>,
/// <c>∂/∂b_i = c_i S0_i</c>, <c>∂/∂d = S0</c>, with <c>S0_i = Σ_active 2ω r</c>, <c>S1_i = Σ_active 2ω r x</c>.
/// </remarks>
internal sealed class ShallowReluKernel
{
    private double[] _slope = [];
    private double[] _inter = [];
    private double[] _s0 = [];
    private double[] _s1 = [];
    private int[] _pos = [];

    /// <summary>Values at the points (after <see cref="LossAndGradient"/>).</summary>
    public double[] Outputs { get; private set; } = [];

    public double LossAndGradient(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, double d,
        ReadOnlySpan<double> x, ReadOnlySpan<double> weights, ReadOnlySpan<double> u,
        Span<double> ga, Span<double> gb, Span<double> gc, out double gd)
    {
        int w = a.Length, p = x.Length;
        Ensure(w, p);
        Array.Clear(_slope, 0, p + 1);
        Array.Clear(_inter, 0, p + 1);
        double baseInter = d;
        for (int i = 0; i < w; i++)
        {
            double ai = a[i], bi = b[i], ci = c[i];
            if (ai == 0)
            {
                if (SignRule.IsActive(bi))
                {
                    baseInter += ci * bi;
                }

                _pos[i] = -1;
                continue;
            }

            var (start, end) = SignRule.ActiveRange(ai, bi, x);
            if (ai > 0)
            {
                // Active on the suffix [start, p).
                _pos[i] = start;
                _slope[start] += ci * ai;
                _inter[start] += ci * bi;
            }
            else
            {
                // Active on the prefix [0, end).
                _pos[i] = end;
                _slope[0] += ci * ai;
                _inter[0] += ci * bi;
                _slope[end] -= ci * ai;
                _inter[end] -= ci * bi;
            }
        }

        double loss = 0, slope = 0, inter = baseInter;
        double[] outputs = Outputs;
        for (int q = 0; q < p; q++)
        {
            slope += _slope[q];
            inter += _inter[q];
            double y = slope * x[q] + inter;
            outputs[q] = y;
            double r = y - u[q];
            loss += weights[q] * r * r;
        }

        _s0[p] = 0;
        _s1[p] = 0;
        for (int q = p - 1; q >= 0; q--)
        {
            double g = 2 * weights[q] * (outputs[q] - u[q]);
            _s0[q] = _s0[q + 1] + g;
            _s1[q] = _s1[q + 1] + g * x[q];
        }

        double s0 = _s0[0], s1 = _s1[0];
        for (int i = 0; i < w; i++)
        {
            double ai = a[i], bi = b[i], ci = c[i];
            double a0, a1;
            int pos = _pos[i];
            if (pos < 0)
            {
                (a0, a1) = SignRule.IsActive(bi) ? (s0, s1) : (0.0, 0.0);
            }
            else if (ai > 0)
            {
                (a0, a1) = (_s0[pos], _s1[pos]);
            }
            else
            {
                (a0, a1) = (s0 - _s0[pos], s1 - _s1[pos]);
            }

            gc[i] = ai * a1 + bi * a0;
            ga[i] = ci * a1;
            gb[i] = ci * a0;
        }

        gd = s0;
        return loss;
    }

    private void Ensure(int w, int p)
    {
        if (_pos.Length < w)
        {
            _pos = new int[w];
        }

        if (_slope.Length < p + 1)
        {
            _slope = new double[p + 1];
            _inter = new double[p + 1];
            _s0 = new double[p + 1];
            _s1 = new double[p + 1];
        }

        if (Outputs.Length != p)
        {
            Outputs = new double[p];
        }
    }
}
