using System.Numerics;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Proofs;

/// <summary>
/// Sound lower bounds of linear output functionals of a ReLU network over an input box, in floating point with every
/// rounding directed outward: the checker's own re-derivation of the verifier's DeepPoly/CROWN bounds. Only the
/// weights (each double the exact rational it is) and the box are trusted; the relaxation choice is a hint.
/// </summary>
/// <remarks>
/// <para><b>Why this is a forward pass outside the engine.</b> The library keeps every forward pass and affine
/// composition in <c>ReluAnalysis.Patterns</c>; the proof checker is the one exception by design: it must not share the
/// verifier's arithmetic, so it re-derives every bound here with its own rounding discipline.</para>
/// <para><b>Rounding.</b> For doubles <c>a, b</c> the computed <c>y = fl(a ∘ b)</c> (round to nearest) satisfies
/// <c>BitDecrement(y) ≤ a ∘ b ≤ BitIncrement(y)</c>, also across binade boundaries, for subnormal results and at 0.
/// <see cref="Dn"/><c>(y) = fl(fl(y − fl(|y|·2⁻⁵²)) − 2⁻¹⁰⁷⁴)</c> is ≤ <c>BitDecrement(y)</c>: <c>t = fl(|y|·2⁻⁵²)</c> is at
/// least the spacing of the doubles at <c>y</c> (exact scaling by a power of two, or the rounding of a value ≥ that
/// spacing, itself a double), so the exact <c>y − t</c> lies at or below the double next to <c>y</c> and rounding, being
/// monotone, stays there; subtracting 2⁻¹⁰⁷⁴ covers <c>y = 0</c> and subnormal <c>y</c> and never increases the value.
/// <see cref="Up"/> is symmetric. Both are applied to every product and every partial sum, so each computed "lower"
/// quantity is ≤ the exact real it bounds (a fused multiply-add, should the JIT form one, only makes a step exact before
/// the same outward nudge). Overflow gives ±∞ and ∞ − ∞ gives NaN; a bound is accepted only when it is finite and
/// &gt; 0, so neither can make a false claim pass.</para>
/// <para><b>Coordinates.</b> The box is shifted to <c>ξ = x − l ∈ [0, w]</c> with <c>w = Up(u − l)</c> (0 for a fixed
/// side); the first layer becomes <c>z = W ξ + b'</c> with the exact <c>b' = b + W l</c> enclosed in
/// <c>[b'_lo, b'_hi]</c>. Because <c>ξ ≥ 0</c> and every post-activation <c>h ≥ 0</c>, a coefficient may always be replaced
/// by a smaller one in a lower bound: <c>Σ g_j h_j ≥ Σ g̃_j h_j</c> whenever <c>g̃_j ≤ g_j</c>. So only lower-rounded
/// coefficients are kept (upper-rounded ones for upper functions) and no interval coefficient is ever needed.</para>
/// <para><b>Forward symbolic pass</b> (as the verifier's): per neuron a lower and an upper function of <c>ξ</c>,
/// <c>Lz = Σ_j W_ij (W_ij ≥ 0 ? Lh_j : Uh_j) + b_i</c> (coefficients rounded down; up for <c>Uz</c>), concretised over
/// <c>[0, w]</c>. <b>Refinement</b> of unstable neurons of layers ≥ 2 by back-substitution with two lower-line
/// choices, as the verifier.</para>
/// <para><b>Relaxation</b> of a neuron with sound bounds <c>l &lt; 0 &lt; u</c>: upper line <c>h ≤ σ z + τ</c> with
/// <c>σ = fl(u/(u − l))</c> clamped to [0, 1] (any slope) and <c>τ = max(Up(σ·(−l)), Up(u·Up(1 − σ)))</c>, so the line is
/// above ReLU at <c>l</c> and <c>u</c>, hence (ReLU convex) on <c>[l, u]</c>; lower line <c>h ≥ μ z</c> for any
/// <c>μ ∈ [0, 1]</c>, valid for every <c>z</c>. <b>Back-substitution</b> of <c>F ≥ Σ c_i z_i + β</c> through
/// <c>z = W h + b</c>: <c>β += Σ c_i b_i</c> (rounded down), <c>g_j = Σ_i c_i W_ij</c> rounded down (valid as
/// <c>h_j ≥ 0</c>); then per neuron: <c>u ≤ 0</c>: <c>h = 0</c>; <c>l ≥ 0</c>: <c>h = z</c>, coefficient <c>g_j</c>;
/// <c>g_j ≥ 0</c>: coefficient <c>c̃ = min(g_j, max(0, fl(g_j μ)))</c>, which is <c>g_j μ'</c> for a <c>μ' ∈ [0, 1]</c>, so exact;
/// <c>g_j &lt; 0</c>: coefficient <c>c̃ = fl(g_j σ)</c>, <c>β += Dn(g_j τ) − Up(δ M)</c> with <c>δ = Up(Up(c̃) − Dn(c̃)) ≥ |g_j σ − c̃|</c>
/// and <c>M = max(−l, u) ≥ |z_j|</c>. At the input, <c>min over ξ ∈ [0, w] of Σ g_j ξ_j = Σ_{g_j &lt; 0} g_j w_j</c>, rounded down.</para>
/// <para>Cost per box: forward <c>O((d+1) Σ n_k n_{k+1})</c>, one back-substitution per unstable neuron and bound
/// (<c>O(Σ n_k n_{k+1})</c> each). Not thread-safe: one instance per thread.</para>
/// </remarks>
internal sealed class OutwardBounds
{
    private const double UlpFactor = 1.0 / (1L << 52); // 2⁻⁵², exact

