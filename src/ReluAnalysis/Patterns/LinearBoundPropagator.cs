using ReluAnalysis.Kernels;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Patterns;

/// <summary>
/// Sound bounds of a ReLU network over an input box: bounds <c>[l_i, u_i]</c> of every hidden pre-activation
/// (interval arithmetic, forward symbolic intervals, or DeepPoly/CROWN back-substitution, <see cref="BoundMethod"/>),
/// and linear lower bounds <c>a·x + b ≤ c·f(x)</c> on the box for any output functional <c>c</c>, by
/// back-substitution through the ReLU relaxations.
/// </summary>
/// <remarks>
/// <para>Relaxation of an unstable neuron (<c>l &lt; 0 &lt; u</c>) of <c>h = ReLU(z)</c>: upper line
/// <c>h ≤ u (z − l)/(u − l)</c> (the chord), lower line <c>h ≥ λ z</c> with <c>λ = 1</c> when <c>u &gt; −l</c>, else 0
/// (DeepPoly's area rule); <see cref="LowerBound(ReadOnlySpan{double}, Span{double}, out double)"/> also tries <c>λ = u/(u − l)</c>, <c>λ = 0</c> and <c>λ = 1</c> for every unstable neuron and keeps the tightest bound (a cheap stand-in for optimising the slopes). Stable neurons are exact (<c>h = z</c> or <c>h = 0</c>). When no neuron is unstable the
/// linear bound of <see cref="LowerBound(ReadOnlySpan{double}, Span{double}, out double)"/> is the network's affine map on the box (exact).</para>
/// <para>Back-substitution of a row <c>c</c> of layer k: <c>c·z_k = (c W_k)·h_{k−1} + c·b_k</c>; each coefficient
/// <c>g_j</c> of <c>h_{k−1}</c> takes the lower line when <c>g_j ≥ 0</c> and the upper line otherwise; repeat down to
/// the input. Cost per row <c>O(Σ n_k n_{k+1})</c>. The forward symbolic pass costs <c>O((d+1) Σ n_k n_{k+1})</c>.</para>
/// <para>Arithmetic is plain floating point (not outward-rounded): callers compare with a small tolerance. A box side
/// may have <c>lower == upper</c>. Not thread-safe (scratch buffers): use one instance per thread.</para>
/// </remarks>
public sealed class LinearBoundPropagator
{
    private readonly ReluNetwork _net;
    private readonly int _d;
    private readonly int[] _offsets;
    private readonly double[] _lower;      // pre-activation lower bounds, all hidden neurons
    private readonly double[] _upper;
    private readonly double[] _slopeLow;   // lower line slope λ
    private readonly double[] _slopeUp;    // upper line slope
    private readonly double[] _interceptUp; // upper line intercept
    private readonly double[] _boxLo;
    private readonly double[] _boxHi;
    private readonly double[] _lz;
    private readonly double[] _uz;
    private readonly double[] _lh;
    private readonly double[] _uh;
    private readonly double[] _coefA;
    private readonly double[] _coefB;
    private readonly double[] _row;
    private readonly double[] _rowInput;
    private int _unstable;
    private bool _ready;

    /// <summary>Creates a propagator for <paramref name="network"/>.</summary>
    public LinearBoundPropagator(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _net = network;
        _d = network.InputDimension;
        int hidden = network.HiddenNeuronCount;
        _offsets = new int[network.HiddenLayerCount + 1];
        for (int k = 0; k < network.HiddenLayerCount; k++)
        {
            _offsets[k + 1] = _offsets[k] + network.HiddenSizes[k];
        }

        _lower = new double[hidden];
        _upper = new double[hidden];
        _slopeLow = new double[hidden];
        _slopeUp = new double[hidden];
        _interceptUp = new double[hidden];
        _boxLo = new double[_d];
        _boxHi = new double[_d];
        int width = network.MaxWidth;
        _lz = new double[width * (_d + 1)];
        _uz = new double[width * (_d + 1)];
        _lh = new double[width * (_d + 1)];
        _uh = new double[width * (_d + 1)];
        _coefA = new double[width];
        _coefB = new double[width];
        _row = new double[width];
        _rowInput = new double[_d];
    }

    /// <summary>The network.</summary>
    public ReluNetwork Network => _net;

    /// <summary>Lower bounds of every hidden pre-activation (neurons layer by layer) after <see cref="Propagate"/>.</summary>
    public ReadOnlySpan<double> PreActivationLower => _lower;

