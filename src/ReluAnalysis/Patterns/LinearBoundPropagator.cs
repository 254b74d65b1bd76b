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
/// the input. Cost per row <c>O(Σ n_k n_{k+1})</c>, counted over active neurons only (<c>u &gt; 0</c>: an inactive
/// neuron's lines are both 0, so it drops out). The forward symbolic pass costs <c>O((d+1) Σ n_k n_{k+1})</c>.</para>
/// <para>Rows are back-substituted together (all unstable neurons of a layer; all functionals and lower-line choices
/// of <see cref="LowerBounds"/>) as matrix products over weights packed to the active neurons
/// (<see cref="Kernels.MatrixProduct"/>), the forward pass by <see cref="Kernels.SymbolicStep"/>. Each row's sums are
/// accumulated in the same order as a back-substitution of that row alone, so the results do not depend on the
/// batching: the same doubles (up to the sign of a zero) as the row-by-row algorithm.</para>
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
    private readonly int _functionStride;   // doubles per symbolic function (d + 1 rounded up to 8)
    private readonly int[] _inputs;          // 0 … d − 1
    private readonly double[] _z;           // symbolic functions of a layer's pre-activations, neuron × (lower, upper)
    private readonly double[] _h;           // … of its post-activations

    // Batched back-substitution (see Finish, Descend): per hidden layer its active neurons (u > 0) at _offsets[k], their
    // relaxation lines (compressed, at the same offsets; _relaxLow per choice of lower lines), the positions of the
    // unstable ones among them, and per layer its weights packed to the active neurons of it and of the layer below.
    private readonly int[][] _act;
    private readonly int[] _actCount;
    private readonly int[] _unstableAt;
    private readonly int[] _unstableCount;
    private readonly int[] _refineList;
    private readonly double[][] _relaxLow;
    private readonly double[] _relaxUp;
    private readonly double[] _relaxIntercept;
    private readonly double[][] _packed;
    private readonly double[][] _packedBias;
    private readonly int[] _packedRows;
    private readonly int[] _packedCols;
    private readonly int _stride;
    private readonly double[] _terms;
    private readonly double[] _zeros;
    private readonly bool[] _actChanged;    // per hidden layer: the active set differs from the one last packed
    private double[] _rowsC = [];
    private double[] _rowsG = [];
    private double[] _rowConstant = [];
    private int[] _rowVariant = [];
    private int _unstable;
    private bool _ready;

    // A prefix (PropagateFrom): hidden layer _first's pre-activation is the affine map _prefixWeights·x +
    // _prefixBias; layers below it are not bounded. _first is 0 and _hasPrefix false for the plain Propagate.
    private readonly double[] _prefixWeights;
    private readonly double[] _prefixBias;
    private readonly bool[] _packedFromPrefix;
    private int _first;
    private bool _hasPrefix;

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
        _functionStride = (_d + 8) / 8 * 8;
        _inputs = Enumerable.Range(0, _d).ToArray();
        _z = new double[width * 2 * _functionStride];
        _h = new double[width * 2 * _functionStride];
        int layers = network.Layers.Count;
        _act = new int[network.HiddenLayerCount][];
        for (int k = 0; k < network.HiddenLayerCount; k++)
        {
            _act[k] = new int[network.HiddenSizes[k]];
        }

        _actCount = new int[network.HiddenLayerCount];
        _unstableAt = new int[hidden];
        _unstableCount = new int[network.HiddenLayerCount];
        _refineList = new int[width];
        _relaxLow = [new double[hidden], new double[hidden], new double[hidden], new double[hidden]];
        _relaxUp = new double[hidden];
        _relaxIntercept = new double[hidden];
        _packed = new double[layers][];
        _packedBias = new double[layers][];
        for (int k = 0; k < layers; k++)
        {
            _packed[k] = new double[network.Layers[k].Outputs * network.Layers[k].Inputs];
            _packedBias[k] = new double[network.Layers[k].Outputs];
        }

        _packedRows = new int[layers];
        _packedCols = new int[layers];
        _stride = width;
        _terms = new double[_d];
        _zeros = new double[width];
        _actChanged = new bool[network.HiddenLayerCount];
        _prefixWeights = new double[width * _d];
        _prefixBias = new double[width];
        _packedFromPrefix = new bool[layers];
        Array.Fill(_actCount, -1);
        EnsureRows(4 * width);
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
        _first = 0;
        _hasPrefix = false;
        return PropagateBox(lower, upper, method);
    }

    /// <summary>
    /// Bounds hidden layers <paramref name="firstLayer"/> and above over the box <c>[lower, upper]</c> when layer
    /// <paramref name="firstLayer"/>'s pre-activation is the affine map <c>z = M x + c</c> there: the frontier of a
    /// <see cref="SymbolicState"/> whose lower layers are decided (a linear region of those layers inside the box). The
    /// box should contain the region; every bound then holds on the region. Layers below <paramref name="firstLayer"/>
    /// are not bounded (their entries of <see cref="PreActivationLower"/> are stale) and <see cref="UnstableCount"/>
    /// counts layers from <paramref name="firstLayer"/> on. <see cref="LowerBound(ReadOnlySpan{double}, Span{double}, out double)"/>
    /// back-substitutes down to the map.
    /// </summary>
    /// <param name="firstLayer">The hidden layer whose pre-activation is given, <c>0 ≤ firstLayer &lt;</c> hidden layers.</param>
    /// <param name="matrix">Row-major <c>M</c>, <c>n_firstLayer × d</c> (for example <see cref="SymbolicState.Matrix"/>).</param>
    /// <param name="offset"><c>c</c>, length <c>n_firstLayer</c>.</param>
    /// <param name="lower">Box lower corner, length <c>d</c>.</param>
    /// <param name="upper">Box upper corner, length <c>d</c>, <c>upper ≥ lower</c>.</param>
    /// <param name="method">How to bound; default <see cref="BoundMethod.BackSubstitution"/>.</param>
    /// <returns>The number of unstable neurons in layers <paramref name="firstLayer"/> and above.</returns>
    /// <exception cref="ArgumentException">A layer out of range, wrong lengths, a value not finite, or <c>lower &gt; upper</c>.</exception>
    public int PropagateFrom(int firstLayer, ReadOnlySpan<double> matrix, ReadOnlySpan<double> offset, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, BoundMethod method = BoundMethod.BackSubstitution)
    {
        Guard.Index(firstLayer, _net.HiddenLayerCount, nameof(firstLayer));
        int n = _net.HiddenSizes[firstLayer];
        Guard.Length(matrix.Length, n * _d, nameof(matrix));
        Guard.Length(offset.Length, n, nameof(offset));
        Guard.Finite(matrix, nameof(matrix));
        Guard.Finite(offset, nameof(offset));
        matrix.CopyTo(_prefixWeights);
        offset.CopyTo(_prefixBias);
        _first = firstLayer;
        _hasPrefix = true;
        return PropagateBox(lower, upper, method);
    }

    private int PropagateBox(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, BoundMethod method)
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
        Guard.Length(a.Length, _d, nameof(a));
        Span<double> minimum = stackalloc double[1];
        Span<double> constant = stackalloc double[1];
        Span<int> slopes = stackalloc int[1];
        LowerBounds(c, minimum, a, constant, slopes);
        b = constant[0];
        lowerSlopes = slopes[0];
        return minimum[0];
    }

    /// <summary>
    /// <see cref="LowerBound(ReadOnlySpan{double}, Span{double}, out double, out int)"/> for several output functionals
    /// at once (back-substituted together; each result equals the one-functional call bit for bit).
    /// </summary>
    /// <param name="functionals">Row-major <c>count × outputs</c>; <c>count = minima.Length</c>.</param>
    /// <param name="minima">Receives each functional's lower bound over the box, length <c>count</c>.</param>
    /// <param name="coefficients">Receives the input coefficients <c>a</c>, row-major <c>count × d</c>.</param>
    /// <param name="constants">Receives the constants <c>b</c>, length <c>count</c>.</param>
    /// <param name="lowerSlopes">Receives each functional's lower-line choice 0–3, length <c>count</c>.</param>
    /// <exception cref="InvalidOperationException"><see cref="Propagate"/> has not run.</exception>
    /// <remarks>Cost <c>O(count · 4 · Σ n_k n_{k+1})</c> over the active neurons only.</remarks>
    public void LowerBounds(ReadOnlySpan<double> functionals, Span<double> minima, Span<double> coefficients, Span<double> constants, Span<int> lowerSlopes)
    {
        if (!_ready)
        {
            throw new InvalidOperationException("Propagate must run before LowerBound.");
        }

        int count = minima.Length, m = _net.OutputDimension, d = _d, s = _stride;
        Guard.Length(functionals.Length, count * m, nameof(functionals));
        Guard.Length(coefficients.Length, count * d, nameof(coefficients));
        Guard.Length(constants.Length, count, nameof(constants));
        Guard.Length(lowerSlopes.Length, count, nameof(lowerSlopes));
        Guard.Finite(functionals, nameof(functionals));
        if (count == 0)
        {
            return;
        }

        // Four choices of the lower lines of unstable neurons (DeepPoly's rule, the chord's slope, 0, 1); keep the tightest.
        int variants = _unstable > 0 ? 4 : 1;
        int rows = count * variants;
        EnsureRows(rows);
        int top = _net.HiddenLayerCount;
        int cols = _packedCols[top];

        // The output layer's step is the same for every choice: once per functional, then copied per choice.
        Span<double> first = top == 0 ? _rowsG : _rowsC;
        MatrixProduct.Compute(functionals, m, _packed[top], Math.Max(cols, 1), first, s, count, m, cols);
        ReadOnlySpan<double> bias = _packedBias[top].AsSpan(0, m);
        for (int f = 0; f < count; f++)
        {
            ReadOnlySpan<double> c = functionals.Slice(f * m, m);
            double b = 0;
            for (int i = 0; i < m; i++)
            {
                if (c[i] != 0)
                {
                    b += c[i] * bias[i];
                }
            }

            if (top == 0)
            {
                // No hidden layer: the map is affine, one row per functional.
                _rowConstant[f] = b;
                continue;
            }

            for (int v = 0; v < variants; v++)
            {
                int r = (f * variants) + v;
                _rowConstant[r] = b;
                _rowVariant[r] = v;
                _rowsC.AsSpan(f * s, cols).CopyTo(_rowsG.AsSpan(r * s, cols));
            }
        }

        if (top > 0)
        {
            RelaxRows(top - 1, rows);
            Descend(top - 1, rows);
        }
        else
        {
            variants = 1;
        }

        for (int f = 0; f < count; f++)
        {
            int r = f * variants;
            double best = Concretise(_rowsG.AsSpan(r * s, d), _rowConstant[r], minimum: true);
            int choice = 0;
            for (int v = 1; v < variants; v++)
            {
                double value = Concretise(_rowsG.AsSpan((r + v) * s, d), _rowConstant[r + v], minimum: true);
                if (value > best)
                {
                    best = value;
                    choice = v;
                }
            }

            minima[f] = best;
            constants[f] = _rowConstant[r + choice];
            lowerSlopes[f] = choice;
            _rowsG.AsSpan((r + choice) * s, d).CopyTo(coefficients.Slice(f * d, d));
        }
    }

    /// <summary>The minimum (or maximum) of <c>a·x + b</c> over the current box.</summary>
    private double Concretise(ReadOnlySpan<double> a, double b, bool minimum)
    {
        // The corner's terms without a branch per sign, then summed in input order.
        Span<double> terms = _terms;
        SignedScale.Compute(a[.._d], minimum ? _boxLo : _boxHi, minimum ? _boxHi : _boxLo, terms);
        double v = b;
        foreach (double t in terms)
        {
            v += t;
        }

        return v;
    }

    private void PropagateIntervals()
    {
        int width = _net.MaxWidth;
        Span<double> lo = _h.AsSpan(0, width);
        Span<double> hi = _z.AsSpan(0, width);
        _boxLo.CopyTo(lo);
        _boxHi.CopyTo(hi);
        int n = _d;
        for (int k = _first; k < _net.HiddenLayerCount; k++)
        {
            DenseLayer layer = _net.Layers[k];
            int off = _offsets[k];
            ReadOnlySpan<double> bias = BiasOf(k);
            for (int i = 0; i < layer.Outputs; i++)
            {
                ReadOnlySpan<double> w = WeightRow(k, i);
                double l = bias[i], u = l;
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

            Finish(k);
            n = layer.Outputs;
        }

        PackOutput();
    }

    /// <summary>Row <paramref name="i"/> of hidden layer <paramref name="k"/>'s weights over its inputs (the prefix map's for the first layer of a prefix).</summary>
    private ReadOnlySpan<double> WeightRow(int k, int i) =>
        _hasPrefix && k == _first ? _prefixWeights.AsSpan(i * _d, _d) : _net.Layers[k].Row(i);

    /// <summary>Hidden layer <paramref name="k"/>'s bias (the prefix map's offset for the first layer of a prefix).</summary>
    private ReadOnlySpan<double> BiasOf(int k) =>
        _hasPrefix && k == _first ? _prefixBias.AsSpan(0, _net.HiddenSizes[k]) : _net.Layers[k].Bias;

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
        // Each neuron's lower and upper function of the input side by side (see SymbolicStep): d coefficients, the
        // constant at index d, zero padding up to the stride.
        int fs = _functionStride, row = 2 * fs;

        // Post-activation symbolic bounds of the input layer: h = x.
        int n = _d;
        Array.Clear(_h, 0, n * row);
        for (int j = 0; j < _d; j++)
        {
            _h[(j * row) + j] = 1.0;
            _h[(j * row) + fs + j] = 1.0;
        }

        ReadOnlySpan<int> active = _inputs;
        for (int k = _first; k < _net.HiddenLayerCount; k++)
        {
            DenseLayer layer = _net.Layers[k];
            int m = layer.Outputs;
            int off = _offsets[k];
            ReadOnlySpan<double> weights = _hasPrefix && k == _first ? _prefixWeights.AsSpan(0, m * _d) : layer.Weights;

            // z = W h + b with the lower (upper) function taking h's lower (upper) function for positive weights.
            SymbolicStep.Compute(weights, BiasOf(k), m, n, active, _h.AsSpan(0, n * row), _z.AsSpan(0, m * row), fs, _d);
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<double> lz = _z.AsSpan(i * row, fs);
                ReadOnlySpan<double> uz = _z.AsSpan((i * row) + fs, fs);
                _lower[off + i] = Concretise(lz[.._d], lz[_d], minimum: true);
                _upper[off + i] = Concretise(uz[.._d], uz[_d], minimum: false);
            }

            if (refine && k > _first)
            {
                // Back-substitute the rows still unstable; the first layer's symbolic bounds are already exact.
                Refine(k);
            }

            for (int i = 0; i < m; i++)
            {
                int g = off + i;
                Relax(g);
                Span<double> lh = _h.AsSpan(i * row, fs);
                Span<double> uh = _h.AsSpan((i * row) + fs, fs);
                ReadOnlySpan<double> lz = _z.AsSpan(i * row, fs);
                ReadOnlySpan<double> uz = _z.AsSpan((i * row) + fs, fs);
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
                    for (int t = 0; t < fs; t++)
                    {
                        lh[t] = lambda * lz[t];
                        uh[t] = _slopeUp[g] * uz[t];
                    }

                    uh[_d] += _interceptUp[g];
                }
            }

            Finish(k);
            active = _act[k].AsSpan(0, _actCount[k]);
            n = m;
        }

        PackOutput();
    }

    /// <summary>
    /// After the bounds of hidden layer <paramref name="k"/> are final: its active neurons (<c>u &gt; 0</c>; the others
    /// have both lines 0 and drop out of every back-substitution), their relaxation lines per lower-line choice, and the
    /// weights of layer k packed to the active neurons of layers k and k − 1.
    /// </summary>
    private void Finish(int k)
    {
        int off = _offsets[k];
        int n = _net.HiddenSizes[k];
        int count = 0, unstable = 0;
        bool changed = false;
        int[] act = _act[k];
        for (int j = 0; j < n; j++)
        {
            int q = off + j;
            if (_upper[q] <= 0)
            {
                continue;
            }

            double low = _slopeLow[q];
            bool open = _lower[q] < 0;
            _relaxUp[off + count] = _slopeUp[q];
            _relaxIntercept[off + count] = _interceptUp[q];
            _relaxLow[0][off + count] = low;
            _relaxLow[1][off + count] = open ? _slopeUp[q] : low;
            _relaxLow[2][off + count] = open ? 0.0 : low;
            _relaxLow[3][off + count] = open ? 1.0 : low;
            if (open)
            {
                _unstableAt[off + unstable++] = count;
            }

            changed |= count >= _actCount[k] || act[count] != j;
            act[count++] = j;
        }

        changed |= count != _actCount[k];
        _actChanged[k] = changed;
        _actCount[k] = count;
        _unstableCount[k] = unstable;

        // The packed weights depend on the active sets alone (and on the prefix map): a box next to the last one often keeps them.
        if (changed || (k > _first && _actChanged[k - 1]) || (_hasPrefix && k == _first) || _packedFromPrefix[k])
        {
            Pack(k);
        }
    }

    /// <summary>Packs the output layer's weights when the last hidden layer's active set changed.</summary>
    private void PackOutput()
    {
        int top = _net.HiddenLayerCount;
        if (top == 0 || _actChanged[top - 1] || _packedRows[top] == 0)
        {
            Pack(top);
        }
    }

    /// <summary>Packs layer <paramref name="k"/>'s weights and bias: rows = active neurons of layer k (all rows of the output layer), columns = active neurons of layer k − 1 (all inputs for k = 0).</summary>
    private void Pack(int k)
    {
        DenseLayer layer = _net.Layers[k];
        bool output = k == _net.HiddenLayerCount;
        int rows = output ? layer.Outputs : _actCount[k];
        int cols = k == _first ? _d : _actCount[k - 1];
        double[] packed = _packed[k];
        double[] bias = _packedBias[k];
        ReadOnlySpan<double> b = output ? layer.Bias : BiasOf(k);
        _packedFromPrefix[k] = _hasPrefix && k == _first;
        for (int r = 0; r < rows; r++)
        {
            int i = output ? r : _act[k][r];
            ReadOnlySpan<double> w = output ? layer.Row(i) : WeightRow(k, i);
            Span<double> dst = packed.AsSpan(r * cols, cols);
            if (k == _first)
            {
                w.CopyTo(dst);
            }
            else
            {
                int[] below = _act[k - 1];
                for (int j = 0; j < cols; j++)
                {
                    dst[j] = w[below[j]];
                }
            }

            bias[r] = b[i];
        }

        _packedRows[k] = rows;
        _packedCols[k] = cols;
    }

    /// <summary>Grows the row scratch to hold <paramref name="rows"/> coefficient rows.</summary>
    private void EnsureRows(int rows)
    {
        if (_rowConstant.Length >= rows)
        {
            return;
        }

        int capacity = Math.Max(rows, 2 * _rowConstant.Length);
        _rowsC = new double[capacity * _stride];
        _rowsG = new double[capacity * _stride];
        _rowConstant = new double[capacity];
        _rowVariant = new int[capacity];
    }

    /// <summary>
    /// Back-substitutes <paramref name="rows"/> rows at once: <c>_rowsC</c> holds each row's coefficients of <c>z_k</c>
    /// (active neurons of hidden layer <paramref name="k"/>), <c>_rowConstant</c> its constant and <c>_rowVariant</c> its
    /// choice of lower lines; on return <c>_rowsG</c> holds each row's input coefficients <c>a</c> (first <c>d</c>
    /// entries of each row) and <c>_rowConstant</c> its <c>b</c>, so that <c>a·x + b</c> is a lower bound of the row on
    /// the box. Per row the sums are those of a row-by-row back-substitution, in the same order.
    /// </summary>
    private void Descend(int k, int rows)
    {
        int s = _stride;
        for (int kk = k; kk >= 0; kk--)
        {
            int inner = _packedRows[kk], cols = _packedCols[kk];
            MatrixProduct.Compute(_rowsC, s, _packed[kk], Math.Max(cols, 1), _rowsG, s, rows, inner, cols);
            AddBias(_packedBias[kk].AsSpan(0, inner), rows);

            if (kk == _first)
            {
                return;
            }

            RelaxRows(kk - 1, rows);
        }
    }

    /// <summary>
    /// Relaxes the first <paramref name="rows"/> rows: their coefficients of <c>h_k</c> in <c>_rowsG</c> (active neurons of
    /// hidden layer <paramref name="k"/>) become coefficients of <c>z_k</c> in <c>_rowsC</c>, each taking the lower line
    /// when <c>g ≥ 0</c> (the row's choice of lower lines) and the upper line otherwise; the upper lines' intercept terms
    /// <c>min(g_j, 0)·t_j</c> (overwriting g) go to the row's constant in neuron order, over the unstable neurons only
    /// (the others' intercept is 0 and adding ±0 changes no sum but a zero's sign), four rows at a time.
    /// </summary>
    private void RelaxRows(int k, int rows)
    {
        int off = _offsets[k], n = _actCount[k], s = _stride;
        ReadOnlySpan<double> up = _relaxUp.AsSpan(off, n);
        ReadOnlySpan<double> intercept = _relaxIntercept.AsSpan(off, n);
        ReadOnlySpan<double> zeros = _zeros.AsSpan(0, n);
        ReadOnlySpan<int> unstable = _unstableAt.AsSpan(off, _unstableCount[k]);
        for (int r = 0; r < rows; r++)
        {
            Span<double> g = _rowsG.AsSpan(r * s, n);
            SignedScale.Compute(g, _relaxLow[_rowVariant[r]].AsSpan(off, n), up, _rowsC.AsSpan(r * s, n));
            SignedScale.Compute(g, zeros, intercept, g);
        }

        Span<double> constant = _rowConstant;
        ReadOnlySpan<double> t = _rowsG;
        int q = 0;
        for (; q + 4 <= rows; q += 4)
        {
            ReadOnlySpan<double> t0 = t.Slice(q * s, n), t1 = t.Slice((q + 1) * s, n), t2 = t.Slice((q + 2) * s, n), t3 = t.Slice((q + 3) * s, n);
            double b0 = constant[q], b1 = constant[q + 1], b2 = constant[q + 2], b3 = constant[q + 3];
            foreach (int j in unstable)
            {
                b0 += t0[j];
                b1 += t1[j];
                b2 += t2[j];
                b3 += t3[j];
            }

            (constant[q], constant[q + 1], constant[q + 2], constant[q + 3]) = (b0, b1, b2, b3);
        }

        for (; q < rows; q++)
        {
            ReadOnlySpan<double> t0 = t.Slice(q * s, n);
            double b0 = constant[q];
            foreach (int j in unstable)
            {
                b0 += t0[j];
            }

            constant[q] = b0;
        }
    }

    /// <summary>
    /// <c>b_r += Σ_i C[r,i]·bias_i</c> for each of the first <paramref name="rows"/> rows, in the order of i (the order of
    /// a one-row back-substitution); four rows at a time so that their independent sums overlap.
    /// </summary>
    private void AddBias(ReadOnlySpan<double> bias, int rows)
    {
        int s = _stride, inner = bias.Length, r = 0;
        Span<double> constant = _rowConstant;
        ReadOnlySpan<double> c = _rowsC;
        for (; r + 4 <= rows; r += 4)
        {
            ReadOnlySpan<double> c0 = c.Slice(r * s, inner), c1 = c.Slice((r + 1) * s, inner);
            ReadOnlySpan<double> c2 = c.Slice((r + 2) * s, inner), c3 = c.Slice((r + 3) * s, inner);
            double b0 = constant[r], b1 = constant[r + 1], b2 = constant[r + 2], b3 = constant[r + 3];
            for (int i = 0; i < inner; i++)
            {
                double bi = bias[i];
                b0 += c0[i] * bi;
                b1 += c1[i] * bi;
                b2 += c2[i] * bi;
                b3 += c3[i] * bi;
            }

            (constant[r], constant[r + 1], constant[r + 2], constant[r + 3]) = (b0, b1, b2, b3);
        }

        for (; r < rows; r++)
        {
            ReadOnlySpan<double> c0 = c.Slice(r * s, inner);
            double b0 = constant[r];
            for (int i = 0; i < inner; i++)
            {
                b0 += c0[i] * bias[i];
            }

            constant[r] = b0;
        }
    }

    /// <summary>
    /// Back-substitutes the unstable neurons of hidden layer <paramref name="k"/> ≥ 1, all together: per neuron its lower
    /// and upper bound, each with DeepPoly's lower lines and with the chord's slopes; keeps the tightest.
    /// </summary>
    private void Refine(int k)
    {
        int off = _offsets[k];
        int m = _net.HiddenSizes[k];
        int[] list = _refineList;
        int unstable = 0;
        for (int i = 0; i < m; i++)
        {
            if (_lower[off + i] < 0 && _upper[off + i] > 0)
            {
                list[unstable++] = i;
            }
        }

        if (unstable == 0)
        {
            return;
        }

        int rows = 4 * unstable;
        EnsureRows(rows);
        DenseLayer layer = _net.Layers[k];
        ReadOnlySpan<double> bias = layer.Bias;
        int[] below = _act[k - 1];
        int n = _actCount[k - 1];
        int st = _stride;
        int r = 0;
        foreach (int i in list.AsSpan(0, unstable))
        {
            // The unit row's first step is exact: ±(row i of W_k) and ±b_i, for DeepPoly's lower lines and the chord's.
            ReadOnlySpan<double> w = layer.Row(i);
            Span<double> plus = _rowsG.AsSpan(r * st, n);
            Span<double> minus = _rowsG.AsSpan((r + 1) * st, n);
            for (int j = 0; j < n; j++)
            {
                double v = w[below[j]];
                plus[j] = v;
                minus[j] = -v;
            }

            plus.CopyTo(_rowsG.AsSpan((r + 2) * st, n));
            minus.CopyTo(_rowsG.AsSpan((r + 3) * st, n));
            for (int variant = 0; variant < 2; variant++)
            {
                _rowConstant[r] = 0.0 + bias[i];
                _rowConstant[r + 1] = 0.0 + -bias[i];
                _rowVariant[r] = variant;
                _rowVariant[r + 1] = variant;
                r += 2;
            }
        }

        RelaxRows(k - 1, rows);
        Descend(k - 1, rows);
        r = 0;
        foreach (int i in list.AsSpan(0, unstable))
        {
            int q = off + i;
            for (int variant = 0; variant < 2; variant++)
            {
                _lower[q] = Math.Max(_lower[q], Concretise(_rowsG.AsSpan(r * _stride, _d), _rowConstant[r], minimum: true));
                _upper[q] = Math.Min(_upper[q], -Concretise(_rowsG.AsSpan((r + 1) * _stride, _d), _rowConstant[r + 1], minimum: true));
                r += 2;
            }
        }
    }
}