    private readonly ReluNetwork _net;
    private readonly int _d;
    private readonly Patterns.PatternLayout _layout;
    private readonly double[] _lo;
    private readonly double[] _hi;
    private readonly double[] _sigma;
    private readonly double[] _tau;
    private readonly double[] _width;
    private readonly double[] _boxLo;
    private readonly double[] _boxHi;
    private readonly double[] _bias0Lo;
    private readonly double[] _bias0Hi;
    private readonly double[] _lh;
    private readonly double[] _uh;
    private readonly double[] _lz;
    private readonly double[] _uz;
    private readonly double[] _cur;
    private readonly double[] _next;
    private readonly double[] _unitLo;
    private readonly double[] _unitHi;

    public OutwardBounds(ReluNetwork network)
    {
        _net = network;
        _d = network.InputDimension;
        int hidden = network.HiddenNeuronCount;
        _layout = network.PatternLayout;
        _lo = new double[hidden];
        _hi = new double[hidden];
        _sigma = new double[hidden];
        _tau = new double[hidden];
        _width = new double[_d];
        _boxLo = new double[_d];
        _boxHi = new double[_d];
        int width = network.MaxWidth;
        _bias0Lo = new double[network.Layers[0].Outputs];
        _bias0Hi = new double[network.Layers[0].Outputs];
        _lh = new double[width * (_d + 1)];
        _uh = new double[width * (_d + 1)];
        _lz = new double[width * (_d + 1)];
        _uz = new double[width * (_d + 1)];
        _cur = new double[width];
        _next = new double[width];
        _unitLo = new double[width];
        _unitHi = new double[width];
    }

    /// <summary>Sound lower bounds of the hidden pre-activations after <see cref="Propagate"/>.</summary>
    public ReadOnlySpan<double> Lower => _lo;

    /// <summary>Sound upper bounds of the hidden pre-activations after <see cref="Propagate"/>.</summary>
    public ReadOnlySpan<double> Upper => _hi;

    /// <summary>Whether every hidden neuron has a constant phase on the box (<c>l ≥ 0</c> or <c>u ≤ 0</c>): the network is affine there.</summary>
    public bool Affine { get; private set; }

    /// <summary>The box of the last <see cref="Propagate"/>.</summary>
    public ReadOnlySpan<double> BoxLower => _boxLo;

    /// <summary>The box of the last <see cref="Propagate"/>.</summary>
    public ReadOnlySpan<double> BoxUpper => _boxHi;

