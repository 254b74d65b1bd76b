using ReluAnalysis.Kernels;

namespace ReluAnalysis.Patterns;

/// <summary>
/// The symbolic step of <see cref="PatternEngine"/>: a network under a partial activation pattern, holding the affine
/// maps <c>z^k(u) = Z_k u + ζ_k</c> of the pre-activations of every layer whose inputs are decided, over an affine
/// parametrisation <c>x = P u + q</c> of the input (the identity by default; fixed coordinates or a slice otherwise).
/// </summary>
/// <remarks>
/// <para>Neurons are decided layer by layer: only the <see cref="Frontier"/> layer (the first with undecided neurons)
/// accepts decisions. Deciding neuron <c>i</c> of layer <c>k</c> active adds <c>W_{k+1}[:, i] ⊗ z^k_i</c> to the map of
/// layer <c>k+1</c> (cost <c>n_{k+1}·(p+1)</c>); inactive costs nothing. When the last neuron of the frontier is
/// decided, the next layer's map is complete and becomes the frontier. A region search therefore pays only for what
/// changed, and <see cref="CopyFrom"/> branches a search at the cost of one copy of the maps. A search that only
/// extends the frontier (a region census keeping tens of thousands of open regions) calls <see cref="ForgetDecidedLayers"/>
/// so that a stored state holds one layer's map; maps of later layers are allocated when they are started.</para>
/// <para>Decisions in ascending neuron order reproduce <see cref="LocalAffineMap"/> bit for bit; other orders agree to
/// rounding. Matrices are row-major <c>n_k × p</c>. Not thread-safe; one state per worker.</para>
/// </remarks>
public sealed class SymbolicState
{
    private readonly PatternEngine _engine;
    private readonly double[][] _maps;
    private readonly double[][] _offsets;
    private readonly PatternMask _mask;
    private int _frontier;

    internal SymbolicState(PatternEngine engine, ReadOnlySpan<double> inputMatrix, ReadOnlySpan<double> inputOffset, int parameters)
    {
        _engine = engine;
        Parameters = parameters;
        int layers = engine.HiddenLayerCount + 1;
        _maps = new double[layers][];
        _offsets = new double[layers][];
        Array.Fill(_maps, []);
        Array.Fill(_offsets, []);
        _maps[0] = new double[engine.Width(0) * parameters];
        _offsets[0] = new double[engine.Width(0)];

        _mask = new PatternMask(engine.Layout);
        var first = engine.Network.Layers[0];
        int d = engine.InputDimension;
        double[] z = _maps[0];
        double[] zeta = _offsets[0];
        first.Bias.CopyTo(zeta);
        if (inputMatrix.IsEmpty)
        {
            first.Weights.CopyTo(z);
        }
        else
        {
            for (int i = 0; i < first.Outputs; i++)
            {
                ReadOnlySpan<double> w = first.Row(i);
                Span<double> zi = z.AsSpan(i * parameters, parameters);
                for (int j = 0; j < d; j++)
                {
                    if (w[j] != 0.0)
                    {
                        Axpy.Compute(w[j], inputMatrix.Slice(j * parameters, parameters), zi);
                        zeta[i] += w[j] * inputOffset[j];
                    }
                }
            }
        }

        _frontier = 0;
        SkipDecidedLayers();
    }

    /// <summary>The engine (and through it the network).</summary>
    public PatternEngine Engine => _engine;

    /// <summary>Dimension <c>p</c> of the parameter <c>u</c> (the input dimension for the identity parametrisation).</summary>
    public int Parameters { get; }

    /// <summary>The decisions so far. Read it; change it only through <see cref="Decide"/> and <see cref="DecideLayer"/>.</summary>
    public PatternMask Mask => _mask;

    /// <summary>
    /// The first hidden layer with undecided neurons (its map is complete), or <see cref="PatternEngine.HiddenLayerCount"/>
    /// when every neuron is decided and the output map is complete.
    /// </summary>
    public int Frontier => _frontier;

