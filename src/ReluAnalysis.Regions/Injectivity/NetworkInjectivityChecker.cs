using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Geometry;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Lp;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Regions.Injectivity;

/// <summary>
/// The exact finite check of injectivity of a ReLU network for any input dimension (injectivity spec §6): is there
/// <c>x ≠ x'</c> with <c>f(x) = f(x')</c>? For a bias-free network (positively homogeneous) the answer over
/// <c>[−1, 1]^n</c> is the answer over <c>R^n</c>; with biases it is "injective on the box".
/// </summary>
/// <remarks>
/// <para>Steps: (1) bias-free only: the first layer by the ray checker (<see cref="InjectivityChecker"/>); a
/// non-injective first layer gives a witness pair at once. (2) bias-free only, sufficient: every hidden layer injective
/// by the ray checker and the output layer of full column rank ⇒ injective (used when the ray counts are small). (3) The
/// linear regions of f in the box (<see cref="LinearRegionEnumerator"/>, on the engine's symbolic step); on region R,
/// <c>f = A_R x + c_R</c>. (4) Rank: <c>rank A_R &lt; n</c> (SVD, relative 1e-10) gives a pair inside R. (5) Pairs: for
/// regions <c>a &lt; b</c>, coordinate i and sign s, the LP <c>max s(x_i − x'_i)</c> over <c>x ∈ cl R_a</c>,
/// <c>x' ∈ cl R_b</c>, <c>A_a x + c_a = A_b x' + c_b</c> — unless linear algebra decides the pair first: when
/// <c>[A_a, −A_b]</c> has full column rank the collision set is one point (the origin without biases), and when its null
/// space lies on the diagonal <c>x = x'</c> (regions sharing a face) there is no collision; for random nets nearly every
/// pair is decided this way, in <c>O(m n²)</c>.</para>
/// <para>A witness is re-checked by two forward passes: it is reported when <c>‖f(x) − f(x')‖∞ ≤ 1e-6 · ‖x − x'‖∞ ·
/// max(1, ‖A‖∞)</c>. Pairs are processed in blocks of regions in a fixed order, so the verdict, the witness and the counts do
/// not depend on the thread count. Cost: <c>O(R² m n²)</c> for the pair algebra over R regions, plus 2n small LPs for each pair it leaves open.</para>
/// </remarks>
public static class NetworkInjectivityChecker
{
    private const double RankTolerance = 1e-10;
    private const int Block = 8;

    /// <summary>Checks <paramref name="network"/> as a map <c>R^n → R^m</c> (its final affine layer included).</summary>
    /// <param name="network">The network; bias-free for a verdict on all of <c>R^n</c>.</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="progress">Stage and counts ("regions", "pairs").</param>
    /// <param name="cancellationToken">Cancels the check (throws <see cref="OperationCanceledException"/>).</param>
    public static NetworkInjectivityResult Check(
        ReluNetwork network, NetworkInjectivityOptions? options = null, IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new NetworkInjectivityOptions();
        Validate(network, options);
        var clock = Stopwatch.StartNew();
        int n = network.InputDimension;
        Box box = options.Domain ?? new Box(Enumerable.Repeat(-1.0, n).ToArray(), Enumerable.Repeat(1.0, n).ToArray());
        bool homogeneous = network.Layers.All(l => l.Bias.IndexOfAnyExcept(0.0) < 0);
        double halfWidth = 0;
        for (int i = 0; i < n; i++)
        {
            halfWidth = Math.Max(halfWidth, 0.5 * (box.Upper[i] - box.Lower[i]));
        }

        double tol = options.Tolerance * halfWidth;
        var state = new Run(network, box, homogeneous, tol, clock);

        // (1) and (2): layer-wise shortcuts for bias-free networks over the default box.
        if (homogeneous && options.Domain is null && network.HiddenLayerCount > 0)
        {
            if (FirstLayerPair(network, cancellationToken) is { } early && state.Accept(early.X, early.XPrime, "first layer") is { } result)
            {
                return result;
            }

            if (LayerwiseInjective(network, cancellationToken))
            {
                return state.Finish(InjectivityStatus.Injective, "layer-wise injective");
            }
        }

        // (3) the regions.
        var regionOptions = new LinearRegionOptions
        {
            ComputeHRepresentation = true,
            TimeLimit = options.TimeLimit,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        };
        LinearRegionResult enumeration = LinearRegionEnumerator.Enumerate(network, box, regionOptions, cancellationToken: cancellationToken);
        state.Lps += enumeration.Lp.Solved;
        state.Regions = enumeration.Regions.Count;
        progress?.Report(new OperationProgress("regions", state.Regions, state.Regions, clock.Elapsed));
        if (enumeration.Status != EnumerationStatus.Complete)
        {
            return state.Finish(InjectivityStatus.Unknown, $"region enumeration ended with {enumeration.Status}");
        }

        // (4) rank of each region's map.
        var regions = enumeration.Regions;
        foreach (LinearRegion region in regions)
        {
            if (RankDefectPair(region) is { } pair && state.Accept(pair.X, pair.XPrime, "rank") is { } result)
            {
                return result;
            }
        }

        return Pairs(state, regions, options, progress, cancellationToken);
    }

