using System.Diagnostics;
using System.Globalization;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>Outcome of one stage-2 run at one level.</summary>
internal sealed record SublevelOutcome(
    BarrierStatus Status, string Reason, double[]? Witness, List<BarrierPiece> Pieces, double[] Seed, long Regions, long Skipped);

/// <summary>
/// Stage 2 (spec §4–§6): level-synchronous graph search over the activation regions of <c>B</c>'s hidden layer that
/// meet <c>{B ≤ 0}</c>, from the seed's region. Per region σ: the slack LP of <c>P_σ = cl R_σ ∩ {B_σ ≤ 0} ∩ X</c>
/// (skip when it has no interior); its bounding box grown by η (2n LPs, also the domain check); the unsafe set and
/// the uncertified cells (interval prefilter on the box, then a separation LP whose duals are kept); then every
/// hyperplane: the flipped pattern is looked up among the visited ones before any LP (hash before LP), a hyperplane
/// missing the box is pruned, else the facet LP <c>max t</c> on the hyperplane decides: <c>t* &gt; ε</c> — the facet meets
/// <c>{B &lt; 0}</c>, visit the neighbour; <c>t* &lt; −η</c> — <c>B &gt; η‖g‖</c> on the whole closed facet, the component is closed
/// there; otherwise (the zero set touches the facet) the neighbour must end up among the pieces or the run fails.
/// </summary>
/// <remarks>
/// Why the closure test makes <c>C</c> a union of components of <c>{B ≤ 0} ∩ X</c>: every point of <c>C</c> lying in the
/// closure of a region outside the search would lie on a facet between a piece's region and such a region (regions
/// around a point are connected through facets containing it), where <c>B &gt; 0</c> was proved; so a neighbourhood of
/// <c>C</c> meets <c>{B ≤ 0}</c> only in <c>C</c>. Levels are processed in parallel with one pooled LP model per worker,
/// cleared before each region, and merged in region order; the next level is sorted by code, so pieces and counts
/// do not depend on the thread count.
/// </remarks>
internal sealed partial class SublevelSearch
{
    private readonly BarrierProblem _problem;
    private readonly ReluNetwork _net;
    private readonly BarrierOptions _options;
    private readonly List<Box> _uncertified;
    private readonly LpCounters _counters;
    private readonly int _threads;
    private readonly double _eps;
    private readonly double _eta;
    private readonly int _n;
    private readonly double[] _boxNormals;
    private readonly double[] _boxOffsets;
    private readonly List<(double[] Normals, double[] Offsets)> _unsafe = [];
    private readonly BarrierBoundaryPolicy _policy;
    private readonly PatternEngine _engine;

    public SublevelSearch(BarrierProblem problem, ReluNetwork net, BarrierOptions options, List<Box> uncertified, LpCounters counters, int threads)
    {
        _problem = problem;
        _net = net;
        _options = options;
        _uncertified = uncertified;
        _counters = counters;
        _threads = threads;
        _n = problem.Dimension;
        double scale = 1.0;
        for (int j = 0; j < _n; j++)
        {
            scale = Math.Max(scale, Math.Max(Math.Abs(problem.Domain.Lower[j]), Math.Abs(problem.Domain.Upper[j])));
        }

        _eps = options.Tolerance * scale;
        _eta = options.Margin * scale;
        (_boxNormals, _boxOffsets) = PreparedArrangement.BoxRows(problem.Domain);
        foreach (Polytope p in problem.Unsafe.Polytopes)
        {
            _unsafe.Add(PreparedArrangement.PolytopeRows(p));
        }

        _engine = net.Engine;
        _policy = problem.System.Time == DynamicsTime.Discrete ? BarrierBoundaryPolicy.WholePiece : options.BoundaryPolicy;
    }

    public BarrierBoundaryPolicy Policy => _policy;

    private sealed class RegionResult
    {
        public required RegionCode Code { get; init; }

        public BarrierPiece? Piece { get; set; }

        public BarrierStatus? Failure { get; set; }

        public string? Reason { get; set; }

        public double[]? Witness { get; set; }

        public List<int> Enqueue { get; } = [];

        public List<(int Plane, double[] X)> Touching { get; } = [];

        public long Skipped { get; set; }
    }