    /// <summary>Whether every hidden neuron is decided: the output map is then the local affine map of the region.</summary>
    public bool IsComplete => _frontier == _engine.HiddenLayerCount;

    /// <summary>Row-major <c>Z_k</c> (<c>n_k × p</c>) of layer <paramref name="layer"/> ≤ <see cref="Frontier"/>; the output layer's when complete.</summary>
    public ReadOnlySpan<double> Matrix(int layer)
    {
        CheckComputed(layer);
        return _maps[layer];
    }

    /// <summary>Offsets <c>ζ_k</c> of layer <paramref name="layer"/> ≤ <see cref="Frontier"/>.</summary>
    public ReadOnlySpan<double> Offset(int layer)
    {
        CheckComputed(layer);
        return _offsets[layer];
    }

    /// <summary>The coefficients of neuron <paramref name="neuron"/>'s pre-activation in layer <paramref name="layer"/> ≤ <see cref="Frontier"/>.</summary>
    public ReadOnlySpan<double> Row(int layer, int neuron)
    {
        CheckComputed(layer);
        Guard.Index(neuron, _engine.Width(layer), nameof(neuron));
        return _maps[layer].AsSpan(neuron * Parameters, Parameters);
    }

    /// <summary>The exact range of neuron <paramref name="neuron"/>'s pre-activation over the box <c>lower ≤ u ≤ upper</c>.</summary>
    public (double Lower, double Upper) Range(int layer, int neuron, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        ReadOnlySpan<double> row = Row(layer, neuron);
        Guard.Length(lower.Length, Parameters, nameof(lower));
        Guard.Length(upper.Length, Parameters, nameof(upper));
        double lo = _offsets[layer][neuron], hi = lo;
        for (int t = 0; t < row.Length; t++)
        {
            double p = row[t] * lower[t], r = row[t] * upper[t];
            lo += Math.Min(p, r);
            hi += Math.Max(p, r);
        }

        return (lo, hi);
    }

    /// <summary>
    /// The half-space of a decided neuron in the form <c>normal·u ≤ offset</c>: <c>−(a·u + β) ≤ 0</c> when active
    /// (written <c>(−a)·u ≤ β</c>), <c>a·u + β ≤ 0</c> when inactive (written <c>a·u ≤ −β</c>).
    /// </summary>
    /// <returns>The right-hand side.</returns>
    public double HalfSpace(int layer, int neuron, Span<double> normal)
    {
        ReadOnlySpan<double> row = Row(layer, neuron);
        Guard.MinLength(normal.Length, Parameters, nameof(normal));
        if (!_mask.IsDecided(layer, neuron))
        {
            throw new InvalidOperationException($"neuron {neuron} of layer {layer} is undecided; expected a decided neuron.");
        }

        double s = _mask.OpenUnchecked(layer, neuron) ? 1.0 : -1.0;
        for (int t = 0; t < row.Length; t++)
        {
            normal[t] = -s * row[t];
        }

        return s * _offsets[layer][neuron];
    }

    /// <summary>Decides neuron <paramref name="neuron"/> of the <see cref="Frontier"/> layer.</summary>
    /// <exception cref="InvalidOperationException">Every neuron is decided already, or this one is.</exception>
    public void Decide(int neuron, bool active)
    {
        if (IsComplete)
        {
            throw new InvalidOperationException("every neuron is decided; nothing is left to decide.");
        }

        int k = _frontier;
        Guard.Index(neuron, _engine.Width(k), nameof(neuron));
        if (_mask.IsDecided(k, neuron))
        {
            throw new InvalidOperationException($"neuron {neuron} of layer {k} is decided already.");
        }

        _mask.Set(k, neuron, active);
        if (_mask.DecidedCount(k) == 1)
        {
            StartNext(k);
        }

        if (active)
        {
            Accumulate(k, neuron);
        }

        SkipDecidedLayers();
    }

