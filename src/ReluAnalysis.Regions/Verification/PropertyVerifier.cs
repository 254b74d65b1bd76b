using System.Collections.Concurrent;
using System.Diagnostics;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Lp;
using ReluAnalysis.Regions.NetworkRegions;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Regions.Verification;

/// <summary>
/// Exact verification of a linear output property (spec §3): decides whether some input of the property's input
/// set is mapped by the network into the unsafe set, and returns a replayed counterexample when one is.
/// </summary>
/// <remarks>
/// <para><b>Attack.</b> Seeded random samples of each input piece (batched evaluation), then projected sign-gradient
/// steps from the best samples on <c>φ_u(x) = max_r (G_{u,r} f(x) − h_{u,r})</c> (gradients from the local affine
/// map); a point with <c>φ_u ≤ 0</c> is a counterexample. Round 0 runs before the search; round r ≥ 1 (4^r times the
/// samples, a new seed) runs once the search has bounded 32·4^r boxes, so a hard instance spends a bounded share of its
/// time (about 128 samples per box) on ever larger attacks: violations in tiny regions (ACAS Xu φ7) are found by
/// sampling long before the search reaches them. The schedule counts boxes, not seconds, so it is deterministic.</para>
/// <para><b>Search.</b> Branch and bound over input boxes (the bounding box of each piece is the root). On a box,
/// <see cref="LinearBoundPropagator"/> bounds every hidden neuron and gives each unsafe row a linear lower bound
/// <c>a_r·x + b_r ≤ G_r f(x) − h_r</c>; a disjunct is excluded when one of its rows has a positive minimum over the
/// box. The box's best candidate (the corner minimising the bound) is evaluated. When the network is affine on the
/// box (no unstable neuron), the bounds are exact and the LP <c>min t</c> s.t. <c>a_r·x + b_r ≤ t</c>, <c>x</c> in the
/// box (and the piece) decides each remaining disjunct: <c>t* &gt; 0</c> excludes it (the LP's duals are the proof),
/// otherwise its minimiser is a counterexample. Other boxes are halved at the midpoint of one input, chosen by
/// <see cref="VerificationOptions.Split"/>: by default strong branching (probe both halves of each candidate input with
/// cheap symbolic bounds, keep the input whose worse half improves most), falling back to the input maximising
/// <c>width_j · max_r |a_{r,j}|</c> over the rows of the open disjuncts (see <see cref="SplitRule"/>). The choice depends
/// on the box alone.</para>
/// <para><b>Determinism.</b> The tree is processed best first (lowest bound of an open disjunct first, ties by creation order) in batches of a fixed size; the nodes of a batch are
/// bounded in parallel and merged in order, so the verdict, the counterexample and the statistics are identical for
/// every thread count (up to the timeout). Every candidate is re-checked by <see cref="ReluNetwork.Evaluate(ReadOnlySpan{double})"/>
/// with a relative tolerance before it is reported.</para>
/// <para>Bounds are computed in floating point without outward rounding; a row is taken as excluded when its lower
/// bound exceeds <c>1e-12 · max(1, |h|)</c>.</para>
/// </remarks>
public static class PropertyVerifier
{
    private const int BatchSize = 64;

    // SplitRule.Strong: candidates at least 1/64 as wide (relative to the piece) as the relatively widest side; the
    // probes are skipped when the symbolic bounds leave more than 1.5 n + 20 unstable neurons where the search's leave n;
    // the best probe replaces the coefficient rule's input only when it improves the box's probe gap 1.5 times as much.
    private const double StrongWidthRatio = 64;
    private const double StrongLooseness = 1.5;
    private const double StrongLoosenessSlack = 20;
    private const double StrongMargin = 1.5;

    // Later attack rounds sample 4× more points each; one round never exceeds this many.
    private const int MaxAttackSamples = 1 << 22;
    private const int AttackBlock = 1 << 16;

    // A region leaf gives up (the box is split instead) beyond this many linear regions.
    private const int RegionLeafLimit = 1 << 20;

    /// <summary>Verifies <paramref name="property"/> on <paramref name="network"/> (raw network, no normalisation).</summary>
    /// <param name="network">The network; for <c>.nnet</c> files the property is in normalised input units.</param>
    /// <param name="property">The property; its dimensions must match the network.</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="progress">Progress after each batch of search nodes ("attack", "search").</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">Dimensions do not match, an option is out of range, or an input piece is unbounded or empty.</exception>
    public static VerificationResult Verify(
        ReluNetwork network, VerificationProperty property, VerificationOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(property);
        options ??= new VerificationOptions();
        Validate(network, property, options);
        return new Search(network, property, options, progress, cancellationToken).Run();
    }

    private static void Validate(ReluNetwork network, VerificationProperty property, VerificationOptions options)
    {
        if (property.InputDimension != network.InputDimension)
        {
            throw new ArgumentException($"property has {property.InputDimension} inputs; the network expects {network.InputDimension}.", nameof(property));
        }

        if (property.OutputDimension != network.OutputDimension)
        {
            throw new ArgumentException($"property has {property.OutputDimension} outputs; the network has {network.OutputDimension}.", nameof(property));
        }

        if (options.Timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Timeout = {t}; expected a positive duration.", nameof(options));
        }

        if (options.AttackSamples < 0 || options.AttackRestarts < 0 || options.AttackSteps < 0)
        {
            throw new ArgumentException($"AttackSamples = {options.AttackSamples}, AttackRestarts = {options.AttackRestarts}, AttackSteps = {options.AttackSteps}; expected ≥ 0.", nameof(options));
        }

        if (options.RegionLeafNeurons < 0 || options.RegionLeafDepth < 0)
        {
            throw new ArgumentException($"RegionLeafNeurons = {options.RegionLeafNeurons}, RegionLeafDepth = {options.RegionLeafDepth}; expected ≥ 0.", nameof(options));
        }

        if (options.MaxNodes < 1)
        {
            throw new ArgumentException($"MaxNodes = {options.MaxNodes}; expected ≥ 1.", nameof(options));
        }

        if (!(options.Tolerance >= 0) || !double.IsFinite(options.Tolerance))
        {
            throw new ArgumentException($"Tolerance = {options.Tolerance}; expected a finite number ≥ 0.", nameof(options));
        }
    }