    public SublevelOutcome Run(double[] seed, Stopwatch clock, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        int n = _n;
        DenseLayer hidden = _net.Layers[0];
        PreparedArrangement prep = PreparedArrangement.Create(n, NonIncreaseStage.NetworkData.CleanRows(hidden.Weights, n), hidden.Bias, _boxNormals, _boxOffsets, _problem.Domain, seed, _eps, 1e-10, new CellLp(n, _counters));

        CellSearchProblem planes = prep.Problem;
        double[] start = seed;
        double b0 = _net.Evaluate(start)[0];
        if (!(b0 < 0))
        {
            return new SublevelOutcome(BarrierStatus.SeedNotInSublevelSet,
                string.Create(CultureInfo.InvariantCulture, $"B(seed) = {b0:G6} is not negative; expected a seed in {{B < 0}}."),
                start, [], start, 0, 0);
        }

        var visited = new HashSet<RegionCode>();
        var baseCode = new RegionCode(new ulong[planes.WordCount]);
        visited.Add(baseCode);
        var level = new List<RegionCode> { baseCode };
        var pieces = new List<BarrierPiece>();
        var pieceCodes = new HashSet<RegionCode>();
        var empty = new List<RegionCode>();
        var touching = new List<(RegionCode Code, int Plane, double[] X)>();
        long regions = 0;
        long skipped = 0;
        BarrierStatus? failure = null;
        string? reason = null;
        double[]? witness = null;
        var pool = new System.Collections.Concurrent.ConcurrentBag<CellLp>();
        while (level.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (regions + level.Count > _options.MaxRegions)
            {
                return new SublevelOutcome(BarrierStatus.BudgetExhausted,
                    $"the region budget MaxRegions = {_options.MaxRegions} was exhausted after {regions} regions.", null, pieces, start, regions, skipped);
            }

            RegionResult[] results = ProcessLevel(prep, level, visited, pool, ct);
            var next = new List<RegionCode>();
            foreach (RegionResult r in results)
            {
                regions++;
                skipped += r.Skipped;
                if (r.Piece is null && r.Failure is null)
                {
                    empty.Add(r.Code);
                }

                if (r.Piece is not null)
                {
                    pieces.Add(r.Piece);
                    pieceCodes.Add(r.Code);
                }

                if (r.Failure is not null && failure is null)
                {
                    (failure, reason, witness) = (r.Failure, r.Reason, r.Witness);
                }

                foreach (int k in r.Enqueue)
                {
                    RegionCode c = r.Code.WithFlip(k);
                    if (visited.Add(c))
                    {
                        next.Add(c);
                    }
                }

                foreach (var (plane, x) in r.Touching)
                {
                    touching.Add((r.Code, plane, x));
                }
            }

            progress?.Report(new OperationProgress("stage 2: regions", regions, null, clock.Elapsed, _counters.Solved));
            if (failure is not null && _options.StopAtFirstFailure)
            {
                break;
            }

            next.Sort((a, b) => a.CompareTo(b));
            level = next;
        }

        if (failure is null)
        {
            foreach (RegionCode c in empty)
            {
                if (!c.Equals(baseCode) || pieces.Count == 0)
                {
                    (failure, reason, witness) = (BarrierStatus.SolverError,
                        "a region entered through a facet with B < 0 has no interior by its LP (numerically inconsistent); no certificate.", null);
                    break;
                }
            }
        }

        if (failure is null)
        {
            foreach (var (code, plane, x) in touching)
            {
                if (!pieceCodes.Contains(code.WithFlip(plane)))
                {
                    (failure, reason, witness) = (BarrierStatus.ComponentNotClosed,
                        $"the zero set of B touches hyperplane {prep.KeptInput[plane]} at a region outside the search; the component is not closed off by B > 0.", x);
                    break;
                }
            }
        }

        if (failure is null && _problem.System.Time == DynamicsTime.Discrete)
        {
            (failure, reason, witness) = CheckSingleComponent(pieces, ct);
        }

        if (failure is not null)
        {
            return new SublevelOutcome(failure.Value, reason!, witness, pieces, start, regions, skipped);
        }

        return new SublevelOutcome(BarrierStatus.Certified,
            _options.DomainPolicy == BarrierDomainPolicy.Contained
                ? $"B ≤ 0 on {pieces.Count} pieces forming a component of {{B ≤ 0}} strictly inside the domain that misses the unsafe set, with B non-increasing near its boundary."
                : $"B ≤ 0 on {pieces.Count} pieces forming a component of {{B ≤ 0}} ∩ X that misses the unsafe set, with B non-increasing near its boundary inside X (safe until a trajectory leaves X).",
            null, pieces, start, regions, skipped);
    }

