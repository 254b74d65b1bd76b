using System.Diagnostics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Injectivity;

/// <summary>Result of the exact injectivity check of a bias-free deep ReLU network on the plane.</summary>
/// <param name="Status">Injective, NotInjective (with a witness pair), Unknown (tolerance band) or Cancelled.</param>
/// <param name="Sectors">Linear regions found: angular sectors of <c>R²</c> on which every layer's pattern is constant.</param>
/// <param name="PairsExamined">Sector pairs examined (each one small cone problem).</param>
/// <param name="X">First point of the witness pair (scaled so <c>max(‖x‖∞, ‖x'‖∞) = 1</c>), or null.</param>
/// <param name="XPrime">Second point of the witness pair, <c>f(x) = f(x')</c>, <c>x ≠ x'</c>, or null.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record DeepInjectivityResult(InjectivityStatus Status, int Sectors, long PairsExamined, double[]? X, double[]? XPrime, TimeSpan Elapsed);

/// <summary>
/// Exact injectivity check of <c>f = f_l ∘ … ∘ f_1</c>, <c>f_k(y) = ReLU(W_k y)</c> (bias-free, ReLU after every
/// layer) for two-dimensional inputs, spec §6 specialised to <c>n = 2</c> so that no LP solver is needed.
/// </summary>
/// <remarks>
/// <para>By positive homogeneity the linear regions of <c>f</c> are angular sectors. They are found exactly by
/// splitting the circle layer by layer at the zero directions of each neuron's pre-activation (the sector list starts
/// with the four quadrants so every sector is a pointed cone, <c>cone(u_a, u_b)</c> with opening &lt; π).
/// On sector <c>s</c>, <c>f(x) = A_s x</c>.</para>
/// <para><c>f</c> is non-injective iff (i) some <c>A_s [u_a u_b]</c> has rank &lt; 2 (collision inside a sector), or
/// (ii) for some pair <c>s ≠ t</c> the cone <c>K = {λ ∈ R⁴₊ : A_s U_s λ₁₂ = A_t U_t λ₃₄}</c> contains a λ with
/// <c>U_s λ₁₂ ≠ U_t λ₃₄</c>. Since <c>x − x'</c> is linear in λ, that holds iff it holds at an extreme ray of
/// <c>K</c>; the extreme rays are the minimal-support solutions, enumerated over the 15 supports by SVD (MathNet):
/// a support whose column block has a one-dimensional kernel spanned by a strictly positive vector.</para>
/// <para>Tolerances: ranks relative 1e-10; a ray counts as a collision when
/// <c>‖x − x'‖∞ ≥ 1e-6 max(‖x‖∞, ‖x'‖∞)</c>, and as none below 1e-9; in between the verdict is Unknown. Every
/// NotInjective witness is re-checked by forward passes. This is derived from the piecewise-linear structure, not
/// from Stojnic's deep-network functional (which is not reproduced here). Cost <c>O(S²)</c> tiny SVDs for <c>S</c>
/// sectors (<c>S ≤ 4 + 2 Σ_k m_k · (sectors so far)</c>, in practice a few times the neuron count).</para>
/// </remarks>
public static class DeepInjectivityChecker
{
    private const double RankTolerance = 1e-10;
    private const double CollisionTolerance = 1e-6;
    private const double DiagonalTolerance = 1e-9;

    /// <summary>Checks the network given by its layers (each followed by ReLU); the first layer must have 2 inputs and every bias must be zero.</summary>
    public static DeepInjectivityResult Check(IReadOnlyList<DenseLayer> layers, CancellationToken cancellationToken = default) =>
        Check(layers, true, cancellationToken);

    /// <summary>As <see cref="Check(IReadOnlyList{DenseLayer}, CancellationToken)"/>; <paramref name="firstLayerShortcut"/> false forces the sector enumeration (tests).</summary>
    internal static DeepInjectivityResult Check(IReadOnlyList<DenseLayer> layers, bool firstLayerShortcut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("layers is empty; expected at least one layer.", nameof(layers));
        }

        if (layers[0].Inputs != 2)
        {
            throw new ArgumentException($"layers[0] has {layers[0].Inputs} inputs; the deep checker handles planar inputs (n = 2) exactly.", nameof(layers));
        }

        for (int k = 0; k < layers.Count; k++)
        {
            if (k > 0 && layers[k].Inputs != layers[k - 1].Outputs)
            {
                throw new ArgumentException($"layers[{k}] has {layers[k].Inputs} inputs; expected {layers[k - 1].Outputs} (the outputs of layer {k - 1}).", nameof(layers));
            }

            Guard.Finite(layers[k].Weights, $"layers[{k}].Weights");
            foreach (double b in layers[k].Bias)
            {
                if (b != 0.0)
                {
                    throw new ArgumentException($"layers[{k}] has a nonzero bias {b}; the checker needs bias-free (positively homogeneous) layers.", nameof(layers));
                }
            }
        }