    /// <summary>
    /// Decides every undecided neuron of the <see cref="Frontier"/> layer in ascending order: active where the layer's bit
    /// in <paramref name="layerWords"/> is set (words laid out as one layer of an <see cref="ActivationPattern"/>).
    /// </summary>
    public void DecideLayer(ReadOnlySpan<ulong> layerWords)
    {
        if (IsComplete)
        {
            throw new InvalidOperationException("every neuron is decided; nothing is left to decide.");
        }

        int k = _frontier;
        int n = _engine.Width(k);
        Guard.Length(layerWords.Length, PatternLayout.WordsFor(n), nameof(layerWords));
        if (_mask.DecidedCount(k) == 0)
        {
            StartNext(k);
        }

        for (int i = 0; i < n; i++)
        {
            if (_mask.IsDecided(k, i))
            {
                continue;
            }

            bool active = ((layerWords[i >> 6] >> (i & 63)) & 1UL) != 0;
            _mask.Set(k, i, active);
            if (active)
            {
                Accumulate(k, i);
            }
        }

        SkipDecidedLayers();
    }

    /// <summary>Decides every remaining layer from a full pattern (or the open bits of a mask).</summary>
    public void DecideAll(ReadOnlySpan<ulong> patternWords)
    {
        PatternLayout layout = _engine.Layout;
        Guard.Length(patternWords.Length, layout.WordCount, nameof(patternWords));
        while (!IsComplete)
        {
            int k = _frontier;
            DecideLayer(patternWords.Slice(layout.WordOffset(k), layout.WordOffset(k + 1) - layout.WordOffset(k)));
        }
    }

    /// <summary>
    /// Drops the maps of the layers below <see cref="Frontier"/>: deciding neurons needs only the frontier's map, so a
    /// search that keeps many states and never reads earlier layers again stores one layer per state. Afterwards
    /// <see cref="Matrix"/>, <see cref="Offset"/>, <see cref="Row"/> and <see cref="HalfSpace"/> accept layers from
    /// <see cref="Frontier"/> on; the decisions (<see cref="Mask"/>) are kept.
    /// </summary>
    public void ForgetDecidedLayers()
    {
        for (int k = 0; k < _frontier; k++)
        {
            _maps[k] = [];
            _offsets[k] = [];
        }
    }