    /// <summary>One search node waiting in the stack.</summary>
    private sealed record Pending(int Piece, double[] Lower, double[] Upper, ulong Excluded, int Parent, int Depth, double Gap);

    /// <summary>What bounding one node produced.</summary>
    private sealed class Outcome
    {
        public NodeClosure Closure;
        public ulong Excluded;
        public int SplitDimension = -1;
        public double SplitValue;
        public bool Affine;

        // Linear regions examined by a region leaf, and the LPs it solved (its enumeration's and the disjuncts').
        public int LinearRegions;
        public long RegionLps;

        // Symbolic bound propagations of the split rule's probes.
        public int Probes;
        public bool LpFailed;
        public bool Unconfirmed;
        public double[]? Counterexample;
        public double[]? Output;
        public int Disjunct = -1;

        // The disjuncts excluded at this node and why; recorded only with KeepSearchTree.
        public List<DisjunctExclusion>? Exclusions;

        // min over open disjuncts of max_r (lower bound of row r): the children's search priority (lowest first).
        public double Gap = double.PositiveInfinity;
    }

    /// <summary>Per-worker scratch.</summary>
    private sealed class Worker(ReluNetwork net, int pieces)
    {
        private readonly (LinearBoundPropagator Bounds, ActiveSetLp Lp)?[] _leafTools = new (LinearBoundPropagator, ActiveSetLp)?[pieces];

        public LinearBoundPropagator Bounds { get; } = new(net);

        // The multiplier LP of a multi-row disjunct (x and t).
        public ActiveSetLp MultiplierLp { get; } = new(net.InputDimension + 1);

        /// <summary>The region leaves' propagator and region LP (x and t) for the network of input piece <paramref name="piece"/> (its fixed inputs substituted).</summary>
        public (LinearBoundPropagator Bounds, ActiveSetLp Lp) LeafTools(int piece, ReluNetwork leafNet) =>
            _leafTools[piece] ??= (new LinearBoundPropagator(leafNet), new ActiveSetLp(leafNet.InputDimension + 1));
    }

    private sealed class Search
    {
        private readonly ReluNetwork _net;
        private readonly VerificationProperty _property;
        private readonly VerificationOptions _options;
        private readonly IProgress<OperationProgress>? _progress;
        private readonly CancellationToken _ct;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly int _d;
        private readonly int _threads;
        private readonly (double[] G, double[] H)[] _disjuncts;
        private readonly Box[] _roots;
        private readonly bool[] _pieceIsBox;

        // Per input piece: the network region leaves enumerate, with the piece's fixed inputs (lower == upper) substituted.
        private readonly (ReluNetwork Net, InputRestriction? Restriction)[] _leafNets;
        private readonly ConcurrentBag<Worker> _workers = [];
        private readonly LpCounters _lpCounters = new();
        private readonly List<VerificationNode>? _tree;
        private long _attackEvaluations;
        private long _regions;
        private long _affine;
        private long _probes;
        private long _linearRegions;
        private long _regionLps;

        public Search(ReluNetwork net, VerificationProperty property, VerificationOptions options, IProgress<OperationProgress>? progress, CancellationToken ct)
        {
            _net = net;
            _property = property;
            _options = options;
            _progress = progress;
            _ct = ct;
            _d = net.InputDimension;
            _threads = Parallelism.Resolve(options.MaxDegreeOfParallelism);
            _tree = options.KeepSearchTree ? [] : null;
            int m = net.OutputDimension;
            _disjuncts = property.UnsafeOutputs.Select(u => u.Rows()).ToArray();
            _roots = new Box[property.InputPieces.Count];
            _pieceIsBox = new bool[_roots.Length];
            for (int a = 0; a < _roots.Length; a++)
            {
                _pieceIsBox[a] = property.InputBoxes[a] is not null;
                _roots[a] = property.InputBoxes[a] ?? BoundingBox(property.InputPieces[a], a);
            }

            _leafNets = _roots.Select(root =>
            {
                // A single point (no free side) is left to the affine leaf: it has no unstable neuron.
                InputRestriction? restriction = InputRestriction.HasFixedSides(root) && !root.Lower.SequenceEqual(root.Upper)
                    ? InputRestriction.FixedSidesOf(net, root) : null;
                return (restriction?.Restricted ?? net, restriction);
            }).ToArray();
        }

        private Box BoundingBox(Polytope piece, int index)
        {
            var lo = new double[_d];
            var hi = new double[_d];
            var (f, g) = piece.Rows();

            using var lp = new PolytopeLp(_d, f, g, _lpCounters);
            var c = new double[_d];
            var x = new double[_d];
            for (int j = 0; j < _d; j++)
            {
                foreach (int s in new[] { 1, -1 })
                {
                    Array.Clear(c);
                    c[j] = s;
                    var (status, value) = lp.Maximize(c, x);
                    if (status != LpStatus.Optimal)
                    {
                        throw new ArgumentException($"input piece {index} is not a bounded non-empty polytope (LP status {status} along x_{j}).", "property");
                    }

                    if (s > 0)
                    {
                        hi[j] = value;
                    }
                    else
                    {
                        lo[j] = -value;
                    }
                }
            }

            for (int j = 0; j < _d; j++)
            {
                hi[j] = Math.Max(hi[j], lo[j]);
            }

            return new Box(lo, hi);
        }

        private bool TimedOut => _options.Timeout is { } t && _clock.Elapsed > t;

        private VerificationResult Result(VerificationStatus status, double[]? x = null, double[]? y = null, int disjunct = -1, int piece = -1, string? reason = null, bool byAttack = false) =>
            new(status, x, y, disjunct, piece, reason, _regions, _affine, _lpCounters.Solved + _regionLps, _regions + _probes, _attackEvaluations, byAttack, _clock.Elapsed, _tree) { LinearRegions = _linearRegions };