    private RegionResult Process(PreparedArrangement prep, RegionCode code, HashSet<RegionCode> visited, CellLp lp, LpCounters counters)
    {
        int n = _n;
        CellSearchProblem planes = prep.Problem;
        int kept = planes.PlaneCount;
        var result = new RegionResult { Code = code };
        sbyte[] signs = prep.SignsOf(code);
        var words = new ulong[_net.PatternLayout.WordCount];
        var chars = new char[signs.Length];
        for (int i = 0; i < signs.Length; i++)
        {
            bool on = signs[i] > 0;
            chars[i] = on ? '1' : '0';
            if (on)
            {
                words[i >> 6] |= 1UL << (i & 63);
            }
        }

        // One symbolic step of the engine: B_σ = g·x + c and the region's rows, both under the full pattern.
        SymbolicState state = _engine.BeginSymbolic();
        state.DecideAll(words);
        double[] g = state.Matrix(1).ToArray();
        double c = state.Offset(1)[0];
        double gn = 0;
        foreach (double v in g)
        {
            gn += v * v;
        }

        gn = Math.Sqrt(gn);
        bool hasBRow = gn > 1e-14;
        if (!hasBRow && c >= 0)
        {
            return result; // B ≥ 0 on the whole region: no interior of {B ≤ 0}
        }

        // Domain rows of the cell LP: the box, then B_σ(x)/‖g‖ ≤ 0.
        int m = _boxOffsets.Length + (hasBRow ? 1 : 0);
        var dn = new double[m * n];
        var dOff = new double[m];
        _boxNormals.CopyTo(dn, 0);
        _boxOffsets.CopyTo(dOff, 0);
        if (hasBRow)
        {
            for (int j = 0; j < n; j++)
            {
                dn[(m - 1) * n + j] = g[j] / gn;
            }

            dOff[m - 1] = -c / gn;
        }

        lp.ResetBasis();
        lp.LoadDomain(dn, dOff);
        var w = new double[n];
        var (status, radius) = lp.Solve(code.Words, w);
        if (status != LpStatus.Optimal)
        {
            return Fail(result, BarrierStatus.SolverError, $"the piece LP of pattern {new string(chars)} failed ({status}).", null);
        }

        if (SignRule.Classify(radius, _eps) != NeuronState.Active)
        {
            return result;
        }

        // The piece's unit rows: region sides, box, B row.
        int rows = kept + m;
        var pn = new double[rows * n];
        var po = new double[rows];
        for (int k = 0; k < kept; k++)
        {
            double s = code.Has(k) ? -1.0 : 1.0;
            for (int j = 0; j < n; j++)
            {
                pn[k * n + j] = -s * planes.PlaneNormals[k * n + j];
            }

            po[k] = s * planes.PlaneOffsets[k];
        }

        dn.CopyTo(pn, kept * n);
        dOff.CopyTo(po, kept);
        var separations = new List<SeparationCertificate>();
        var lo = new double[n];
        var hi = new double[n];
        using var piece = new PieceLp(n, pn, po, counters);
        var e = new double[n];
        for (int j = 0; j < n; j++)
        {
            for (int side = 0; side < 2; side++)
            {
                Array.Clear(e);
                e[j] = side == 0 ? 1.0 : -1.0;
                var (st, value, x, duals) = piece.MaximizeGrown(e, _eta);
                if (st != LpStatus.Optimal)
                {
                    return Fail(result, BarrierStatus.SolverError, $"a bounding-box LP of pattern {new string(chars)} failed ({st}).", w);
                }

                double face = side == 0 ? _problem.Domain.Upper[j] : -_problem.Domain.Lower[j];
                if (side == 0)
                {
                    hi[j] = value;
                }
                else
                {
                    lo[j] = -value;
                }

                if (value >= face - 2 * _eta)
                {
                    if (_options.DomainPolicy == BarrierDomainPolicy.ExitAllowed)
                    {
                        continue;
                    }

                    Fail(result, BarrierStatus.TouchesDomain,
                        string.Create(CultureInfo.InvariantCulture, $"the piece of pattern {new string(chars)} reaches the domain face x{j} = {(side == 0 ? _problem.Domain.Upper[j] : _problem.Domain.Lower[j])}."), x);
                    continue;
                }

                separations.Add(new SeparationCertificate(SeparationKind.DomainFace, 2 * j + side, face - value, duals));
            }
        }

        if (result.Failure is not null)
        {
            goto Neighbours;
        }

        // Unsafe polytopes.
        for (int p = 0; p < _unsafe.Count; p++)
        {
            var (un, uo) = _unsafe[p];
            if (BoxOutside(un, uo, lo, hi))
            {
                continue;
            }

            var (st, gap, x, duals) = piece.Separate(un, uo);
            if (st != LpStatus.Optimal)
            {
                return Fail(result, BarrierStatus.SolverError, $"the unsafe-set LP of pattern {new string(chars)} failed ({st}).", w);
            }

            if (!(gap > _eta))
            {
                {
                    Fail(result, BarrierStatus.MeetsUnsafe,
                    string.Create(CultureInfo.InvariantCulture, $"the piece of pattern {new string(chars)} meets unsafe polytope {p} (separation {gap:G3})."), x);
                    goto Neighbours;
                }
            }

            separations.Add(new SeparationCertificate(SeparationKind.UnsafePolytope, p, gap, duals));
        }

        if (_problem.Unsafe.FunctionBound is not null && !PredicateMissed(pn, po, lo, hi, out double[]? bad))
        {
            {
                    Fail(result, BarrierStatus.MeetsUnsafe,
                $"the piece of pattern {new string(chars)} could not be separated from the unsafe set {_problem.Unsafe.Description}.", bad);
                    goto Neighbours;
                }
        }

        // Uncertified cells: the zero face (default) or the whole piece must miss them.
        bool zeroFace = _policy == BarrierBoundaryPolicy.ZeroFace && hasBRow;
        if (_policy == BarrierBoundaryPolicy.ZeroFace && !hasBRow)
        {
            // B is constant < 0 on the region: no zero face.
        }
        else
        {
            var cn = new double[(2 * n + 1) * n];
            var co = new double[2 * n + 1];
            for (int u = 0; u < _uncertified.Count; u++)
            {
                Box cell = _uncertified[u];
                bool apart = false;
                for (int j = 0; j < n && !apart; j++)
                {
                    apart = cell.Lower[j] > hi[j] + _eta || cell.Upper[j] < lo[j] - _eta;
                }

                if (apart)
                {
                    continue;
                }

                if (zeroFace)
                {
                    // B_σ over the cell ∩ box excludes 0 → the zero face misses the cell.
                    var ilo = new double[n];
                    var ihi = new double[n];
                    for (int j = 0; j < n; j++)
                    {
                        ilo[j] = Math.Max(cell.Lower[j], lo[j]);
                        ihi[j] = Math.Min(cell.Upper[j], hi[j]);
                    }

                    var (bl, bu) = NonIncreaseStage.NetworkData.AffineRange(g, c, ilo, ihi);
                    if (bl > 2 * _eta * gn || bu < -2 * _eta * gn)
                    {
                        continue;
                    }
                }

                var (cellNormals, cellOffsets) = PreparedArrangement.BoxRows(cell);
                int rowsU = cellOffsets.Length + (zeroFace ? 1 : 0);
                cellNormals.CopyTo(cn, 0);
                cellOffsets.CopyTo(co, 0);
                if (zeroFace)
                {
                    for (int j = 0; j < n; j++)
                    {
                        cn[cellOffsets.Length * n + j] = -g[j] / gn;
                    }

                    co[cellOffsets.Length] = c / gn;
                }

                var (st, gap, x, duals) = piece.Separate(cn.AsSpan(0, rowsU * n), co.AsSpan(0, rowsU));
                if (st != LpStatus.Optimal)
                {
                    return Fail(result, BarrierStatus.SolverError, $"the cell-separation LP of pattern {new string(chars)} failed ({st}).", w);
                }

                if (!(gap > _eta))
                {
                    {
                    Fail(result, BarrierStatus.BoundaryNotDecreasing,
                        $"the {(zeroFace ? "zero face" : "piece")} of pattern {new string(chars)} meets an uncertified cell {cell} where B was not proved non-increasing.", x);
                    goto Neighbours;
                }
                }

                separations.Add(new SeparationCertificate(SeparationKind.UncertifiedCell, u, gap, duals));
            }
        }

        // Discrete time: f must map the piece into the domain.
        if (_problem.System.Time == DynamicsTime.Discrete && _options.DomainPolicy == BarrierDomainPolicy.Contained)
        {
            var box = new Interval[n];
            var fb = new Interval[n];
            for (int j = 0; j < n; j++)
            {
                box[j] = new Interval(lo[j], hi[j]);
            }

            _problem.System.Bound(box, fb);
            for (int j = 0; j < n; j++)
            {
                if (!(fb[j].Lower > _problem.Domain.Lower[j] + _eta && fb[j].Upper < _problem.Domain.Upper[j] - _eta))
                {
                    {
                    Fail(result, BarrierStatus.NotInvariant,
                        $"f may map the piece of pattern {new string(chars)} outside the domain (coordinate {j}).", w);
                    goto Neighbours;
                }
                }
            }
        }

    // Neighbours across each hyperplane (also after a failed check, so the traversal covers the whole component).
    Neighbours:
        var xf = new double[n];
        for (int k = 0; k < kept; k++)
        {
            RegionCode flipped = code.WithFlip(k);
            if (_options.HashBeforeLp && visited.Contains(flipped))
            {
                result.Skipped++;
                continue;
            }

            var (zl, zu) = NonIncreaseStage.NetworkData.AffineRange(planes.PlaneNormals.AsSpan(k * n, n), planes.PlaneOffsets[k], lo, hi);
            if (zl > 2 * _eta || zu < -2 * _eta)
            {
                result.Skipped++;
                continue;
            }

            var (st, t) = lp.SolveOnPlane(code.Words, k, xf);
            if (st != LpStatus.Optimal)
            {
                return Fail(result, BarrierStatus.SolverError, $"a facet LP of pattern {new string(chars)} failed ({st}).", w);
            }

            if (t > _eps)
            {
                result.Enqueue.Add(k);
            }
            else if (!(t < -_eta))
            {
                // Ambiguous: is the hyperplane a true facet of the region? (same LP without the B row)
                lp.LoadDomain(_boxNormals, _boxOffsets);
                var xg = new double[n];
                var (st2, t2) = lp.SolveOnPlane(code.Words, k, xg);
                lp.LoadDomain(dn, dOff);
                if (st2 != LpStatus.Optimal)
                {
                    return Fail(result, BarrierStatus.SolverError, $"a facet LP of pattern {new string(chars)} failed ({st2}).", w);
                }

                if (t2 > _eps)
                {
                    result.Touching.Add((k, (double[])xf.Clone()));
                }
            }
        }

        if (result.Failure is not null)
        {
            return result;
        }

        // The piece as rows of the engine's region (one per neuron), B row, domain box.
        var hs = new List<HalfSpace>(signs.Length + 1 + 2 * n);
        var normal = new double[n];
        for (int i = 0; i < signs.Length; i++)
        {
            double offset = state.HalfSpace(0, i, normal);
            hs.Add(new HalfSpace(normal, offset));
        }

        hs.Add(new HalfSpace(g, -c));
        hs.AddRange(_problem.Domain.ToPolytope().HalfSpaces);
        result.Piece = new BarrierPiece(new string(chars), new Polytope(n, hs), g, c, w, radius, separations);
        return result;
    }