    /// <summary>Makes this state equal to <paramref name="other"/> (same engine and parametrisation size); allocates only for maps this state does not hold yet.</summary>
    public void CopyFrom(SymbolicState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other._engine, _engine) || other.Parameters != Parameters)
        {
            throw new ArgumentException("other belongs to another engine or parametrisation; expected a state of the same search.", nameof(other));
        }

        for (int k = 0; k < _maps.Length; k++)
        {
            _maps[k] = CopyInto(other._maps[k], _maps[k]);
            _offsets[k] = CopyInto(other._offsets[k], _offsets[k]);
        }

        _mask.CopyFrom(other._mask);
        _frontier = other._frontier;
    }

    /// <summary>A copy of this state (for branching a search).</summary>
    public SymbolicState Clone() => new(_engine, Parameters, _maps, _offsets, _mask, _frontier);

    /// <summary>
    /// A new state equal to <see cref="Clone"/> followed by <see cref="DecideLayer"/>(<paramref name="layerWords"/>) and
    /// <see cref="ForgetDecidedLayers"/>, bit for bit, without copying the maps the copy would drop: the child of a region
    /// search that only extends the frontier. This state is unchanged.
    /// </summary>
    public SymbolicState BranchLayer(ReadOnlySpan<ulong> layerWords)
    {
        if (IsComplete)
        {
            throw new InvalidOperationException("every neuron is decided; nothing is left to decide.");
        }

        // The child reads the frontier's map from this state (shared, never written) and owns copies of the later ones.
        int k = _frontier;
        var maps = new double[_maps.Length][];
        var offsets = new double[_offsets.Length][];
        Array.Fill(maps, []);
        Array.Fill(offsets, []);
        var child = new SymbolicState(_engine, Parameters, maps, offsets, _mask, k);
        child._maps[k] = _maps[k];
        child._offsets[k] = _offsets[k];
        for (int layer = k + 1; layer < _maps.Length; layer++)
        {
            child._maps[layer] = _maps[layer].Length == 0 ? [] : _maps[layer].AsSpan().ToArray();
            child._offsets[layer] = _offsets[layer].Length == 0 ? [] : _offsets[layer].AsSpan().ToArray();
        }

        child.DecideLayer(layerWords);
        child.ForgetDecidedLayers();
        return child;
    }

    private SymbolicState(PatternEngine engine, int parameters, double[][] maps, double[][] offsets, PatternMask mask, int frontier)
    {
        _engine = engine;
        Parameters = parameters;
        _maps = new double[maps.Length][];
        _offsets = new double[offsets.Length][];
        for (int k = 0; k < maps.Length; k++)
        {
            _maps[k] = maps[k].Length == 0 ? [] : maps[k].AsSpan().ToArray();
            _offsets[k] = offsets[k].Length == 0 ? [] : offsets[k].AsSpan().ToArray();
        }

        _mask = mask.Clone();
        _frontier = frontier;
    }

    /// <summary>Starts the map of layer <c>k+1</c> at <c>0·u + b_{k+1}</c>.</summary>
    private void StartNext(int k)
    {
        int width = _engine.Width(k + 1);
        if (_maps[k + 1].Length == 0)
        {
            _maps[k + 1] = new double[width * Parameters];
            _offsets[k + 1] = new double[width];
        }
        else
        {
            Array.Clear(_maps[k + 1]);
        }

        _engine.Network.Layers[k + 1].Bias.CopyTo(_offsets[k + 1]);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> when the lengths agree, else returns a copy (an unallocated or dropped map is empty).</summary>
    private static double[] CopyInto(double[] source, double[] target)
    {
        if (source.Length == 0)
        {
            return [];
        }

        if (target.Length != source.Length)
        {
            return source.AsSpan().ToArray();
        }

        source.CopyTo(target, 0);
        return target;
    }

    /// <summary><c>Z_{k+1} += W_{k+1}[:, i] ⊗ Z_k[i, :]</c> and the same for the offsets.</summary>
    private void Accumulate(int k, int i)
    {
        int p = Parameters;
        int next = _engine.Width(k + 1);
        Networks.DenseLayer layer = _engine.Network.Layers[k + 1];
        ReadOnlySpan<double> weights = layer.Weights;
        int stride = layer.Inputs;
        ReadOnlySpan<double> zi = _maps[k].AsSpan(i * p, p);
        double zeta = _offsets[k][i];
        double[] map = _maps[k + 1];
        double[] offsets = _offsets[k + 1];
        for (int r = 0; r < next; r++)
        {
            double w = weights[r * stride + i];
            if (w != 0.0)
            {
                Axpy.Compute(w, zi, map.AsSpan(r * p, p));
                offsets[r] += w * zeta;
            }
        }
    }

    private void SkipDecidedLayers()
    {
        while (_frontier < _engine.HiddenLayerCount && _mask.DecidedCount(_frontier) == _engine.Width(_frontier))
        {
            _frontier++;
        }
    }

    private void CheckComputed(int layer)
    {
        if ((uint)layer > (uint)_frontier)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {_frontier}] (the layers whose inputs are decided); found {layer}.");
        }

        if (_offsets[layer].Length == 0)
        {
            throw new InvalidOperationException($"the map of layer {layer} was dropped by ForgetDecidedLayers; only layers from the frontier {_frontier} on are held.");
        }
    }
}