    /// <summary>Upper bounds of every hidden pre-activation after <see cref="Propagate"/>.</summary>
    public ReadOnlySpan<double> PreActivationUpper => _upper;

    /// <summary>Number of hidden neurons with <c>l &lt; 0 &lt; u</c> after <see cref="Propagate"/>.</summary>
    public int UnstableCount => _unstable;

    /// <summary>Bounds every hidden pre-activation over the box <c>[lower, upper]</c>; returns the number of unstable neurons.</summary>
    /// <param name="lower">Box lower corner, length <c>d</c>.</param>
    /// <param name="upper">Box upper corner, length <c>d</c>, <c>upper ≥ lower</c>.</param>
    /// <param name="method">How to bound; default <see cref="BoundMethod.BackSubstitution"/>.</param>
    /// <exception cref="ArgumentException">Wrong lengths, a bound not finite, or <c>lower &gt; upper</c>.</exception>
    public int Propagate(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, BoundMethod method = BoundMethod.BackSubstitution)
    {
        Guard.Length(lower.Length, _d, nameof(lower));
        Guard.Length(upper.Length, _d, nameof(upper));
        Guard.Finite(lower, nameof(lower));
        Guard.Finite(upper, nameof(upper));
        for (int j = 0; j < _d; j++)
        {
            if (lower[j] > upper[j])
            {
                throw new ArgumentException($"lower[{j}] = {lower[j]} exceeds upper[{j}] = {upper[j]}; expected lower ≤ upper.", nameof(lower));
            }
        }

        lower.CopyTo(_boxLo);
        upper.CopyTo(_boxHi);
        _unstable = 0;
        if (method == BoundMethod.Interval)
        {
            PropagateIntervals();
        }
        else
        {
            PropagateSymbolic(method == BoundMethod.BackSubstitution);
        }

        _ready = true;
        return _unstable;
    }

    /// <summary>
    /// A linear lower bound <c>a·x + b ≤ c·f(x)</c> valid on the box of the last <see cref="Propagate"/>, and its
    /// minimum over the box (the returned value, a lower bound of <c>min c·f</c>).
    /// </summary>
    /// <param name="c">Output functional, length = outputs.</param>
    /// <param name="a">Receives the input coefficients, length <c>d</c>.</param>
    /// <param name="b">Receives the constant.</param>
    /// <exception cref="InvalidOperationException"><see cref="Propagate"/> has not run.</exception>
    public double LowerBound(ReadOnlySpan<double> c, Span<double> a, out double b) => LowerBound(c, a, out b, out _);

    /// <summary>
    /// As <see cref="LowerBound(ReadOnlySpan{double}, Span{double}, out double)"/>, and reports which choice of the
    /// unstable neurons' lower lines gave the returned bound: 0 DeepPoly's area rule, 1 the chord's slope
    /// <c>u/(u − l)</c>, 2 slope 0, 3 slope 1 (the hint a proof checker replays).
    /// </summary>
    /// <param name="c">Output functional, length = outputs.</param>
    /// <param name="a">Receives the input coefficients, length <c>d</c>.</param>
    /// <param name="b">Receives the constant.</param>
    /// <param name="lowerSlopes">Receives the lower-line choice 0–3.</param>
    /// <exception cref="InvalidOperationException"><see cref="Propagate"/> has not run.</exception>
    public double LowerBound(ReadOnlySpan<double> c, Span<double> a, out double b, out int lowerSlopes)
    {
        if (!_ready)
        {
            throw new InvalidOperationException("Propagate must run before LowerBound.");
        }

        Guard.Length(c.Length, _net.OutputDimension, nameof(c));
        Guard.Length(a.Length, _d, nameof(a));
        Guard.Finite(c, nameof(c));
        // Four choices of the lower lines of unstable neurons (DeepPoly's rule, the chord's slope, 0, 1); keep the tightest.
        b = BackSubstitute(_net.Layers.Count - 1, c, a);
        double best = Concretise(a, b, minimum: true);
        lowerSlopes = 0;
        for (int variant = 1; variant <= 3 && _unstable > 0; variant++)
        {
            Span<double> alt = _rowInput;
            double b2 = BackSubstitute(_net.Layers.Count - 1, c, alt, variant);
            double v2 = Concretise(alt, b2, minimum: true);
            if (v2 > best)
            {
                best = v2;
                b = b2;
                lowerSlopes = variant;
                alt.CopyTo(a);
            }
        }

        return best;
    }