        var watch = Stopwatch.StartNew();

        // Step 1 of spec §6: a non-injective first layer gives a witness pair at once (f_1(x) = f_1(x') ⇒ f(x) = f(x')).
        var first = InjectivityChecker.Check(layers[0], new InjectivityCheckOptions { MaxDegreeOfParallelism = 1 }, null, cancellationToken);
        if (firstLayerShortcut && first.Status == InjectivityStatus.NotInjective && FirstLayerPair(layers[0], first.Witness!) is { } early)
        {
            return Witness(layers, early.X, early.XPrime, 0, 0, watch);
        }

        var sectors = Sectors(AsNetwork(layers));
        int s = sectors.Count;
        var u = new Matrix<double>[s];
        var au = new Matrix<double>[s];
        for (int i = 0; i < s; i++)
        {
            u[i] = Matrix<double>.Build.DenseOfColumnArrays(Direction(sectors[i].Start), Direction(sectors[i].End));
            au[i] = sectors[i].Map * u[i];
        }

        // (i) collisions inside one sector: A_s has rank < 2 on the closed cone.
        (Vector<double> X, Vector<double> XPrime)? best = null;
        double bestGap = 0;
        bool unknown = false;
        for (int i = 0; i < s; i++)
        {
            var pair = SameSectorCollision(sectors[i].Map, u[i]);
            if (pair is { } c)
            {
                Consider(c.X, c.XPrime);
            }
        }