        public VerificationResult Run()
        {
            if (_disjuncts.Length == 0)
            {
                return Result(VerificationStatus.Holds);
            }

            // Attack every piece first: a counterexample ends the run cheaply.
            if (AttackAll(0) is { } first)
            {
                return first;
            }

            // Best first: the box whose open disjunct has the lowest bound is the likeliest to hold a counterexample.
            // Ties go to the older node, so the order is a function of the tree alone.
            var stack = new PriorityQueue<Pending, (double Gap, long Sequence)>();
            long sequence = 0;
            for (int a = 0; a < _roots.Length; a++)
            {
                stack.Enqueue(new Pending(a, _roots[a].Lower.ToArray(), _roots[a].Upper.ToArray(), 0UL, -1, 0, double.NegativeInfinity), (double.NegativeInfinity, sequence++));
            }

            string? unknown = null;
            int attackRound = 1;
            var batch = new List<Pending>(BatchSize);
            var outcomes = new Outcome[BatchSize];
            while (stack.Count > 0)
            {
                _ct.ThrowIfCancellationRequested();
                if (TimedOut)
                {
                    return Result(VerificationStatus.Unknown, reason: "timeout");
                }

                if (_regions >= _options.MaxNodes)
                {
                    return Result(VerificationStatus.Unknown, reason: "node limit");
                }

                batch.Clear();
                int take = Math.Min(BatchSize, stack.Count);
                for (int i = 0; i < take; i++)
                {
                    batch.Add(stack.Dequeue());
                }

                if (_threads == 1 || batch.Count == 1)
                {
                    for (int i = 0; i < batch.Count; i++)
                    {
                        outcomes[i] = Process(batch[i]);
                    }
                }
                else
                {
                    Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = _ct }, i => outcomes[i] = Process(batch[i]));
                }

                // Merge in batch order: the first counterexample in this order wins, whatever the thread count.
                for (int i = 0; i < batch.Count; i++)
                {
                    Pending p = batch[i];
                    Outcome o = outcomes[i];
                    _regions++;
                    _probes += o.Probes;
                    _linearRegions += o.LinearRegions;
                    _regionLps += o.RegionLps;
                    if (o.Affine)
                    {
                        _affine++;
                    }

                    int id = -1;
                    if (_tree is not null)
                    {
                        id = _tree.Count;
                        _tree.Add(new VerificationNode(p.Parent, p.Piece, p.Lower, p.Upper, o.Closure, o.SplitDimension, o.SplitValue, (IReadOnlyList<DisjunctExclusion>?)o.Exclusions ?? []));
                    }

                    switch (o.Closure)
                    {
                        case NodeClosure.Counterexample:
                            return Result(VerificationStatus.Violated, o.Counterexample, o.Output, o.Disjunct, p.Piece);
                        case NodeClosure.Open:
                            unknown ??= o.LpFailed ? "LP failure" : "unconfirmed candidate";
                            break;
                        case NodeClosure.Split:
                        {
                            int j = o.SplitDimension;
                            var leftHi = (double[])p.Upper.Clone();
                            leftHi[j] = o.SplitValue;
                            var rightLo = (double[])p.Lower.Clone();
                            rightLo[j] = o.SplitValue;
                            var left = new Pending(p.Piece, p.Lower, leftHi, o.Excluded, id, p.Depth + 1, o.Gap);
                            var right = new Pending(p.Piece, rightLo, p.Upper, o.Excluded, id, p.Depth + 1, o.Gap);
                            stack.Enqueue(left, (o.Gap, sequence++));
                            stack.Enqueue(right, (o.Gap, sequence++));
                            break;
                        }
                    }
                }

                _progress?.Report(new OperationProgress("search", _regions, null, _clock.Elapsed, stack.Count));
                if (_regions >= AttackRoundAfter(attackRound) && AttackAll(attackRound++) is { } late)
                {
                    return late;
                }
            }