    /// <summary>A lower bound of the exact real <c>a·b</c>.</summary>
    public static double MulDn(double a, double b) => Dn(a * b);

    /// <summary>An upper bound of the exact real <c>a·b</c>.</summary>
    public static double MulUp(double a, double b) => Up(a * b);

    /// <summary>
    /// A double ≤ <c>BitDecrement(x)</c>, hence a lower bound of any exact real that rounded to <paramref name="x"/>:
    /// <c>x − |x|·2⁻⁵² − 2⁻¹⁰⁷⁴</c> evaluated in floating point (see the class remarks). Branch-free, so it vectorises.
    /// </summary>
    public static double Dn(double x) => x - (Math.Abs(x) * UlpFactor) - double.Epsilon;

    /// <summary>A double ≥ <c>BitIncrement(x)</c>: <c>x + |x|·2⁻⁵² + 2⁻¹⁰⁷⁴</c> evaluated in floating point.</summary>
    public static double Up(double x) => x + (Math.Abs(x) * UlpFactor) + double.Epsilon;

    /// <summary><c>g_j ← Dn(g_j + Dn(c·x_j))</c> for every j: a lower bound of <c>g + c x</c> accumulated outward, in vectors.</summary>
    private static void AxpyDown(double c, ReadOnlySpan<double> x, Span<double> g)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vc = new Vector<double>(c);
            var ulp = new Vector<double>(UlpFactor);
            var eta = new Vector<double>(double.Epsilon);
            for (; j <= x.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                Vector<double> p = vc * new Vector<double>(x.Slice(j));
                p = p - (Vector.Abs(p) * ulp) - eta;
                Vector<double> sum = new Vector<double>(g.Slice(j)) + p;
                sum = sum - (Vector.Abs(sum) * ulp) - eta;
                sum.CopyTo(g.Slice(j));
            }
        }

        for (; j < x.Length; j++)
        {
            g[j] = Dn(g[j] + Dn(c * x[j]));
        }
    }

    /// <summary>Bounds every hidden neuron over the box <c>[lower, upper]</c> (lengths d, lower ≤ upper, finite).</summary>
    public void Propagate(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        int d = _d, e = d + 1;
        lower.CopyTo(_boxLo);
        upper.CopyTo(_boxHi);
        for (int j = 0; j < d; j++)
        {
            _width[j] = upper[j] == lower[j] ? 0 : Up(upper[j] - lower[j]);
        }

        bool affine = true;
        for (int k = 0; k < _net.HiddenLayerCount; k++)
        {
            DenseLayer layer = _net.Layers[k];
            int m = layer.Outputs, n = layer.Inputs, off = _layout.NeuronOffset(k);
            ReadOnlySpan<double> w = layer.Weights;
            ReadOnlySpan<double> bias = layer.Bias;
            for (int i = 0; i < m; i++)
            {
                Span<double> lz = _lz.AsSpan(i * e, e);
                Span<double> uz = _uz.AsSpan(i * e, e);
                ReadOnlySpan<double> row = w.Slice(i * n, n);
                if (k == 0)
                {
                    // z = W ξ + b', b' = b + W l enclosed outward; the coefficients are exact.
                    double blo = bias[i], bhi = bias[i];
                    for (int j = 0; j < n; j++)
                    {
                        double p = row[j] * lower[j];
                        blo = Dn(blo + Dn(p));
                        bhi = Up(bhi + Up(p));
                    }

                    _bias0Lo[i] = blo;
                    _bias0Hi[i] = bhi;
                    row.CopyTo(lz);
                    row.CopyTo(uz);
                    lz[d] = blo;
                    uz[d] = bhi;
                }
                else
                {
                    lz.Clear();
                    uz.Clear();
                    lz[d] = bias[i];
                    uz[d] = bias[i];
                    int prev = _layout.NeuronOffset(k - 1);
                    for (int j = 0; j < n; j++)
                    {
                        double wij = row[j];
                        if (wij == 0 || _hi[prev + j] <= 0)
                        {
                            continue;
                        }

                        ReadOnlySpan<double> forLower = (wij > 0 ? _lh : _uh).AsSpan(j * e, e);
                        ReadOnlySpan<double> forUpper = (wij > 0 ? _uh : _lh).AsSpan(j * e, e);
                        for (int t = 0; t < e; t++)
                        {
                            double pl = wij * forLower[t];
                            lz[t] = Dn(lz[t] + Dn(pl));
                            double pu = wij * forUpper[t];
                            uz[t] = Up(uz[t] + Up(pu));
                        }
                    }
                }

                _lo[off + i] = MinOver(lz);
                _hi[off + i] = MaxOver(uz);
            }

            if (k > 0)
            {
                // Refine the unstable neurons by back-substitution (two lower-line choices, as the verifier).
                for (int i = 0; i < m; i++)
                {
                    int g = off + i;
                    if (!(_lo[g] < 0 && _hi[g] > 0))
                    {
                        continue;
                    }

                    Span<double> unitLo = _unitLo.AsSpan(0, m);
                    Span<double> unitHi = _unitHi.AsSpan(0, m);
                    unitLo.Clear();
                    unitHi.Clear();
                    for (int variant = 0; variant < 2; variant++)
                    {
                        unitLo[i] = 1.0;
                        unitHi[i] = 1.0;
                        _lo[g] = Math.Max(_lo[g], BackSubstitute(k, unitLo, unitHi, variant));
                        unitLo[i] = -1.0;
                        unitHi[i] = -1.0;
                        _hi[g] = Math.Min(_hi[g], -BackSubstitute(k, unitLo, unitHi, variant));
                    }
                }
            }

            // Post-activation functions and relaxation lines from the final bounds of this layer.
            for (int i = 0; i < m; i++)
            {
                int g = off + i;
                double l = _lo[g], u = _hi[g];
                Span<double> lh = _lh.AsSpan(i * e, e);
                Span<double> uh = _uh.AsSpan(i * e, e);
                ReadOnlySpan<double> lz = _lz.AsSpan(i * e, e);
                ReadOnlySpan<double> uz = _uz.AsSpan(i * e, e);
                if (u <= 0)
                {
                    lh.Clear();
                    uh.Clear();
                    _sigma[g] = 0;
                    _tau[g] = 0;
                }
                else if (l >= 0)
                {
                    lz.CopyTo(lh);
                    uz.CopyTo(uh);
                    _sigma[g] = 1;
                    _tau[g] = 0;
                }
                else
                {
                    // NaN bounds land here too and stay NaN: such a box is never accepted.
                    affine = false;
                    double sigma = Math.Clamp(u / (u - l), 0.0, 1.0);
                    double tau = Math.Max(Up(sigma * -l), Up(u * Up(1.0 - sigma)));
                    _sigma[g] = sigma;
                    _tau[g] = tau;
                    if (u > -l)
                    {
                        lz.CopyTo(lh);
                    }
                    else
                    {
                        lh.Clear();
                    }

                    for (int t = 0; t < d; t++)
                    {
                        uh[t] = Up(sigma * uz[t]);
                    }

                    uh[d] = Up(Up(sigma * uz[d]) + tau);
                }
            }
        }

        Affine = affine;
    }

    /// <summary>
    /// A sound lower bound of <c>min over the box of Σ_o c_o f_o(x)</c> for any exact <c>c_o ∈ [cLo_o, cHi_o]</c>
    /// (f the network's output), with lower-line choice <paramref name="lowerSlopes"/> (0–3; any is sound).
    /// </summary>
    public double OutputLowerBound(ReadOnlySpan<double> cLo, ReadOnlySpan<double> cHi, int lowerSlopes) =>
        BackSubstitute(_net.Layers.Count - 1, cLo, cHi, lowerSlopes);

    /// <summary>Lower bound of <c>Σ c_i z_{layer,i}</c> with <c>c_i ∈ [cLo_i, cHi_i]</c> over the box (layer = layer index; the output layer is the last).</summary>
    private double BackSubstitute(int layerIndex, ReadOnlySpan<double> cLo, ReadOnlySpan<double> cHi, int lowerSlopes)
    {
        double beta = 0;
        ReadOnlySpan<double> lo = cLo, hi = cHi;
        for (int k = layerIndex; k >= 0; k--)
        {
            DenseLayer layer = _net.Layers[k];
            int rows = layer.Outputs, cols = layer.Inputs;
            ReadOnlySpan<double> w = layer.Weights;
            ReadOnlySpan<double> bias = k == 0 ? default : layer.Bias;
            Span<double> g = (lo == _cur.AsSpan(0, rows) ? _next : _cur).AsSpan(0, cols);
            g.Clear();
            for (int i = 0; i < rows; i++)
            {
                double ci = lo[i], di = hi[i];
                if (ci == 0 && di == 0)
                {
                    continue;
                }

                // Σ c_i b_i ≥ Σ (b ≥ 0 ? c_lo b : c_hi b); at the first layer b' ∈ [b'_lo, b'_hi] as well.
                double bterm = k == 0
                    ? Math.Min(Math.Min(ci * _bias0Lo[i], ci * _bias0Hi[i]), Math.Min(di * _bias0Lo[i], di * _bias0Hi[i]))
                    : bias[i] >= 0 ? ci * bias[i] : di * bias[i];
                beta = Dn(beta + Dn(bterm));
                ReadOnlySpan<double> row = w.Slice(i * cols, cols);
                if (ci == di)
                {
                    AxpyDown(ci, row, g);
                }
                else
                {
                    for (int j = 0; j < cols; j++)
                    {
                        double wij = row[j];
                        g[j] = Dn(g[j] + Dn((wij >= 0 ? ci : di) * wij));
                    }
                }
            }

            if (k == 0)
            {
                // ξ ∈ [0, w]: min of g_j ξ_j is g_j w_j for g_j < 0, else 0.
                for (int j = 0; j < cols; j++)
                {
                    if (g[j] < 0)
                    {
                        beta = Dn(beta + Dn(g[j] * _width[j]));
                    }
                    else if (!(g[j] >= 0))
                    {
                        return double.NaN;
                    }
                }

                return beta;
            }

            // Replace h_j (≥ 0) of hidden layer k−1 by its relaxation in z_j; the new coefficients are exact doubles.
            int off = _layout.NeuronOffset(k - 1);
            for (int j = 0; j < cols; j++)
            {
                int q = off + j;
                double gj = g[j], l = _lo[q], u = _hi[q];
                if (u <= 0)
                {
                    g[j] = 0;
                }
                else if (l >= 0)
                {
                    // h = z: keep g_j.
                }
                else if (gj >= 0)
                {
                    double mu = lowerSlopes switch { 0 => u > -l ? 1.0 : 0.0, 1 => _sigma[q], 2 => 0.0, _ => 1.0 };
                    g[j] = Math.Min(gj, Math.Max(0.0, gj * mu));
                }
                else
                {
                    double c = gj * _sigma[q];
                    double delta = Up(Up(c) - Dn(c));
                    double magnitude = Math.Max(-l, u);
                    beta = Dn(beta + Dn(gj * _tau[q]));
                    beta = Dn(beta - Up(delta * magnitude));
                    g[j] = c;
                }
            }

            lo = g;
            hi = g;
        }

        return beta;
    }

    /// <summary>Lower bound of <c>min over ξ ∈ [0, w] of a·ξ + a_d</c>.</summary>
    private double MinOver(ReadOnlySpan<double> f)
    {
        double v = f[_d];
        for (int t = 0; t < _d; t++)
        {
            if (f[t] < 0)
            {
                v = Dn(v + Dn(f[t] * _width[t]));
            }
        }

        return v;
    }

    /// <summary>Upper bound of <c>max over ξ ∈ [0, w] of a·ξ + a_d</c>.</summary>
    private double MaxOver(ReadOnlySpan<double> f)
    {
        double v = f[_d];
        for (int t = 0; t < _d; t++)
        {
            if (f[t] > 0)
            {
                v = Up(v + Up(f[t] * _width[t]));
            }
        }

        return v;
    }
}