    /// <summary>The minimum (or maximum) of <c>a·x + b</c> over the current box.</summary>
    private double Concretise(ReadOnlySpan<double> a, double b, bool minimum)
    {
        double v = b;
        for (int j = 0; j < _d; j++)
        {
            double aj = a[j];
            v += (aj >= 0) == minimum ? aj * _boxLo[j] : aj * _boxHi[j];
        }

        return v;
    }

    private void PropagateIntervals()
    {
        int width = _net.MaxWidth;
        Span<double> lo = _lh.AsSpan(0, width);
        Span<double> hi = _uh.AsSpan(0, width);
        _boxLo.CopyTo(lo);
        _boxHi.CopyTo(hi);
        int n = _d;
        for (int k = 0; k < _net.HiddenLayerCount; k++)
        {
            DenseLayer layer = _net.Layers[k];
            int off = _offsets[k];
            for (int i = 0; i < layer.Outputs; i++)
            {
                ReadOnlySpan<double> w = layer.Row(i);
                double l = layer.Bias[i], u = l;
                for (int j = 0; j < n; j++)
                {
                    double wij = w[j];
                    if (wij >= 0)
                    {
                        l += wij * lo[j];
                        u += wij * hi[j];
                    }
                    else
                    {
                        l += wij * hi[j];
                        u += wij * lo[j];
                    }
                }

                _lower[off + i] = l;
                _upper[off + i] = u;
            }

            for (int i = 0; i < layer.Outputs; i++)
            {
                Relax(off + i);
                lo[i] = Math.Max(0, _lower[off + i]);
                hi[i] = Math.Max(0, _upper[off + i]);
            }

            n = layer.Outputs;
        }
    }

    /// <summary>Sets the relaxation lines of neuron <paramref name="g"/> from its bounds; counts it when unstable.</summary>
    private void Relax(int g)
    {
        double l = _lower[g], u = _upper[g];
        if (u <= 0)
        {
            _slopeLow[g] = 0;
            _slopeUp[g] = 0;
            _interceptUp[g] = 0;
        }
        else if (l >= 0)
        {
            _slopeLow[g] = 1;
            _slopeUp[g] = 1;
            _interceptUp[g] = 0;
        }
        else
        {
            _unstable++;
            double s = u / (u - l);
            _slopeUp[g] = s;
            _interceptUp[g] = -s * l;
            _slopeLow[g] = u > -l ? 1.0 : 0.0;
        }
    }

