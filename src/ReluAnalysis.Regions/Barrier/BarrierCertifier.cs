using System.Diagnostics;
using System.Globalization;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// Certified forward-invariant sets from shallow ReLU barrier networks (Vaisi, Ferlez, Shoukry, HSCC 2025,
/// arXiv 2501.15189, as laid out in specs/barrier.md): returns a union of polytopes, each tagged with its activation
/// pattern, on which <c>B</c> is provably a barrier, or a verdict with a reason and a witness point.
/// </summary>
/// <remarks>
/// <para>Stage 1 bounds the decrease condition on an adaptive grid (<c>L_f B ≤ −δ</c> over the Clarke gradient in
/// continuous time; <c>B(f(x)) ≤ 0</c> or <c>B(f(x)) ≤ B(x) − δ</c> in discrete time) and keeps the uncertified cells.
/// Stage 2 searches the regions of <c>B</c>'s hidden-layer arrangement that meet <c>{B ≤ 0}</c> from a seed, hash before
/// LP, and checks every piece: strictly inside the domain, missing the unsafe set, its zero face (or, by policy, the
/// whole piece) missing the uncertified cells, and the component closed off by <c>B &gt; 0</c>. Discrete time also needs
/// <c>f(C) ⊆ X</c> and <c>{B ≤ 0} ∩ X = C</c> (a full enumeration of the arrangement).</para>
/// <para>Soundness (continuous time): the zero faces are compact and miss the closed uncertified cells, so a
/// neighbourhood of <c>∂C ⊆ {B = 0}</c> lies in certified cells where <c>B</c> does not increase along trajectories; a
/// trajectory leaving <c>C</c> would need <c>B &gt; 0</c> arbitrarily close to <c>∂C</c>. Disjointness is accepted only when
/// the sets grown by η are disjoint by an LP whose duals are kept; interval bounds are outward rounded.
/// The conditions, the boundary policy, the cell bounds and the traversal are derived from barrier-function theory
/// (the paper's full text was not available), see the spec.</para>
/// <para>Cost: stage 1 <c>O(cells · (N n + cost of f bounds))</c>; stage 2 <c>O(r · N)</c> LPs with <c>n + 1</c> variables for
/// <c>r</c> regions meeting the component, output-sensitive.</para>
/// </remarks>
public static class BarrierCertifier
{
    /// <summary>Certifies <paramref name="problem"/>.</summary>
    /// <param name="problem">System, barrier network, domain, unsafe and initial sets, seed.</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="progress">Progress per stage-1 round and stage-2 level (stage name, count, elapsed, LPs).</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static BarrierCertificate Certify(BarrierProblem problem, BarrierOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new BarrierOptions();
        Validate(options, problem.Dimension);
        var clock = Stopwatch.StartNew();
        int threads = Parallelism.Resolve(options.MaxDegreeOfParallelism);
        var counters = new LpCounters();
        double[] seed = ChooseSeed(problem, options);
        bool discrete = problem.System.Time == DynamicsTime.Discrete;

        NonIncreaseCells stage1 = NonIncreaseStage.Run(problem, problem.Barrier, options, threads, counters, clock, progress, cancellationToken);
        var stage2Clock = Stopwatch.StartNew();
        var search = new SublevelSearch(problem, problem.Barrier, options, stage1.Uncertified, counters, threads);
        SublevelOutcome outcome = search.Run(seed, clock, progress, cancellationToken);
        long regions = outcome.Regions;
        long skipped = outcome.Skipped;
        double level = 0;
        if (outcome.Status != BarrierStatus.Certified && options.FailurePolicy == BarrierFailurePolicy.Shrink && Shrinkable(outcome.Status))
        {
            double top = -problem.Barrier.Evaluate(outcome.Seed)[0] * (1 - 1e-6);
            SublevelOutcome Attempt(double c, out NonIncreaseCells cells)
            {
                ReluNetwork shifted = Shift(problem.Barrier, c);
                cells = discrete ? NonIncreaseStage.Run(problem, shifted, options, threads, counters, clock, progress, cancellationToken) : stage1;
                SublevelOutcome o = new SublevelSearch(problem, shifted, options, cells.Uncertified, counters, threads).Run(seed, clock, progress, cancellationToken);
                regions += o.Regions;
                skipped += o.Skipped;
                return o;
            }

            SublevelOutcome best = Attempt(top, out NonIncreaseCells bestCells);
            if (best.Status == BarrierStatus.Certified)
            {
                double lo = 0, hi = top;
                while (hi - lo > options.ShrinkTolerance)
                {
                    double mid = 0.5 * (lo + hi);
                    SublevelOutcome o = Attempt(mid, out NonIncreaseCells cells);
                    if (o.Status == BarrierStatus.Certified)
                    {
                        (hi, best, bestCells) = (mid, o, cells);
                    }
                    else
                    {
                        lo = mid;
                    }
                }

                level = hi;
                outcome = best with
                {
                    Reason = string.Create(CultureInfo.InvariantCulture, $"shrink policy: certified the component of {{B ≤ −{level:G6}}} ({outcome.Reason.TrimEnd('.')} at level 0)."),
                };
                stage1 = bestCells;
            }
        }