            return unknown is null ? Result(VerificationStatus.Holds) : Result(VerificationStatus.Unknown, reason: unknown);
        }

        private Outcome Process(Pending node)
        {
            if (!_workers.TryTake(out Worker? worker))
            {
                worker = new Worker(_net, _roots.Length);
            }

            try
            {
                return Bound(node, worker);
            }
            finally
            {
                _workers.Add(worker);
            }
        }

        private Outcome Bound(Pending node, Worker worker)
        {
            int d = _d;
            int m = _net.OutputDimension;
            double[] lo = node.Lower, hi = node.Upper;
            LinearBoundPropagator bounds = worker.Bounds;
            int unstable = bounds.Propagate(lo, hi, _options.Bounds);
            var outcome = new Outcome { Excluded = node.Excluded, Affine = unstable == 0, Exclusions = _tree is null ? null : [] };
            var score = new double[d];
            var a = new double[d];
            var candidate = new double[d];
            var openRows = new List<(int Disjunct, double[][] A, double[] B, int[] Slopes)>();
            for (int u = 0; u < _disjuncts.Length; u++)
            {
                if (u < 64 && ((node.Excluded >> u) & 1UL) != 0)
                {
                    continue;
                }

                var (g, h) = _disjuncts[u];
                int rows = h.Length;
                var rowsA = new double[rows][];
                var rowsB = new double[rows];
                var slopes = new int[rows];
                bool excluded = false;
                double best = double.NegativeInfinity;
                int bestRow = -1;
                for (int r = 0; r < rows; r++)
                {
                    double min = bounds.LowerBound(g.AsSpan(r * m, m), a, out double b, out slopes[r]) - h[r];
                    rowsA[r] = (double[])a.Clone();
                    rowsB[r] = b - h[r];
                    if (min > 1e-12 * Math.Max(1.0, Math.Abs(h[r])))
                    {
                        excluded = true;
                        outcome.Exclusions?.Add(new DisjunctExclusion(u, [r], [1.0], slopes[r]));
                        break;
                    }

                    if (min > best)
                    {
                        best = min;
                        bestRow = r;
                    }
                }

                if (excluded)
                {
                    if (u < 64)
                    {
                        outcome.Excluded |= 1UL << u;
                    }

                    continue;
                }

                if (rows >= 2 && unstable > 0 && CombinedExclusion(worker, u, rowsA, rowsB, lo, hi) is { } combined)
                {
                    outcome.Exclusions?.Add(combined);
                    if (u < 64)
                    {
                        outcome.Excluded |= 1UL << u;
                    }

                    continue;
                }

                openRows.Add((u, rowsA, rowsB, slopes));
                if (rows == 0)
                {
                    continue;
                }

                // Candidate: the corner minimising the sum of the rows' linear bounds.
                for (int j = 0; j < d; j++)
                {
                    double s = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        s += rowsA[r][j];
                        score[j] = Math.Max(score[j], Math.Abs(rowsA[r][j]) * (hi[j] - lo[j]));
                    }

                    candidate[j] = s > 0 ? lo[j] : s < 0 ? hi[j] : 0.5 * (lo[j] + hi[j]);
                }

                if (Check(node.Piece, candidate) is { } found)
                {
                    outcome.Closure = NodeClosure.Counterexample;
                    (outcome.Counterexample, outcome.Output, outcome.Disjunct) = found;
                    return outcome;
                }

                outcome.Gap = Math.Min(outcome.Gap, best);
                _ = bestRow;
            }

            if (openRows.Count == 0)
            {
                outcome.Closure = NodeClosure.Bounds;
                return outcome;
            }

            // The network is affine on the box: the bounds are exact, an LP decides each open disjunct.
            double width = 0;
            for (int j = 0; j < d; j++)
            {
                width = Math.Max(width, (hi[j] - lo[j]) / Math.Max(1.0, Math.Abs(lo[j]) + Math.Abs(hi[j])));
            }

            if (unstable == 0 || width < 1e-13)
            {
                return LeafLp(node, outcome, openRows, exact: unstable == 0);
            }

            if (WantsRegionLeaf(node, unstable) && RegionLeaf(node, worker, outcome, openRows))
            {
                return outcome;
            }

            int split = ChooseSplit(node, bounds, [.. openRows.Select(o => o.Disjunct)], score, unstable, out outcome.Probes);
            outcome.Closure = NodeClosure.Split;
            outcome.SplitDimension = split;
            outcome.SplitValue = 0.5 * (lo[split] + hi[split]);
            return outcome;
        }

        /// <summary>
        /// Whether a box the bounds left open is decided by its linear regions rather than split: few unstable neurons
        /// (<see cref="VerificationOptions.RegionLeafNeurons"/>), or deep with a third of the hidden neurons or more still
        /// unstable (<see cref="VerificationOptions.RegionLeafDepth"/>). Never when the search tree is kept for a proof, nor
        /// on a polytope piece.
        /// </summary>
        private bool WantsRegionLeaf(Pending node, int unstable) =>
            _tree is null && _pieceIsBox[node.Piece]
            && (unstable <= _options.RegionLeafNeurons || (node.Depth >= _options.RegionLeafDepth && 3 * unstable >= _net.HiddenNeuronCount));

        /// <summary>
        /// Decides a box exactly: its linear regions (<see cref="LinearRegionEnumerator"/>, on one
        /// thread) and on each the LP <c>min t</c> s.t. <c>G_r (A x + c) − h_r ≤ t</c>, x in the region, for every open
        /// disjunct; <c>t* &gt; 0</c> excludes the disjunct there, otherwise the minimiser is re-checked as a counterexample.
        /// Returns false (the box is then split) when the enumeration or an LP fails, a minimiser is not confirmed, or the
        /// box has more than <see cref="RegionLeafLimit"/> regions.
        /// </summary>
        private bool RegionLeaf(Pending node, Worker worker, Outcome outcome, List<(int Disjunct, double[][] A, double[] B, int[] Slopes)> openRows)
        {
            int m = _net.OutputDimension;
            var (net, restriction) = _leafNets[node.Piece];
            var (bounds, lp) = worker.LeafTools(node.Piece, net);
            var box = new Box(node.Lower, node.Upper);
            TimeSpan? left = _options.Timeout - _clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            // The enumeration stops at the deadline too (status Timeout: the box is split, and the search then ends unknown).
            var options = new LinearRegionOptions
            {
                MaxDegreeOfParallelism = 1, ComputeHRepresentation = true, MaxRegions = RegionLeafLimit, DiscardRegions = true, TimeLimit = left,
                Prune = (record, layer, hull) => Excludes(bounds, lp, record, layer, hull, openRows),
            };
            bool undecided = false;
            int lps = 0, regions = 0;
            (double[] X, double[] Y, int Disjunct)? found = null;
            LinearRegionResult result = LinearRegionEnumerator.Enumerate(net, restriction?.Restrict(box) ?? box, options, region =>
            {
                regions++;
                foreach (var (u, _, _, _) in openRows)
                {
                    lps++;
                    var (g, h) = _disjuncts[u];
                    double[]? x = RegionMinimiser(lp, region, g, h, m, out bool failed);
                    if (failed)
                    {
                        undecided = true;
                        return RegionDecision.Stop;
                    }

                    if (x is null)
                    {
                        continue;
                    }

                    found = Check(node.Piece, restriction?.Lift(x) ?? x);
                    undecided = found is null;
                    return RegionDecision.Stop;
                }

                return RegionDecision.Continue;
            }, cancellationToken: _ct);
            outcome.LinearRegions += regions;
            outcome.RegionLps += lps + result.Lp.Solved;
            if (found is { } cex)
            {
                outcome.Closure = NodeClosure.Counterexample;
                (outcome.Counterexample, outcome.Output, outcome.Disjunct) = cex;
                return true;
            }

            if (undecided || result.Status != EnumerationStatus.Complete)
            {
                return false;
            }

            outcome.Closure = NodeClosure.Regions;
            return true;
        }

        /// <summary>
        /// Whether every open disjunct is excluded on a region of layers 1..<paramref name="layer"/> inside <paramref name="hull"/>:
        /// the engine's bounds from the region's frontier map (<see cref="LinearBoundPropagator.PropagateFrom"/>) give
        /// each row a linear lower bound <c>a_r·x + b_r</c> on the region; a disjunct is excluded when one of them is
        /// positive over the hull, else when <c>max_r (a_r·x + b_r)</c> is positive over the region itself (an LP).
        /// </summary>
        private bool Excludes(LinearBoundPropagator bounds, ActiveSetLp lp, LinearRegionEnumerator.Record region, int layer, Box hull, List<(int Disjunct, double[][] A, double[] B, int[] Slopes)> openRows)
        {
            SymbolicState state = region.State;
            bounds.PropagateFrom(layer, state.Matrix(layer), state.Offset(layer), hull.Lower, hull.Upper);
            int m = _net.OutputDimension, d = hull.Dimension;
            foreach (var (u, _, _, _) in openRows)
            {
                // Row by row, stopping at the first positive one (cheaper here than the batched bounds of every row).
                var (g, h) = _disjuncts[u];
                var rowsA = new double[h.Length][];
                var rowsB = new double[h.Length];
                bool excluded = false;
                for (int r = 0; r < h.Length && !excluded; r++)
                {
                    rowsA[r] = new double[d];
                    excluded = bounds.LowerBound(g.AsSpan(r * m, m), rowsA[r], out double b) - h[r] > 1e-12 * Math.Max(1.0, Math.Abs(h[r]));
                    rowsB[r] = b - h[r];
                }

                if (!excluded && !(h.Length > 0 && MinMaxRow(lp, rowsA, rowsB, region.RowNormals, region.RowOffsets, region.Witness, out _) is { } t && t > 1e-12 * Scale(h)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary><c>max(1, max_r |h_r|)</c>: the scale of a disjunct's exclusion tolerance.</summary>
        private static double Scale(double[] h)
        {
            double scale = 1.0;
            foreach (double v in h)
            {
                scale = Math.Max(scale, Math.Abs(v));
            }

            return scale;
        }

        /// <summary>
        /// <c>min over {x : N x ≤ o} of max_r (a_r·x + b_r)</c> by the dense active-set LP in <c>(x, t)</c> (rows
        /// <c>a_r·x − t ≤ −b_r</c> first, then <c>N x ≤ o</c>) from the feasible point <paramref name="start"/>; null when the
        /// LP does not solve. <paramref name="x"/> receives the minimiser; the LP's active rows and multipliers stay readable.
        /// </summary>
        private static double? MinMaxRow(ActiveSetLp lp, double[][] rowsA, double[] rowsB, double[] normals, double[] offsets, double[] start, out double[] x)
        {
            int d = start.Length, n = d + 1, rows = rowsB.Length, total = rows + offsets.Length;
            var columns = new double[n * total];
            var rhs = new double[total];
            var v = new double[n];
            start.CopyTo(v, 0);
            v[d] = double.NegativeInfinity;
            for (int r = 0; r < rows; r++)
            {
                // a_r·x − t ≤ −b_r.
                double value = rowsB[r];
                for (int j = 0; j < d; j++)
                {
                    columns[(j * total) + r] = rowsA[r][j];
                    value += rowsA[r][j] * start[j];
                }

                columns[(d * total) + r] = -1;
                rhs[r] = -rowsB[r];
                v[d] = Math.Max(v[d], value);
            }

            for (int s = 0; s < offsets.Length; s++)
            {
                for (int j = 0; j < d; j++)
                {
                    columns[(j * total) + rows + s] = normals[(s * d) + j];
                }

                rhs[rows + s] = offsets[s];
            }

            var objective = new double[n];
            objective[d] = -1;
            if (lp.Maximize(columns, rhs, 0, objective, v) != LpStatus.Optimal)
            {
                x = [];
                return null;
            }

            x = v[..d];
            return v[d];
        }

        /// <summary>
        /// <c>min t</c> s.t. <c>G_r (A x + c) − h_r ≤ t</c> over the region (<see cref="MinMaxRow"/> from the region's witness):
        /// null when <c>t* &gt; 0</c> (the disjunct misses the region), else the minimiser; <paramref name="failed"/> when the LP did not solve.
        /// </summary>
        private static double[]? RegionMinimiser(ActiveSetLp lp, LinearRegion region, double[] g, double[] h, int m, out bool failed)
        {
            failed = false;
            if (h.Length == 0)
            {
                // An empty conjunction: every output is unsafe.
                return (double[])region.Witness.Clone();
            }

            // Row r on the region: (G_r A) x + (G_r c − h_r).
            var rowsA = new double[h.Length][];
            var rowsB = new double[h.Length];
            for (int r = 0; r < h.Length; r++)
            {
                rowsA[r] = new double[region.Witness.Length];
                rowsB[r] = region.Map.Functional(g.AsSpan(r * m, m), rowsA[r]) - h[r];
            }

            var (normals, offsets) = region.HRepresentation!.Rows();

            if (MinMaxRow(lp, rowsA, rowsB, normals, offsets, region.Witness, out double[] x) is not { } t)
            {
                failed = true;
                return null;
            }

            return t > 1e-12 * Scale(h) ? null : x;
        }

        /// <summary>
        /// A disjunct none of whose rows is positive on the box alone may still be empty: its rows' linear lower bounds
        /// <c>a_r·x + b_r ≤ G_r f(x) − h_r</c> can have no common point with all of them ≤ 0. The LP
        /// <c>min over the box of max_r (a_r·x + b_r)</c> finds multipliers <c>y ≥ 0</c>, <c>Σ y_r = 1</c> (its duals); the disjunct
        /// is excluded when the engine's bound of the combined row <c>Σ y_r (G_r f(x) − h_r)</c> is positive on the box —
        /// the bound a proof checker re-derives for an exclusion with those multipliers. The combined row is bounded even when
        /// the LP's value is not positive: relaxing the sum once (terms of the rows cancel) is tighter than summing the rows' relaxations.
        /// </summary>
        private DisjunctExclusion? CombinedExclusion(Worker worker, int u, double[][] rowsA, double[] rowsB, double[] lo, double[] hi)
        {
            // min over the box of max_r (a_r·x + b_r), the box as rows x_j ≤ hi_j and −x_j ≤ −lo_j, from its centre.
            int d = _d, rows = rowsB.Length;
            var normals = new double[2 * d * d];
            var offsets = new double[2 * d];
            var centre = new double[d];
            for (int j = 0; j < d; j++)
            {
                normals[(2 * j * d) + j] = 1;
                normals[((2 * j + 1) * d) + j] = -1;
                offsets[2 * j] = hi[j];
                offsets[(2 * j) + 1] = -lo[j];
                centre[j] = 0.5 * (lo[j] + hi[j]);
            }

            ActiveSetLp lp = worker.MultiplierLp;
            if (MinMaxRow(lp, rowsA, rowsB, normals, offsets, centre, out _) is null)
            {
                return null;
            }

            var (g, h) = _disjuncts[u];
            int outputs = _net.OutputDimension;
            var combined = new double[outputs];
            double offset = 0;
            var used = new List<int>();
            var multipliers = new List<double>();
            ReadOnlySpan<int> active = lp.ActiveRows;
            ReadOnlySpan<double> y = lp.Multipliers;
            for (int a = 0; a < active.Length; a++)
            {
                int r = active[a];
                if (r >= rows || !(y[a] > 0))
                {
                    continue;
                }

                used.Add(r);
                multipliers.Add(y[a]);
                for (int o = 0; o < outputs; o++)
                {
                    combined[o] += y[a] * g[r * outputs + o];
                }

                offset += y[a] * h[r];
            }

            double min = worker.Bounds.LowerBound(combined, new double[d], out _, out int slopes) - offset;
            return min > 1e-12 * Math.Max(1.0, Math.Abs(offset))
                ? new DisjunctExclusion(u, [.. used], [.. multipliers], slopes)
                : null;
        }

        /// <summary>The input to split on a box the bounds could not close (see <see cref="SplitRule"/>).</summary>
        /// <param name="node">The box.</param>
        /// <param name="bounds">The worker's propagator (its state is overwritten by the probes).</param>
        /// <param name="openDisjuncts">The disjuncts still open on the box.</param>
        /// <param name="score">The coefficient rule's score per input.</param>
        /// <param name="unstable">Unstable neurons under the search's bounds on the box.</param>
        /// <param name="probes">Receives the number of symbolic propagations spent.</param>
        private int ChooseSplit(Pending node, LinearBoundPropagator bounds, int[] openDisjuncts, double[] score, int unstable, out int probes)
        {
            probes = 0;
            int coef = CoefficientSplit(node.Lower, node.Upper, score);
            if (_options.Split == SplitRule.Coefficient)
            {
                return coef;
            }

            int d = _d;
            double[] lo = node.Lower, hi = node.Upper;
            Box root = _roots[node.Piece];
            var rel = new double[d];
            double maxRel = 0;
            for (int j = 0; j < d; j++)
            {
                double w = root.Upper[j] - root.Lower[j];
                rel[j] = w > 0 ? (hi[j] - lo[j]) / w : 0;
                maxRel = Math.Max(maxRel, rel[j]);
            }

            var candidates = new List<int>(d);
            for (int j = 0; j < d; j++)
            {
                if (rel[j] > 0 && rel[j] >= maxRel / StrongWidthRatio)
                {
                    candidates.Add(j);
                }
            }

            if (candidates.Count <= 1)
            {
                return candidates.Count == 1 ? candidates[0] : coef;
            }

            // The symbolic probes stand in for the search's bounds only where they are about as tight.
            probes = 1 + (2 * candidates.Count);
            if (bounds.Propagate(lo, hi, BoundMethod.Symbolic) > (StrongLooseness * unstable) + StrongLoosenessSlack)
            {
                probes = 1;
                return coef;
            }

            double parent = ProbeGap(bounds, openDisjuncts);
            int best = -1;
            double bestScore = double.NegativeInfinity, coefScore = double.NegativeInfinity;
            var half = new double[d];
            foreach (int j in candidates)
            {
                double mid = 0.5 * (lo[j] + hi[j]);
                hi.CopyTo(half, 0);
                half[j] = mid;
                bounds.Propagate(lo, half, BoundMethod.Symbolic);
                double g1 = ProbeGap(bounds, openDisjuncts);
                lo.CopyTo(half, 0);
                half[j] = mid;
                bounds.Propagate(half, hi, BoundMethod.Symbolic);
                double g2 = ProbeGap(bounds, openDisjuncts);
                double s = Math.Min(g1, g2) + (1e-3 * Math.Max(g1, g2));
                if (j == coef)
                {
                    coefScore = s;
                }

                // Strictly better only: ties go to the lower index.
                if (s > bestScore)
                {
                    bestScore = s;
                    best = j;
                }
            }

            if (best < 0 || (best != coef && candidates.Contains(coef) && !(bestScore - parent > StrongMargin * Math.Max(coefScore - parent, 0))))
            {
                return coef;
            }

            return best;
        }

        /// <summary>The gap of <paramref name="openDisjuncts"/> (min over disjuncts of max over rows of the rows' lower bounds) under the propagator's current bounds.</summary>
        private double ProbeGap(LinearBoundPropagator bounds, int[] openDisjuncts)
        {
            int m = _net.OutputDimension;
            var a = new double[_d];
            double gap = double.PositiveInfinity;
            foreach (int u in openDisjuncts)
            {
                var (g, h) = _disjuncts[u];
                double worst = double.NegativeInfinity;
                for (int r = 0; r < h.Length && worst <= 0; r++)
                {
                    worst = Math.Max(worst, bounds.LowerBound(g.AsSpan(r * m, m), a, out _) - h[r]);
                }

                gap = Math.Min(gap, worst);
            }

            return gap;
        }

        /// <summary>The input maximising <c>width_j · max_r |a_{r,j}|</c> (<paramref name="score"/>); the widest side when no row depends on the input.</summary>
        private int CoefficientSplit(double[] lo, double[] hi, double[] score)
        {
            int d = _d;
            int split = -1;
            double bestScore = -1;
            for (int j = 0; j < d; j++)
            {
                double s = hi[j] > lo[j] ? score[j] : -1;
                if (s > bestScore)
                {
                    bestScore = s;
                    split = j;
                }
            }

            if (bestScore <= 0)
            {
                // No row depends on the input: split the widest side.
                bestScore = -1;
                for (int j = 0; j < d; j++)
                {
                    if (hi[j] - lo[j] > bestScore)
                    {
                        bestScore = hi[j] - lo[j];
                        split = j;
                    }
                }
            }

            return split;
        }

        /// <summary>LP <c>min t</c> s.t. <c>a_r·x + b_r ≤ t</c>, x in the box (and piece) for each open disjunct.</summary>
        private Outcome LeafLp(Pending node, Outcome outcome, List<(int Disjunct, double[][] A, double[] B, int[] Slopes)> openRows, bool exact)
        {
            int d = _d;
            Polytope? piece = _pieceIsBox[node.Piece] ? null : _property.InputPieces[node.Piece];
            foreach (var (u, rowsA, rowsB, slopes) in openRows)
            {
                // A fresh model per LP: its answer depends on the LP alone, not on what the worker solved before.
                using var lp = new LpSolver(_lpCounters);
                for (int j = 0; j < d; j++)
                {
                    lp.AddVariable(node.Lower[j], node.Upper[j]);
                }

                int t = lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity);
                for (int r = 0; r < rowsB.Length; r++)
                {
                    int row = lp.AddRow(double.NegativeInfinity, -rowsB[r]);
                    for (int j = 0; j < d; j++)
                    {
                        lp.SetCoefficient(row, j, rowsA[r][j]);
                    }

                    lp.SetCoefficient(row, t, -1.0);
                }

                if (piece is not null)
                {
                    foreach (HalfSpace hs in piece.HalfSpaces)
                    {
                        int row = lp.AddRow(double.NegativeInfinity, hs.Offset);
                        for (int j = 0; j < d; j++)
                        {
                            lp.SetCoefficient(row, j, hs.Normal[j]);
                        }
                    }
                }

                if (rowsB.Length == 0)
                {
                    lp.SetVariableBounds(t, 0, 0);
                }

                lp.SetObjective(t, 1.0);
                lp.SetMaximize(false);
                LpStatus status = lp.Solve();
                if (status == LpStatus.Infeasible && piece is not null)
                {
                    // The box misses the piece: nothing to find here (no certificate: proofs take box pieces only).
                    continue;
                }

                if (status != LpStatus.Optimal)
                {
                    outcome.Closure = NodeClosure.Open;
                    outcome.LpFailed = true;
                    return outcome;
                }

                double value = lp.Value(t);
                double scale = 1.0;
                for (int r = 0; r < rowsB.Length; r++)
                {
                    scale = Math.Max(scale, Math.Abs(rowsB[r]));
                }

                if (value > 1e-12 * scale)
                {
                    if (outcome.Exclusions is { } exclusions)
                    {
                        // The duals y_r ≥ 0 (Σ y_r = 1) prove min over the box of Σ_r y_r (a_r·x + b_r) = t* > 0.
                        int[] rows = Enumerable.Range(0, rowsB.Length).Where(r => -lp.DualValue(r) > 0).ToArray();
                        int main = rows.Length == 0 ? 0 : rows.MaxBy(r => -lp.DualValue(r));
                        exclusions.Add(new DisjunctExclusion(u, rows, rows.Select(r => -lp.DualValue(r)).ToArray(), slopes.Length == 0 ? 0 : slopes[main]));
                    }

                    continue;
                }

                var x = new double[d];
                for (int j = 0; j < d; j++)
                {
                    x[j] = Math.Clamp(lp.Value(j), node.Lower[j], node.Upper[j]);
                }

                if (Check(node.Piece, x) is { } found)
                {
                    outcome.Closure = NodeClosure.Counterexample;
                    (outcome.Counterexample, outcome.Output, outcome.Disjunct) = found;
                    return outcome;
                }

                if (exact)
                {
                    // The LP touches the unsafe set only within rounding: a boundary tie the re-check cannot confirm.
                    outcome.Closure = NodeClosure.Open;
                    outcome.Unconfirmed = true;
                    return outcome;
                }

                outcome.Closure = NodeClosure.Open;
                outcome.Unconfirmed = true;
                return outcome;
            }

            outcome.Closure = NodeClosure.Lp;
            return outcome;
        }

        /// <summary>Re-checks a candidate by plain evaluation: inside the piece and mapped into an unsafe disjunct.</summary>
        private (double[] X, double[] Y, int Disjunct)? Check(int piece, double[] x)
        {
            if (!_pieceIsBox[piece] && !_property.InputPieces[piece].Contains(x, 1e-12))
            {
                return null;
            }

            if (!_roots[piece].Contains(x))
            {
                return null;
            }

            double[] y = _net.Evaluate(x);
            int u = _property.UnsafeDisjunctOf(y, _options.Tolerance);
            return u >= 0 ? ((double[])x.Clone(), y, u) : null;
        }

        /// <summary>Random samples, then projected sign-gradient descent on the best disjunct's margin.</summary>
        /// <summary>Attack round <paramref name="round"/> on every input piece; the verdict when it finds a counterexample.</summary>
        private VerificationResult? AttackAll(int round)
        {
            for (int a = 0; a < _roots.Length; a++)
            {
                _ct.ThrowIfCancellationRequested();
                if (Attack(a, round) is { } found)
                {
                    return Result(VerificationStatus.Violated, found.X, found.Y, found.Disjunct, a, byAttack: true);
                }

                _progress?.Report(new OperationProgress($"attack {round}", a + 1, _roots.Length, _clock.Elapsed));
            }

            return null;
        }

        /// <summary>Search nodes after which attack round <paramref name="round"/> ≥ 1 runs: 32·4^round (128, 512, 2,048, …).</summary>
        private static long AttackRoundAfter(int round) => round > 12 ? long.MaxValue : 32L << (2 * round);

        private (double[] X, double[] Y, int Disjunct)? Attack(int piece, int round)
        {
            int n = (int)Math.Min((long)_options.AttackSamples << (2 * round), MaxAttackSamples);
            if (n == 0 && _options.AttackRestarts == 0)
            {
                return null;
            }

            Box box = _roots[piece];
            int d = _d, m = _net.OutputDimension;
            var rng = new Random(unchecked((_options.Seed * 7919) + piece + (round * 104729)));
            var xs = new double[Math.Max(n, 1) * d];
            for (int s = 0; s < n; s++)
            {
                box.Sample(rng, xs.AsSpan(s * d, d));
            }

            if (n == 0)
            {
                box.Center().CopyTo(xs, 0);
                n = 1;
            }

            // In blocks, so a large late round stops at the deadline (the run then ends unknown; before it, nothing depends on time).
            var ys = new double[n * m];
            var evaluator = new BatchEvaluator(_net, _threads);
            for (int s0 = 0; s0 < n; s0 += AttackBlock)
            {
                if (TimedOut)
                {
                    return null;
                }

                int count = Math.Min(AttackBlock, n - s0);
                evaluator.Evaluate(xs.AsSpan(s0 * d, count * d), ys.AsSpan(s0 * m, count * m), cancellationToken: _ct);
                _attackEvaluations += count;
            }

            var margins = new double[n];
            for (int s = 0; s < n; s++)
            {
                margins[s] = Margin(ys.AsSpan(s * m, m), out _, out _);
            }

            int[] order = Enumerable.Range(0, n).OrderBy(s => margins[s]).ThenBy(s => s).ToArray();
            foreach (int s in order)
            {
                if (margins[s] > 0)
                {
                    break;
                }

                if (Check(piece, xs.AsSpan(s * d, d).ToArray()) is { } found)
                {
                    return found;
                }
            }

            int restarts = Math.Min(_options.AttackRestarts, n);
            var x = new double[d];
            var xp = new double[d];
            var grad = new double[d];
            for (int k = 0; k < restarts && !TimedOut; k++)
            {
                _ct.ThrowIfCancellationRequested();
                xs.AsSpan(order[k] * d, d).CopyTo(x);
                double best = margins[order[k]];
                double alpha = 0.05;
                for (int step = 0; step < _options.AttackSteps && alpha > 1e-9; step++)
                {
                    LocalAffineMap map = LocalAffineMap.At(_net, x);
                    double[] y = map.Evaluate(x);
                    Margin(y, out int u, out _);
                    if (u < 0)
                    {
                        break;
                    }

                    // Gradient of Σ_r max(0, G_r y − h_r) over the best disjunct's rows: Σ_{r violated} G_r A.
                    var (gu, hu) = _disjuncts[u];
                    Array.Clear(grad);
                    for (int r = 0; r < hu.Length; r++)
                    {
                        double v = -hu[r];
                        for (int o = 0; o < m; o++)
                        {
                            v += gu[r * m + o] * y[o];
                        }

                        if (v <= 0)
                        {
                            continue;
                        }

                        for (int o = 0; o < m; o++)
                        {
                            double go = gu[r * m + o];
                            if (go != 0)
                            {
                                ReadOnlySpan<double> row = map.Gradient(o);
                                for (int j = 0; j < d; j++)
                                {
                                    grad[j] += go * row[j];
                                }
                            }
                        }
                    }

                    // Projected sign step with an adaptive length: grow on improvement, halve otherwise.
                    for (int j = 0; j < d; j++)
                    {
                        double w = box.Upper[j] - box.Lower[j];
                        xp[j] = Math.Clamp(x[j] - alpha * w * Math.Sign(grad[j]), box.Lower[j], box.Upper[j]);
                    }

                    double[] yp = _net.Evaluate(xp);
                    _attackEvaluations++;
                    double mp = Margin(yp, out _, out _);
                    if (mp < best)
                    {
                        best = mp;
                        xp.CopyTo(x, 0);
                        alpha *= 1.5;
                        if (mp <= 0 && Check(piece, x) is { } found)
                        {
                            return found;
                        }
                    }
                    else
                    {
                        alpha *= 0.5;
                    }
                }
            }

            return null;
        }

        /// <summary><c>min_u max_r (G_{u,r}·y − h_{u,r})</c>: ≤ 0 iff y is unsafe; also the best disjunct and its worst row.</summary>
        private double Margin(ReadOnlySpan<double> y, out int disjunct, out int row)
        {
            int m = y.Length;
            double best = double.PositiveInfinity;
            disjunct = -1;
            row = -1;
            for (int u = 0; u < _disjuncts.Length; u++)
            {
                var (g, h) = _disjuncts[u];
                double worst = double.NegativeInfinity;
                int worstRow = -1;
                for (int r = 0; r < h.Length; r++)
                {
                    double v = -h[r];
                    for (int o = 0; o < m; o++)
                    {
                        v += g[r * m + o] * y[o];
                    }

                    if (v > worst)
                    {
                        worst = v;
                        worstRow = r;
                    }
                }

                if (worst < best)
                {
                    best = worst;
                    disjunct = u;
                    row = worstRow;
                }
            }

            return best;
        }
    }
}