    private void PropagateSymbolic(bool refine)
    {
        int e = _d + 1;

        // Post-activation symbolic bounds of the input layer: h = x.
        int n = _d;
        Array.Clear(_lh, 0, n * e);
        for (int j = 0; j < _d; j++)
        {
            _lh[j * e + j] = 1.0;
        }

        Array.Copy(_lh, _uh, n * e);
        for (int k = 0; k < _net.HiddenLayerCount; k++)
        {
            DenseLayer layer = _net.Layers[k];
            int m = layer.Outputs;
            int off = _offsets[k];

            // z = W h + b with the lower (upper) function taking h's lower (upper) function for positive weights.
            for (int i = 0; i < m; i++)
            {
                Span<double> lz = _lz.AsSpan(i * e, e);
                Span<double> uz = _uz.AsSpan(i * e, e);
                lz.Clear();
                uz.Clear();
                lz[_d] = layer.Bias[i];
                uz[_d] = layer.Bias[i];
                ReadOnlySpan<double> w = layer.Row(i);
                for (int j = 0; j < n; j++)
                {
                    double wij = w[j];
                    if (wij == 0)
                    {
                        continue;
                    }

                    ReadOnlySpan<double> lhj = _lh.AsSpan(j * e, e);
                    ReadOnlySpan<double> uhj = _uh.AsSpan(j * e, e);
                    if (wij > 0)
                    {
                        Axpy.Compute(wij, lhj, lz);
                        Axpy.Compute(wij, uhj, uz);
                    }
                    else
                    {
                        Axpy.Compute(wij, uhj, lz);
                        Axpy.Compute(wij, lhj, uz);
                    }
                }

                _lower[off + i] = Concretise(lz[.._d], lz[_d], minimum: true);
                _upper[off + i] = Concretise(uz[.._d], uz[_d], minimum: false);
            }

            if (refine && k > 0)
            {
                // Back-substitute the rows still unstable; the first layer's symbolic bounds are already exact.
                Span<double> a = _rowInput;
                for (int i = 0; i < m; i++)
                {
                    int g = off + i;
                    if (_lower[g] >= 0 || _upper[g] <= 0)
                    {
                        continue;
                    }

                    Span<double> unit = _row.AsSpan(0, m);
                    unit.Clear();
                    unit[i] = 1.0;
                    for (int variant = 0; variant < 2; variant++)
                    {
                        // DeepPoly's lower lines, then the chord's slopes; each is sound, keep the tighter.
                        unit[i] = 1.0;
                        double b = BackSubstitute(k, unit, a, variant);
                        _lower[g] = Math.Max(_lower[g], Concretise(a, b, minimum: true));
                        unit[i] = -1.0;
                        b = BackSubstitute(k, unit, a, variant);
                        _upper[g] = Math.Min(_upper[g], -Concretise(a, b, minimum: true));
                    }
                }
            }

            for (int i = 0; i < m; i++)
            {
                int g = off + i;
                Relax(g);
                Span<double> lh = _lh.AsSpan(i * e, e);
                Span<double> uh = _uh.AsSpan(i * e, e);
                ReadOnlySpan<double> lz = _lz.AsSpan(i * e, e);
                ReadOnlySpan<double> uz = _uz.AsSpan(i * e, e);
                if (_upper[g] <= 0)
                {
                    lh.Clear();
                    uh.Clear();
                }
                else if (_lower[g] >= 0)
                {
                    lz.CopyTo(lh);
                    uz.CopyTo(uh);
                }
                else
                {
                    // h ≥ λ z ≥ λ L_z (λ ≥ 0); h ≤ s (z − l) ≤ s (U_z − l) (the chord is increasing).
                    double lambda = _slopeLow[g];
                    for (int t = 0; t < e; t++)
                    {
                        lh[t] = lambda * lz[t];
                        uh[t] = _slopeUp[g] * uz[t];
                    }

                    uh[_d] += _interceptUp[g];
                }
            }

            n = m;
        }
    }

    /// <summary>
    /// Lower bound of <c>coef·z_layer</c> as <c>a·x + b</c> (returns b), through the relaxations of the hidden layers
    /// below <paramref name="layer"/>. <paramref name="layer"/> is a layer index (the output layer is the last).
    /// </summary>
    private double BackSubstitute(int layer, ReadOnlySpan<double> coef, Span<double> a, int lowerSlopes = 0)
    {
        Span<double> cur = _coefA.AsSpan(0, coef.Length);
        coef.CopyTo(cur);
        double b = 0;
        for (int k = layer; k >= 0; k--)
        {
            DenseLayer l = _net.Layers[k];
            int rows = l.Outputs, cols = l.Inputs;
            ReadOnlySpan<double> bias = l.Bias;
            ReadOnlySpan<double> w = l.Weights;
            Span<double> g = k == 0 ? a : _coefB.AsSpan(0, cols);
            g.Clear();
            for (int i = 0; i < rows; i++)
            {
                double ci = cur[i];
                if (ci == 0)
                {
                    continue;
                }

                b += ci * bias[i];
                Axpy.Compute(ci, w.Slice(i * cols, cols), g);
            }

            if (k == 0)
            {
                return b;
            }

            // g is the coefficient of h_{k-1}; replace h by its relaxation in terms of z_{k-1}.
            int off = _offsets[k - 1];
            Span<double> next = _coefA.AsSpan(0, cols);
            for (int j = 0; j < cols; j++)
            {
                double gj = g[j];
                int q = off + j;
                if (gj >= 0)
                {
                    // Any slope in [0, 1] is a valid lower line of an unstable ReLU; the chord's slope is one.
                    double slope = _slopeLow[q];
                    if (lowerSlopes != 0 && _lower[q] < 0 && _upper[q] > 0)
                    {
                        slope = lowerSlopes switch { 1 => _slopeUp[q], 2 => 0.0, _ => 1.0 };
                    }

                    next[j] = gj * slope;
                }
                else
                {
                    next[j] = gj * _slopeUp[q];
                    b += gj * _interceptUp[q];
                }
            }

            cur = next;
        }

        return b;
    }
}