        TimeSpan stage2Time = stage2Clock.Elapsed;
        bool certified = outcome.Status == BarrierStatus.Certified;
        var pieces = certified ? outcome.Pieces : [];
        double volume = 0;
        bool exact = problem.Dimension <= 3;
        bool? covered = null;
        if (certified)
        {
            volume = exact ? ExactVolume(pieces, problem.Dimension) : MonteCarloVolume(pieces, problem.Dimension, options);
            if (problem.InitialSet is not null)
            {
                covered = InitialSetCovered(problem, Shift(problem.Barrier, level), pieces);
            }
        }

        var stats = new BarrierStatistics(
            stage1.Cells, stage1.Certified, stage1.Uncertified.Count, stage1.CertifiedFraction, regions,
            counters.Solved, skipped, counters.Failed, stage1.Elapsed, stage2Time);
        return new BarrierCertificate(outcome.Status, outcome.Reason, certified ? null : outcome.Witness, pieces, stage1.Uncertified,
            outcome.Seed, level, search.Policy, volume, certified && exact, covered, stats, clock.Elapsed);
    }

    private static bool Shrinkable(BarrierStatus s) =>
        s is BarrierStatus.TouchesDomain or BarrierStatus.MeetsUnsafe or BarrierStatus.BoundaryNotDecreasing or BarrierStatus.ComponentNotClosed or BarrierStatus.NotInvariant;

    /// <summary><c>B + c</c>: the same network with the output bias raised by <c>c</c>.</summary>
    internal static ReluNetwork Shift(ReluNetwork net, double c)
    {
        if (c == 0)
        {
            return net;
        }

        DenseLayer outLayer = net.Layers[1];
        return new ReluNetwork([net.Layers[0], new DenseLayer(1, outLayer.Inputs, outLayer.Weights, [outLayer.Bias[0] + c])]);
    }

    private static double[] ChooseSeed(BarrierProblem problem, BarrierOptions options)
    {
        if (problem.Seed is not null)
        {
            return problem.Seed;
        }

        if (problem.InitialSet is { } x0)
        {
            double[] c = x0.Center();
            if (problem.Domain.Contains(c) && problem.Barrier.Evaluate(c)[0] < 0)
            {
                return c;
            }
        }

        var rng = new Random(options.RandomSeed);
        int n = problem.Dimension;
        var best = problem.Domain.Center();
        double bestValue = problem.Barrier.Evaluate(best)[0];
        var x = new double[n];
        for (int i = 0; i < 4096; i++)
        {
            problem.Domain.Sample(rng, x);
            double v = problem.Barrier.Evaluate(x)[0];
            if (v < bestValue)
            {
                bestValue = v;
                best = (double[])x.Clone();
            }
        }

        return best;
    }

    private static double ExactVolume(IReadOnlyList<BarrierPiece> pieces, int n)
    {
        double total = 0;
        foreach (BarrierPiece p in pieces)
        {
            Polytope small = Compact(p, n);
            total += n == 1 ? Length(small) : n == 2 ? PolytopeVertices.Area(small) : PolytopeVertices.Volume(small);
        }

        return total;
    }

    private static double Length(Polytope p)
    {
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        foreach (HalfSpace h in p.HalfSpaces)
        {
            double a = h.Normal[0];
            if (a > 0)
            {
                hi = Math.Min(hi, h.Offset / a);
            }
            else if (a < 0)
            {
                lo = Math.Max(lo, h.Offset / a);
            }
        }

        return Math.Max(0, hi - lo);
    }

    /// <summary>The piece with rows that cannot touch it dropped (rows slack over the piece's vertex-free box bound are kept conservatively): rows whose hyperplane misses the box of the domain rows intersected with the piece's region are redundant.</summary>
    private static Polytope Compact(BarrierPiece piece, int n)
    {
        // The piece lies in its LP bounding box (grown by η): rows slack over that box are redundant, and the box's
        // rows added back keep the set exactly the piece.
        var hs = piece.Polytope.HalfSpaces;
        var (lo, hi) = PieceBox(piece, n);

        var keep = new List<HalfSpace>();
        foreach (HalfSpace h in hs)
        {
            double max = 0;
            bool zero = true;
            for (int j = 0; j < n; j++)
            {
                double a = h.Normal[j];
                if (a != 0)
                {
                    zero = false;
                    max += Math.Max(a * lo[j], a * hi[j]);
                }
            }

            if (zero || max <= h.Offset)
            {
                continue;
            }

            keep.Add(h);
        }

        for (int j = 0; j < n; j++)
        {
            var e = new double[n];
            e[j] = 1;
            keep.Add(new HalfSpace(e, hi[j]));
            e[j] = -1;
            keep.Add(new HalfSpace(e, -lo[j]));
        }

        return new Polytope(n, keep);
    }

    private static double MonteCarloVolume(IReadOnlyList<BarrierPiece> pieces, int n, BarrierOptions options)
    {
        // Sample the bounding box of the witnesses' pieces (the domain rows bound every piece).
        var lo = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var hi = Enumerable.Repeat(double.NegativeInfinity, n).ToArray();
        foreach (BarrierPiece p in pieces)
        {
            var (plo, phi) = PieceBox(p, n);
            for (int j = 0; j < n; j++)
            {
                lo[j] = Math.Min(lo[j], plo[j]);
                hi[j] = Math.Max(hi[j], phi[j]);
            }
        }

        if (pieces.Count == 0)
        {
            return 0;
        }

        var box = new Box(lo, hi);
        var rng = new Random(options.RandomSeed);
        var x = new double[n];
        long hits = 0;
        for (int i = 0; i < options.VolumeSamples; i++)
        {
            box.Sample(rng, x);
            foreach (BarrierPiece p in pieces)
            {
                if (p.Polytope.Contains(x))
                {
                    hits++;
                    break;
                }
            }
        }

        return box.Volume() * hits / options.VolumeSamples;
    }

    /// <summary>A box containing the piece: its LP bounding box is not kept, so use the domain-face certificates' values.</summary>
    internal static (double[] Lo, double[] Hi) PieceBox(BarrierPiece p, int n)
    {
        var lo = new double[n];
        var hi = new double[n];
        Polytope domainRows = p.Polytope;
        int m = domainRows.HalfSpaces.Count;

        // The last 2n rows are the domain box (x_j ≤ u_j, −x_j ≤ −l_j); tighten by the domain-face gaps.
        for (int j = 0; j < n; j++)
        {
            hi[j] = domainRows.HalfSpaces[m - 2 * n + 2 * j].Offset;
            lo[j] = -domainRows.HalfSpaces[m - 2 * n + 2 * j + 1].Offset;
        }

        foreach (SeparationCertificate s in p.Separations)
        {
            if (s.Kind == SeparationKind.DomainFace)
            {
                int j = s.Target / 2;
                if (s.Target % 2 == 0)
                {
                    hi[j] -= s.Gap;
                }
                else
                {
                    lo[j] += s.Gap;
                }
            }
        }

        return (lo, hi);
    }

    /// <summary>X₀ ⊆ C: B ≤ 0 on X₀ by interval bounds (bisected), X₀ inside the domain and its centre in C (C is a union of components).</summary>
    private static bool InitialSetCovered(BarrierProblem problem, ReluNetwork net, IReadOnlyList<BarrierPiece> pieces)
    {
        Box x0 = problem.InitialSet!;
        int n = problem.Dimension;
        double[] center = x0.Center();
        bool inC = false;
        foreach (BarrierPiece p in pieces)
        {
            if (p.Polytope.Contains(center))
            {
                inC = true;
                break;
            }
        }

        if (!inC)
        {
            return false;
        }

        var stack = new Stack<(double[] Lo, double[] Hi, int Depth)>();
        stack.Push((x0.Lower.ToArray(), x0.Upper.ToArray(), 0));
        var outLo = new double[1];
        var outHi = new double[1];
        int budget = 1 << 16;
        while (stack.Count > 0)
        {
            var (l, h, depth) = stack.Pop();
            IntervalBounds.Propagate(net, l, h, outLo, outHi);
            if (outHi[0] <= 0)
            {
                continue;
            }

            if (depth >= 12 * n || --budget < 0)
            {
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

        return true;
    }

    private static void Validate(BarrierOptions o, int n)
    {
        if (o.CellsPerAxis < 1 || Math.Pow(o.CellsPerAxis, n) > 1e7)
        {
            throw new ArgumentException($"CellsPerAxis = {o.CellsPerAxis}; expected ≥ 1 with CellsPerAxis^{n} ≤ 1e7.", nameof(o));
        }

        Check(o.MinCellWidth, "MinCellWidth", allowZero: true);
        Check(o.DecreaseMargin, "DecreaseMargin", allowZero: true);
        Check(o.ShrinkTolerance, "ShrinkTolerance", allowZero: false);
        Check(o.Tolerance, "Tolerance", allowZero: false);
        Check(o.Margin, "Margin", allowZero: false);
        if (o.MaxRegions < 1)
        {
            throw new ArgumentException($"MaxRegions = {o.MaxRegions}; expected ≥ 1.", nameof(o));
        }

        if (o.MaxUnsafeBisections < 0 || o.MaxUnsafeBisections > 40)
        {
            throw new ArgumentException($"MaxUnsafeBisections = {o.MaxUnsafeBisections}; expected 0..40.", nameof(o));
        }

        if (o.VolumeSamples < 1)
        {
            throw new ArgumentException($"VolumeSamples = {o.VolumeSamples}; expected ≥ 1.", nameof(o));
        }
    }

    private static void Check(double v, string name, bool allowZero)
    {
        if (!double.IsFinite(v) || v < 0 || (!allowZero && v == 0))
        {
            throw new ArgumentException($"{name} = {v}; expected a finite number {(allowZero ? "≥ 0" : "> 0")}.", "options");
        }
    }
}