    private static RegionResult Fail(RegionResult r, BarrierStatus status, string reason, double[]? witness)
    {
        if (r.Failure is not null && status != BarrierStatus.SolverError)
        {
            return r;
        }

        r.Failure = status;
        r.Reason = reason;
        r.Witness = witness;
        return r;
    }

    /// <summary>Whether some row of a polytope is violated by more than η over the whole box (the box misses it).</summary>
    private bool BoxOutside(double[] normals, double[] offsets, double[] lo, double[] hi)
    {
        for (int r = 0; r < offsets.Length; r++)
        {
            var (l, _) = NonIncreaseStage.NetworkData.AffineRange(normals.AsSpan(r * _n, _n), -offsets[r], lo, hi);
            if (l > 2 * _eta)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Bisects the piece's bounding box until every sub-box is either outside the piece (a row exceeds its bound over the
    /// sub-box) or has <c>h &gt; 0</c> by the interval extension; false with a witness box centre when the depth runs out.
    /// </summary>
    private bool PredicateMissed(double[] pn, double[] po, double[] lo, double[] hi, out double[]? bad)
    {
        int n = _n;
        var stack = new Stack<(double[] Lo, double[] Hi, int Depth)>();
        stack.Push(((double[])lo.Clone(), (double[])hi.Clone(), 0));
        var box = new Interval[n];
        int budget = 1 << 18;
        while (stack.Count > 0)
        {
            var (l, h, depth) = stack.Pop();
            if (--budget < 0)
            {
                bad = Center(l, h);
                return false;
            }

            bool outside = false;
            for (int r = 0; r < po.Length && !outside; r++)
            {
                var (rl, _) = NonIncreaseStage.NetworkData.AffineRange(pn.AsSpan(r * n, n), -po[r], l, h);
                outside = rl > 0;
            }

            if (outside)
            {
                continue;
            }

            for (int j = 0; j < n; j++)
            {
                box[j] = new Interval(l[j], h[j]);
            }

            if (_problem.Unsafe.FunctionBound!(box).Lower > 0)
            {
                continue;
            }

            if (depth >= _options.MaxUnsafeBisections * n)
            {
                bad = Center(l, h);
                return false;
            }

            int widest = 0;
            for (int j = 1; j < n; j++)
            {
                if (h[j] - l[j] > h[widest] - l[widest])
                {
                    widest = j;
                }
            }

            double mid = 0.5 * (l[widest] + h[widest]);
            var h1 = (double[])h.Clone();
            h1[widest] = mid;
            var l2 = (double[])l.Clone();
            l2[widest] = mid;
            stack.Push((l2, h, depth + 1));
            stack.Push((l, h1, depth + 1));
        }

        bad = null;
        return true;
    }

    private static double[] Center(double[] l, double[] h)
    {
        var c = new double[l.Length];
        for (int j = 0; j < l.Length; j++)
        {
            c[j] = 0.5 * (l[j] + h[j]);
        }

        return c;
    }

    /// <summary>
    /// Discrete time: every region of the whole arrangement in X outside the pieces must have <c>B &gt; η‖g‖</c> on its
    /// closure, so <c>{B ≤ 0} ∩ X = C</c> and <c>B(f(x)) ≤ 0</c>, <c>f(x) ∈ X</c> imply <c>f(x) ∈ C</c>.
    /// </summary>
    private (BarrierStatus?, string?, double[]?) CheckSingleComponent(List<BarrierPiece> pieces, CancellationToken ct)
    {
        int n = _n;
        DenseLayer hidden = _net.Layers[0];
        var patterns = new HashSet<string>(pieces.Select(p => p.Pattern));
        ArrangementResult all = ArrangementEnumerator.Enumerate(
            new HyperplaneArrangement(n, NonIncreaseStage.NetworkData.CleanRows(hidden.Weights, n), hidden.Bias), _problem.Domain,
            new ArrangementOptions { MaxDegreeOfParallelism = _threads }, cancellationToken: ct);
        for (long i = 0; i < all.Lp.Solved; i++)
        {
            _counters.AddSolved();
        }

        if (all.Status != Regions.EnumerationStatus.Complete)
        {
            return (BarrierStatus.SolverError, "the full arrangement enumeration for the single-component check did not complete.", null);
        }

        foreach (ArrangementCell cell in all.Cells)
        {
            var words = new ulong[_net.PatternLayout.WordCount];
            var chars = new char[cell.Signs.Length];
            var rows = new List<double>();
            var offs = new List<double>();
            for (int i = 0; i < cell.Signs.Length; i++)
            {
                bool on = cell.Signs[i] > 0;
                chars[i] = on ? '1' : '0';
                if (on)
                {
                    words[i >> 6] |= 1UL << (i & 63);
                }

                if (cell.Signs[i] != 0)
                {
                    double s = cell.Signs[i];
                    for (int j = 0; j < n; j++)
                    {
                        rows.Add(-s * hidden.Weights[i * n + j]);
                    }

                    offs.Add(s * hidden.Bias[i]);
                }
            }

            if (patterns.Contains(new string(chars)))
            {
                continue;
            }

            SymbolicState state = _engine.BeginSymbolic();
            state.DecideAll(words);
            double[] g = state.Matrix(1).ToArray();
            double c = state.Offset(1)[0];
            rows.AddRange(_boxNormals);
            offs.AddRange(_boxOffsets);
            using var lp = new PolytopeLp(n, NonIncreaseStage.NetworkData.CleanRows(rows.ToArray(), n), offs.ToArray(), _counters);
            var neg = g.Select(v => -v).ToArray();
            var x = new double[n];
            var (st, value) = lp.Maximize(neg, x);
            double gn = Math.Sqrt(g.Sum(v => v * v));
            if (st != LpStatus.Optimal)
            {
                return (BarrierStatus.SolverError, $"the single-component LP of pattern {new string(chars)} failed ({st}).", null);
            }

            double minB = -value + c;
            if (!(minB > 2 * _eta * Math.Max(gn, 1.0)))
            {
                return (BarrierStatus.NotInvariant,
                    $"{{B ≤ 0}} ∩ X has points outside the certified component (pattern {new string(chars)}), which f could jump to.", x);
            }
        }

        return (null, null, null);
    }
}