    /// <summary>
    /// Monte Carlo <c>P(f injective)</c> for bias-free Gaussian nets <c>f = ReLU ∘ W_l ∘ … ∘ ReLU ∘ W_1</c> with widths
    /// <c>[n, m_1, …, m_l]</c> (any n), by this exact check; trial t uses the instance of
    /// <see cref="DeepInjectivityChecker.SampleNetwork"/> (so its first layer is the single-layer study's), one check per
    /// thread, deterministic. Unknown verdicts are counted apart and left out of the estimate.
    /// </summary>
    /// <param name="widths"><c>[n, m_1, …, m_l]</c>.</param>
    /// <param name="options">Trials, seed, parallelism over trials; null for defaults.</param>
    /// <param name="checkOptions">Options of each check (its parallelism is forced to 1); null for defaults.</param>
    /// <param name="progress">Receives the number of finished trials.</param>
    /// <param name="cancellationToken">Stops early; the estimate then covers the finished trials.</param>
    public static InjectivityEstimate Estimate(
        IReadOnlyList<int> widths, MonteCarloOptions? options = null, NetworkInjectivityOptions? checkOptions = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(widths);
        options ??= new MonteCarloOptions();
        options.Validate();
        var single = (checkOptions ?? new NetworkInjectivityOptions()) with { MaxDegreeOfParallelism = 1 };
        return InjectivityMonteCarlo.Run(
            widths[0], widths[^1], options,
            t => Check(DeepInjectivityChecker.AsNetwork(DeepInjectivityChecker.SampleNetwork(widths, options.Seed, t)), single, null, cancellationToken).Status,
            progress, cancellationToken);
    }