        // (ii) pairs of sectors: extreme rays of K = {λ ≥ 0 : A_a U_a λ₁₂ = A_b U_b λ₃₄}.
        long pairs = 0;
        for (int a = 0; a < s; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int b = a + 1; b < s; b++)
            {
                pairs++;
                var m = au[a].Append(-au[b]);
                double scale = Math.Max(m.L1Norm(), 1e-300);
                for (int support = 1; support < 16; support++)
                {
                    int[] columns = Enumerable.Range(0, 4).Where(c => (support >> c & 1) != 0).ToArray();
                    var block = Matrix<double>.Build.Dense(m.RowCount, columns.Length, (r, c) => m[r, columns[c]]);
                    var lambda = OneDimensionalPositiveKernel(block, scale);
                    if (lambda is null)
                    {
                        continue;
                    }

                    var full = Vector<double>.Build.Dense(4);
                    for (int c = 0; c < columns.Length; c++)
                    {
                        full[columns[c]] = lambda[c];
                    }

                    Consider(u[a] * full.SubVector(0, 2), u[b] * full.SubVector(2, 2));
                }
            }
        }

        if (best is { } w)
        {
            return Witness(layers, w.X, w.XPrime, s, pairs, watch);
        }

        void Consider(Vector<double> x, Vector<double> x2)
        {
            double norm = Math.Max(x.InfinityNorm(), x2.InfinityNorm());
            double gap = (x - x2).InfinityNorm() / norm;
            if (gap >= CollisionTolerance && gap > bestGap)
            {
                best = (x / norm, x2 / norm);
                bestGap = gap;
            }
            else if (gap > DiagonalTolerance && gap < CollisionTolerance)
            {
                unknown = true;
            }
        }

        return new DeepInjectivityResult(unknown ? InjectivityStatus.Unknown : InjectivityStatus.Injective, s, pairs, null, null, watch.Elapsed);
    }

    /// <summary>Evaluates <c>f(x) = ReLU(W_l … ReLU(W_1 x))</c> (the engine's forward pass of <see cref="AsNetwork"/>).</summary>
    public static double[] Evaluate(IReadOnlyList<DenseLayer> layers, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return AsNetwork(layers).Evaluate(x);
    }

    /// <summary>
    /// <c>f = ReLU ∘ W_l ∘ … ∘ ReLU ∘ W_1</c> as a <see cref="ReluNetwork"/>: the given layers are its hidden layers and
    /// an identity output layer reads the last ReLU, so the engine's steps apply unchanged.
    /// </summary>
    public static ReluNetwork AsNetwork(IReadOnlyList<DenseLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("layers is empty; expected at least one layer.", nameof(layers));
        }

        int m = layers[^1].Outputs;
        var identity = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            identity[i * m + i] = 1.0;
        }

        return new ReluNetwork([.. layers, new DenseLayer(m, m, identity, new double[m])]);
    }

    /// <summary>A bias-free Gaussian network with the given widths <c>[n, m_1, …, m_l]</c> for one trial (one stream per trial).</summary>
    public static DenseLayer[] SampleNetwork(IReadOnlyList<int> widths, int seed, int trial)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2)
        {
            throw new ArgumentException($"widths has {widths.Count} entries; expected [n, m_1, …, m_l] with l ≥ 1.", nameof(widths));
        }

        var layers = new DenseLayer[widths.Count - 1];
        for (int k = 0; k < layers.Length; k++)
        {
            Guard.Positive(widths[k], nameof(widths));
            Guard.Positive(widths[k + 1], nameof(widths));
            // Layer 1 is exactly InjectivityMonteCarlo.SampleLayer(n, m_1, seed, trial), so single-layer and deep studies share it.
            double[] w = InjectivityMonteCarlo.SampleLayer(widths[k], widths[k + 1], k == 0 ? seed : unchecked(seed * 31 + k), trial);
            layers[k] = new DenseLayer(widths[k + 1], widths[k], w, new double[widths[k + 1]]);
        }

        return layers;
    }

    /// <summary>Monte Carlo <c>P(f injective)</c> for Gaussian bias-free nets with widths <c>[2, m_1, …, m_l]</c>, parallel over trials, deterministic.</summary>
    public static InjectivityEstimate Estimate(IReadOnlyList<int> widths, MonteCarloOptions? options = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(widths);
        options ??= new MonteCarloOptions();
        options.Validate();
        return InjectivityMonteCarlo.Run(widths[0], widths[^1], options, t => Check(SampleNetwork(widths, options.Seed, t), cancellationToken).Status, progress, cancellationToken);
    }

    private static DeepInjectivityResult Witness(IReadOnlyList<DenseLayer> layers, Vector<double> x, Vector<double> x2, int sectors, long pairs, Stopwatch watch)
    {
        double norm = Math.Max(x.InfinityNorm(), x2.InfinityNorm());
        double[] a = (x / norm).ToArray(), b = (x2 / norm).ToArray();
        double[] fa = Evaluate(layers, a), fb = Evaluate(layers, b);
        double diff = 0, size = 0;
        for (int i = 0; i < fa.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(fa[i] - fb[i]));
            size = Math.Max(size, Math.Max(Math.Abs(fa[i]), Math.Abs(fb[i])));
        }

        double weights = layers.Aggregate(1.0, (acc, l) => acc * Math.Max(1.0, MaxAbs(l.Weights)));
        var status = diff <= 1e-9 * Math.Max(size, weights) ? InjectivityStatus.NotInjective : InjectivityStatus.Unknown;
        return new DeepInjectivityResult(status, sectors, pairs, a, b, watch.Elapsed);
    }

    /// <summary>
    /// From a first-layer witness direction <c>x</c> (≤ 1 active row): <c>x' = x + t v</c> with <c>v</c> orthogonal to the
    /// active rows and <c>t</c> half the step to the nearest sign change (the better of <c>±v</c>); null when the relative
    /// gap is below 1e-3, so that the full enumeration looks for a clearer pair.
    /// </summary>
    private static (Vector<double> X, Vector<double> XPrime)? FirstLayerPair(DenseLayer layer, double[] witness)
    {
        var w = Matrix<double>.Build.DenseOfRowMajor(layer.Outputs, layer.Inputs, layer.Weights.ToArray());
        var x = Vector<double>.Build.DenseOfArray(witness);
        var z = w * x;
        var active = Enumerable.Range(0, z.Count).Where(i => SignRule.IsActive(z[i])).ToArray();
        var v = active.Length == 0
            ? x
            : Vector<double>.Build.DenseOfArray([-w[active[0], 1], w[active[0], 0]]);
        (Vector<double> X, Vector<double> XPrime)? best = null;
        double bestGap = 1e-3;
        foreach (int sign in new[] { 1, -1 })
        {
            var dir = sign * v;
            var dz = w * dir;
            double step = double.PositiveInfinity;
            for (int i = 0; i < z.Count; i++)
            {
                if (z[i] < 0 && dz[i] > 0)
                {
                    step = Math.Min(step, -z[i] / dz[i]);
                }
            }

            if (double.IsPositiveInfinity(step))
            {
                step = 1.0;
            }

            var x2 = x + 0.5 * step * dir;
            double gap = (x - x2).InfinityNorm() / Math.Max(x.InfinityNorm(), x2.InfinityNorm());
            if (gap > bestGap)
            {
                best = (x, x2);
                bestGap = gap;
            }
        }

        return best;
    }

    /// <summary>
    /// A colliding pair inside the closed cone <c>U = [u_a u_b]</c> when <c>A</c> has rank &lt; 2, chosen with a large
    /// relative gap: <c>(v, 2v)</c> when a kernel vector <c>v</c> of <c>A</c> lies in the cone (or <c>A = 0</c>), otherwise
    /// <c>(|c₀| u_a, |c₁| u_b)</c> for the kernel vector <c>v = c₀ u_a + c₁ u_b</c> with <c>c₀ c₁ &lt; 0</c>.
    /// </summary>
    private static (Vector<double> X, Vector<double> XPrime)? SameSectorCollision(Matrix<double> map, Matrix<double> u)
    {
        var svd = map.Svd(true);
        double top = svd.S.Count > 0 ? svd.S[0] : 0.0;
        if (top == 0.0)
        {
            var mid = u * Vector<double>.Build.Dense(2, 0.5);
            return (mid, 2 * mid);
        }

        if (svd.S.Count >= 2 && svd.S[1] > RankTolerance * top)
        {
            return null;
        }

        var v = svd.VT.Row(1);
        var c = u.Solve(v);
        if (c[0] * c[1] >= 0)
        {
            var inside = c[0] + c[1] >= 0 ? v : -v;
            return (inside, 2 * inside);
        }

        return (Math.Abs(c[0]) * u.Column(0), Math.Abs(c[1]) * u.Column(1));
    }

    private static Vector<double>? OneDimensionalPositiveKernel(Matrix<double> block, double scale)
    {
        int cols = block.ColumnCount;
        var svd = block.Svd(true);
        int rank = 0;
        for (int i = 0; i < svd.S.Count; i++)
        {
            if (svd.S[i] > RankTolerance * scale)
            {
                rank++;
            }
        }

        if (cols - rank != 1)
        {
            return null;
        }

        var v = svd.VT.Row(cols - 1);
        double max = v.AbsoluteMaximum();
        if (v.ForAll(e => e > 1e-9 * max))
        {
            return v / max;
        }

        if (v.ForAll(e => e < -1e-9 * max))
        {
            return -v / max;
        }

        return null;
    }

    private sealed record Sector(double Start, double End, Matrix<double> Map);

    /// <summary>Splits the circle into sectors with constant activation pattern in every layer and the map <c>f = A x</c> on each.</summary>
    private static List<Sector> Sectors(ReluNetwork network)
    {
        var bounds = new List<(double Start, double End)> { (0, Math.PI / 2), (Math.PI / 2, Math.PI), (Math.PI, 1.5 * Math.PI), (1.5 * Math.PI, 2 * Math.PI) };
        for (int k = 0; k < network.HiddenLayerCount; k++)
        {
            var next = new List<(double Start, double End)>();
            foreach (var (start, end) in bounds)
            {
                Matrix<double> pre = MapAt(network, k, 0.5 * (start + end));
                var cuts = new List<double> { start, end };
                for (int r = 0; r < pre.RowCount; r++)
                {
                    double phi = Math.Atan2(pre[r, 1], pre[r, 0]);
                    foreach (double zero in new[] { phi + Math.PI / 2, phi - Math.PI / 2, phi + 1.5 * Math.PI, phi - 1.5 * Math.PI, phi + 2.5 * Math.PI })
                    {
                        if (zero > start + 1e-12 && zero < end - 1e-12)
                        {
                            cuts.Add(zero);
                        }
                    }
                }

                cuts.Sort();
                for (int c = 0; c + 1 < cuts.Count; c++)
                {
                    if (cuts[c + 1] - cuts[c] > 1e-12)
                    {
                        next.Add((cuts[c], cuts[c + 1]));
                    }
                }
            }

            bounds = next;
        }

        return bounds.Select(b => new Sector(b.Start, b.End, MapAt(network, network.HiddenLayerCount, 0.5 * (b.Start + b.End)))).ToList();
    }

    /// <summary>
    /// The engine's symbolic step at the pattern of direction <paramref name="theta"/>: the linear map <c>x ↦ z_k</c> of
    /// layer <paramref name="k"/>'s pre-activations (patterns of layers &lt; k decided there); for the output layer, the
    /// map of <c>f</c> itself.
    /// </summary>
    private static Matrix<double> MapAt(ReluNetwork network, int k, double theta)
    {
        ActivationPattern pattern = network.PatternAt(Direction(theta));
        SymbolicState state = network.Engine.BeginSymbolic();
        PatternLayout layout = network.PatternLayout;
        for (int layer = 0; layer < k; layer++)
        {
            state.DecideLayer(pattern.Words[layout.WordOffset(layer)..layout.WordOffset(layer + 1)]);
        }

        return Matrix<double>.Build.DenseOfRowMajor(network.Engine.Width(k), 2, state.Matrix(k).ToArray());
    }

    private static double[] Direction(double theta) => [Math.Cos(theta), Math.Sin(theta)];

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }
}