    /// <summary>(5) the pair LPs, in blocks of regions; the first witness in (a, b, i, s) order wins.</summary>
    private static NetworkInjectivityResult Pairs(
        Run state, IReadOnlyList<LinearRegion> regions, NetworkInjectivityOptions options, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        int count = regions.Count;
        long baseLps = state.Lps;
        int threads = Parallelism.Resolve(options.MaxDegreeOfParallelism);
        var counters = new LpCounters();
        var grams = new double[count][];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct }, r =>
            grams[r] = Gram(regions[r].Map.Matrix, regions[r].Map.Outputs, regions[r].Map.Inputs));
        long total = (long)count * (count - 1) / 2;
        bool unknown = false;
        for (int start = 0; start < count; start += Block)
        {
            ct.ThrowIfCancellationRequested();
            if (options.TimeLimit is { } limit && state.Clock.Elapsed > limit)
            {
                state.Lps = baseLps + counters.Solved;
                return state.Finish(InjectivityStatus.Unknown, "time limit");
            }

            int end = Math.Min(count, start + Block);
            var found = new (double[] X, double[] XPrime)?[end - start];
            var bandHit = new bool[end - start];
            var examined = new long[end - start];
            var byAlgebra = new long[end - start];
            Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct }, a =>
            {
                for (int b = a + 1; b < count && found[a - start] is null; b++)
                {
                    examined[a - start]++;
                    var (pair, band, decided) = options.PairAlgebra
                        ? PairAlgebra(regions[a], regions[b], grams[a], grams[b], state.Homogeneous, state.Tolerance)
                        : (null, false, false);
                    if (decided)
                    {
                        byAlgebra[a - start]++;
                    }
                    else
                    {
                        (pair, band) = PairLp(regions[a], regions[b], state.Tolerance, counters);
                    }

                    bandHit[a - start] |= band;
                    found[a - start] = pair;
                }
            });
            state.PairsExamined += examined.Sum();
            state.PairsByAlgebra += byAlgebra.Sum();
            unknown |= bandHit.Any(x => x);
            progress?.Report(new OperationProgress("pairs", state.PairsExamined, total, state.Clock.Elapsed, state.Lps + counters.Solved));
            foreach (var pair in found)
            {
                if (pair is { } p)
                {
                    state.Lps = baseLps + counters.Solved;
                    if (state.Accept(p.X, p.XPrime, "pairs") is { } result)
                    {
                        return result;
                    }

                    // An LP optimum that two forward passes do not confirm: no verdict.
                    unknown = true;
                }
            }
        }

        state.Lps = baseLps + counters.Solved;
        if (counters.Failed > 0)
        {
            return state.Finish(InjectivityStatus.Unknown, $"{counters.Failed} LPs failed numerically");
        }

        return unknown
            ? state.Finish(InjectivityStatus.Unknown, "a collision LP ended inside the tolerance band")
            : state.Finish(InjectivityStatus.Injective, "pairs");
    }

    /// <summary>
    /// Decides a pair by linear algebra when it can. The collision set is <c>{(x, x') : M (x; x') = c_b − c_a}</c> with
    /// <c>M = [A_a, −A_b]</c>, intersected with the two closures. When <c>M</c> has full column rank (Cholesky of
    /// <c>MᵀM</c> with pivots above 1e-12 of its largest diagonal entry) the set is one point: <c>(0, 0)</c> without biases
    /// (no collision), otherwise the solution of the normal equations, a collision when it lies in both closures with
    /// <c>‖x − x'‖∞ &gt; tol</c>. When the null space of <c>M</c> lies on the diagonal <c>x = x'</c> (adjacent regions share
    /// a face) and there are no biases, every solution has <c>x = x'</c>. Otherwise the LPs decide (<c>Decided</c> false).
    /// </summary>
    private static ((double[] X, double[] XPrime)? Pair, bool Band, bool Decided) PairAlgebra(
        LinearRegion ra, LinearRegion rb, double[] gramA, double[] gramB, bool homogeneous, double tol)
    {
        int n = ra.Map.Inputs, m = ra.Map.Outputs, k = 2 * n;
        ReadOnlySpan<double> aa = ra.Map.Matrix, ab = rb.Map.Matrix;
        Span<double> g = stackalloc double[k * k];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double cross = 0;
                for (int r = 0; r < m; r++)
                {
                    cross += aa[r * n + i] * ab[r * n + j];
                }

                g[i * k + j] = gramA[i * n + j];
                g[(n + i) * k + n + j] = gramB[i * n + j];
                g[i * k + n + j] = -cross;
                g[(n + j) * k + i] = -cross;
            }
        }

        if (CholeskyFullRank(g, k))
        {
            if (homogeneous)
            {
                return (null, false, true);
            }

            return (UniquePoint(ra, rb, g, k, tol), false, true);
        }

        if (!homogeneous)
        {
            return (null, false, false);
        }

        // Null space of M by SVD: the collisions are (x, x') = N t; all on the diagonal ⇒ none.
        var mm = Matrix<double>.Build.Dense(m, k);
        for (int r = 0; r < m; r++)
        {
            for (int c = 0; c < n; c++)
            {
                mm[r, c] = aa[r * n + c];
                mm[r, n + c] = -ab[r * n + c];
            }
        }

        var svd = mm.Svd(true);
        double top = svd.S.Count > 0 ? svd.S[0] : 0.0;
        for (int c = 0; c < k; c++)
        {
            if (c < svd.S.Count && svd.S[c] > RankTolerance * top)
            {
                continue;
            }

            // Row c of Vᵀ spans part of the null space.
            for (int i = 0; i < n; i++)
            {
                if (Math.Abs(svd.VT[c, i] - svd.VT[c, n + i]) > 1e-9)
                {
                    return (null, false, false);
                }
            }
        }

        return (null, false, true);
    }

    /// <summary>In-place Cholesky of the k × k matrix <paramref name="g"/>; true when every pivot exceeds 1e-12 of the largest diagonal entry.</summary>
    private static bool CholeskyFullRank(Span<double> g, int k)
    {
        double scale = 0;
        for (int i = 0; i < k; i++)
        {
            scale = Math.Max(scale, g[i * k + i]);
        }

        if (!(scale > 0))
        {
            return false;
        }

        for (int j = 0; j < k; j++)
        {
            double d = g[j * k + j];
            for (int p = 0; p < j; p++)
            {
                d -= g[j * k + p] * g[j * k + p];
            }

            if (!(d > 1e-12 * scale))
            {
                return false;
            }

            double root = Math.Sqrt(d);
            g[j * k + j] = root;
            for (int i = j + 1; i < k; i++)
            {
                double v = g[i * k + j];
                for (int p = 0; p < j; p++)
                {
                    v -= g[i * k + p] * g[j * k + p];
                }

                g[i * k + j] = v / root;
            }
        }

        return true;
    }

    /// <summary>
    /// The only solution of <c>A_a x + c_a = A_b x' + c_b</c> (normal equations with the Cholesky factor in
    /// <paramref name="factor"/>), when it solves the system, lies in both closures and is separated by more than tol.
    /// </summary>
    private static (double[] X, double[] XPrime)? UniquePoint(LinearRegion ra, LinearRegion rb, ReadOnlySpan<double> factor, int k, double tol)
    {
        int n = ra.Map.Inputs, m = ra.Map.Outputs;
        ReadOnlySpan<double> aa = ra.Map.Matrix, ab = rb.Map.Matrix;
        var rhs = new double[m];
        double rhsNorm = 0;
        for (int r = 0; r < m; r++)
        {
            rhs[r] = rb.Map.Offset[r] - ra.Map.Offset[r];
            rhsNorm = Math.Max(rhsNorm, Math.Abs(rhs[r]));
        }

        // z = (MᵀM)⁻¹ Mᵀ rhs by forward and back substitution with L Lᵀ.
        var z = new double[k];
        for (int c = 0; c < k; c++)
        {
            double v = 0;
            for (int r = 0; r < m; r++)
            {
                v += (c < n ? aa[r * n + c] : -ab[r * n + c - n]) * rhs[r];
            }

            z[c] = v;
        }

        for (int i = 0; i < k; i++)
        {
            double v = z[i];
            for (int p = 0; p < i; p++)
            {
                v -= factor[i * k + p] * z[p];
            }

            z[i] = v / factor[i * k + i];
        }

        for (int i = k - 1; i >= 0; i--)
        {
            double v = z[i];
            for (int p = i + 1; p < k; p++)
            {
                v -= factor[p * k + i] * z[p];
            }

            z[i] = v / factor[i * k + i];
        }

        double residual = 0;
        for (int r = 0; r < m; r++)
        {
            double v = -rhs[r];
            for (int c = 0; c < n; c++)
            {
                v += aa[r * n + c] * z[c] - ab[r * n + c] * z[n + c];
            }

            residual = Math.Max(residual, Math.Abs(v));
        }

        double[] x = z[..n], x2 = z[n..];
        double separation = 0;
        for (int i = 0; i < n; i++)
        {
            separation = Math.Max(separation, Math.Abs(x[i] - x2[i]));
        }

        bool solves = residual <= 1e-9 * Math.Max(1.0, rhsNorm);
        bool inside = ra.HRepresentation!.MinSlack(x) >= -1e-9 && rb.HRepresentation!.MinSlack(x2) >= -1e-9;
        return solves && inside && separation > tol ? (x, x2) : null;
    }

    /// <summary><c>AᵀA</c> (n × n) of a row-major m × n map.</summary>
    private static double[] Gram(ReadOnlySpan<double> a, int m, int n)
    {
        var g = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double v = 0;
                for (int r = 0; r < m; r++)
                {
                    v += a[r * n + i] * a[r * n + j];
                }

                g[i * n + j] = v;
            }
        }

        return g;
    }

    /// <summary>
    /// <c>max s(x_i − x'_i)</c> over <c>x ∈ cl R_a</c>, <c>x' ∈ cl R_b</c>, <c>A_a x + c_a = A_b x' + c_b</c> for every i and s;
    /// the first optimum above <paramref name="tol"/> gives the pair, one between <c>tol/10</c> and tol flags the band.
    /// </summary>
    private static ((double[] X, double[] XPrime)? Pair, bool Band) PairLp(LinearRegion ra, LinearRegion rb, double tol, LpCounters counters)
    {
        int n = ra.Witness.Length;
        int m = ra.Map.Outputs;
        using var lp = new LpSolver(counters);
        for (int v = 0; v < 2 * n; v++)
        {
            lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity);
        }

        AddRows(lp, ra.HRepresentation!, 0);
        AddRows(lp, rb.HRepresentation!, n);
        ReadOnlySpan<double> aa = ra.Map.Matrix, ab = rb.Map.Matrix;
        for (int j = 0; j < m; j++)
        {
            double rhs = rb.Map.Offset[j] - ra.Map.Offset[j];
            int row = lp.AddRow(rhs, rhs);
            for (int t = 0; t < n; t++)
            {
                lp.SetCoefficient(row, t, aa[j * n + t]);
                lp.SetCoefficient(row, n + t, -ab[j * n + t]);
            }
        }

        lp.SetMaximize(true);
        bool band = false;
        for (int i = 0; i < n; i++)
        {
            foreach (double s in (ReadOnlySpan<double>)[1.0, -1.0])
            {
                for (int t = 0; t < 2 * n; t++)
                {
                    lp.SetObjective(t, t == i ? s : t == n + i ? -s : 0.0);
                }

                LpStatus status = lp.Solve();
                if (status != LpStatus.Optimal)
                {
                    // Infeasible cannot happen for adjacent or distant closures sharing no value; it means the images miss.
                    if (status == LpStatus.Infeasible)
                    {
                        return (null, band);
                    }

                    band = true;
                    continue;
                }

                double value = lp.ObjectiveValue;
                if (value > tol)
                {
                    var x = new double[n];
                    var x2 = new double[n];
                    for (int t = 0; t < n; t++)
                    {
                        x[t] = lp.Value(t);
                        x2[t] = lp.Value(n + t);
                    }

                    return ((x, x2), band);
                }

                band |= value > tol / 10;
            }
        }

        return (null, band);
    }

    private static void AddRows(LpSolver lp, Polytope polytope, int offset)
    {
        int n = polytope.Dimension;
        foreach (HalfSpace h in polytope.HalfSpaces)
        {
            int row = lp.AddRow(double.NegativeInfinity, h.Offset);
            for (int t = 0; t < n; t++)
            {
                lp.SetCoefficient(row, offset + t, h.Normal[t]);
            }
        }
    }

    /// <summary>A pair inside a region whose map has a kernel: the witness and a step along the kernel that stays inside.</summary>
    private static (double[] X, double[] XPrime)? RankDefectPair(LinearRegion region)
    {
        int n = region.Witness.Length, m = region.Map.Outputs;
        var a = Matrix<double>.Build.DenseOfRowMajor(m, n, region.Map.Matrix.ToArray());
        var svd = a.Svd(true);
        double top = svd.S.Count > 0 ? svd.S[0] : 0.0;
        int rank = 0;
        foreach (double s in svd.S)
        {
            if (s > RankTolerance * top)
            {
                rank++;
            }
        }

        if (rank == n)
        {
            return null;
        }

        double[] v = svd.VT.Row(n - 1).ToArray();
        double[] x = region.Witness;
        double step = double.PositiveInfinity;
        foreach (HalfSpace h in region.HRepresentation!.HalfSpaces)
        {
            double dv = Kernels.Dot.Compute(h.Normal, v);
            if (dv > 0)
            {
                step = Math.Min(step, h.Slack(x) / dv);
            }
        }

        step = double.IsFinite(step) ? 0.5 * step : 1.0;
        var x2 = new double[n];
        for (int t = 0; t < n; t++)
        {
            x2[t] = x[t] + step * v[t];
        }

        return ((double[])x.Clone(), x2);
    }

    /// <summary>
    /// (1): a non-injective first layer <c>ReLU(W_1 x)</c> (ray checker) gives <c>x</c> with fewer than n active rows;
    /// <c>x' = x + t v</c> with v in the kernel of the active rows and t half the step to the nearest inactive row's sign
    /// change has the same first-layer output. Both are scaled into <c>[−1, 1]^n</c>.
    /// </summary>
    private static (double[] X, double[] XPrime)? FirstLayerPair(ReluNetwork network, CancellationToken ct)
    {
        DenseLayer first = network.Layers[0];
        var check = InjectivityChecker.Check(first, new InjectivityCheckOptions { MaxDegreeOfParallelism = 1 }, null, ct);
        if (check.Status != InjectivityStatus.NotInjective || check.Witness is null)
        {
            return null;
        }

        int n = first.Inputs;
        double[] x = check.Witness;
        var z = new double[first.Outputs];
        network.Engine.Step(0, x, z);
        var active = Enumerable.Range(0, z.Length).Where(i => Patterns.SignRule.IsActive(z[i])).ToArray();
        double[] v;
        if (active.Length == 0)
        {
            v = x;
        }
        else
        {
            var rows = Matrix<double>.Build.Dense(active.Length, n, (r, c) => first.Weight(active[r], c));
            var svd = rows.Svd(true);
            v = svd.VT.Row(n - 1).ToArray();
        }

        double step = double.PositiveInfinity;
        for (int i = 0; i < z.Length; i++)
        {
            double dz = Kernels.Dot.Compute(first.Row(i), v);
            if (!Patterns.SignRule.IsActive(z[i]) && dz > 0)
            {
                step = Math.Min(step, -z[i] / dz);
            }
        }

        step = double.IsFinite(step) ? 0.5 * step : 1.0;
        var x2 = new double[n];
        for (int t = 0; t < n; t++)
        {
            x2[t] = x[t] + step * v[t];
        }

        double norm = Math.Max(x.Max(Math.Abs), x2.Max(Math.Abs));
        return (x.Select(e => e / norm).ToArray(), x2.Select(e => e / norm).ToArray());
    }

    /// <summary>
    /// (2): sufficient for a bias-free network: every hidden layer injective on its whole input space (ray checker, run
    /// only when it is small: <c>m_k ≥ 2 m_{k−1}</c> is necessary and the ray count <c>C(m_k, m_{k−1} − 1)</c> at most 2·10⁶)
    /// and the output layer of full column rank.
    /// </summary>
    private static bool LayerwiseInjective(ReluNetwork network, CancellationToken ct)
    {
        for (int k = 0; k < network.HiddenLayerCount; k++)
        {
            DenseLayer layer = network.Layers[k];
            if (layer.Outputs < 2 * layer.Inputs || Binomial(layer.Outputs, layer.Inputs - 1) > 2e6)
            {
                return false;
            }

            if (InjectivityChecker.Check(layer, new InjectivityCheckOptions { MaxDegreeOfParallelism = 1 }, null, ct).Status != InjectivityStatus.Injective)
            {
                return false;
            }
        }

        DenseLayer output = network.Layers[^1];
        var w = Matrix<double>.Build.DenseOfRowMajor(output.Outputs, output.Inputs, output.Weights.ToArray());
        var s = w.Svd(false).S;
        return output.Outputs >= output.Inputs && s[output.Inputs - 1] > RankTolerance * s[0];
    }

    private static double Binomial(int m, int k)
    {
        double c = 1;
        for (int i = 0; i < k; i++)
        {
            c = c * (m - i) / (i + 1);
        }

        return c;
    }

    private static void Validate(ReluNetwork network, NetworkInjectivityOptions options)
    {
        if (options.Domain is { } box && box.Dimension != network.InputDimension)
        {
            throw new ArgumentException($"Domain has dimension {box.Dimension}; expected the network's input dimension {network.InputDimension}.", nameof(options));
        }

        if (!(options.Tolerance > 0 && options.Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Tolerance, $"Tolerance = {options.Tolerance}; expected a number in (0, 1).");
        }

        if (options.TimeLimit is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), t, $"TimeLimit = {t}; expected a positive duration.");
        }
    }

    /// <summary>The state of one check: counts, the witness re-check and the result.</summary>
    internal sealed class Run(ReluNetwork network, Box box, bool homogeneous, double tolerance, Stopwatch clock)
    {
        public ReluNetwork Network { get; } = network;

        public Box Box { get; } = box;

        public bool Homogeneous { get; } = homogeneous;

        public double Tolerance { get; } = tolerance;

        public Stopwatch Clock { get; } = clock;

        public int Regions { get; set; }

        public long Lps { get; set; }

        public long PairsExamined { get; set; }

        public long PairsByAlgebra { get; set; }

        /// <summary>
        /// The result for a candidate pair when two forward passes confirm it (<c>‖x − x'‖∞ &gt; tol</c> and
        /// <c>‖f(x) − f(x')‖∞ ≤ 1e-6 ‖x − x'‖∞ max(1, ‖A‖∞)</c>), else null.
        /// </summary>
        public NetworkInjectivityResult? Accept(double[] x, double[] x2, string reason)
        {
            double separation = 0;
            for (int t = 0; t < x.Length; t++)
            {
                separation = Math.Max(separation, Math.Abs(x[t] - x2[t]));
            }

            if (!(separation > Tolerance))
            {
                return null;
            }

            double[] fx = Network.Evaluate(x), fx2 = Network.Evaluate(x2);
            double residual = 0;
            for (int j = 0; j < fx.Length; j++)
            {
                residual = Math.Max(residual, Math.Abs(fx[j] - fx2[j]));
            }

            double lipschitz = Math.Max(1.0, Math.Max(LocalNorm(x), LocalNorm(x2)));
            if (residual > 1e-6 * separation * lipschitz)
            {
                return null;
            }

            return Finish(InjectivityStatus.NotInjective, reason) with { X = x, XPrime = x2, Residual = residual };
        }

        public NetworkInjectivityResult Finish(InjectivityStatus status, string reason) => new()
        {
            Status = status,
            Homogeneous = Homogeneous,
            Domain = Box,
            Reason = reason,
            Regions = Regions,
            Lps = Lps,
            PairsExamined = PairsExamined,
            PairsByAlgebra = PairsByAlgebra,
            Elapsed = Clock.Elapsed,
        };

        private double LocalNorm(double[] x)
        {
            var map = Patterns.LocalAffineMap.At(Network, x);
            double norm = 0;
            for (int j = 0; j < map.Outputs; j++)
            {
                double row = 0;
                foreach (double e in map.Gradient(j))
                {
                    row += Math.Abs(e);
                }

                norm = Math.Max(norm, row);
            }

            return norm;
        }
    }
}
