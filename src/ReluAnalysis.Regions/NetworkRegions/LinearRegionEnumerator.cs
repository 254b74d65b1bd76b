using System.Diagnostics;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.NetworkRegions;

/// <summary>
/// Enumerates every linear (activation) region of a ReLU network inside an input box or polytope, layer by
/// layer (spec §2): a region of layers 1..k carries its H-representation, partial pattern, the affine map
/// <c>h = A x + c</c> of layer k's output and a witness; on it the next pre-activations are affine,
/// <c>z = (W A) x + (W c + b)</c>. Neurons whose range over the domain's bounding box (exact for the affine
/// <c>z</c>, a symbolic interval bound) excludes 0 are stable and split nothing; the others are hyperplanes
/// whose arrangement inside the region is enumerated with <see cref="ArrangementEnumerator"/>'s engine
/// (seeded at the region's witness; a hyperplane that misses the region is dropped by one LP).
/// </summary>
/// <remarks>
/// Regions are processed in parallel (one GLOP model per worker, reloaded per region); children are
/// collected in parent order, then arrangement order, so the result is identical for any thread count.
/// The per-region callback runs in result order and may stop the run (for verifiers). Cost is output
/// sensitive: per region one LP per split neuron (prefilter) plus the arrangement search.
/// </remarks>
public static partial class LinearRegionEnumerator
{
    private const int Chunk = 32;

    /// <summary>A region of layers 1..k: the subproblem of the search (its descendants depend on it alone).</summary>
    internal sealed class Record
    {
        public required double[] RowNormals { get; init; }

        public required double[] RowOffsets { get; init; }

        /// <summary>The engine's symbolic state with layers 1..k decided; its frontier (layer k+1's pre-activation map) is all it holds.</summary>
        public required SymbolicState State { get; init; }

        public required double[] Witness { get; init; }

        public required double Slack { get; init; }

        /// <summary>The pattern bits of layers 1..k.</summary>
        public ReadOnlySpan<ulong> Bits => State.Mask.OpenWords;
    }

    /// <summary>Enumerates the linear regions of <paramref name="network"/> inside <paramref name="box"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="box">The input domain. A side with <c>lower == upper</c> fixes that input: the value is substituted into the
    /// first layer (<see cref="InputRestriction"/>), the regions of the lower-dimensional slice are enumerated, and each
    /// region is reported in the original coordinates (witness, map, and H-representation with two rows per fixed input).</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="onRegion">Called once per region in result order; return <see cref="RegionDecision.Stop"/> to stop.</param>
    /// <param name="progress">After each layer and chunk: stage "layer k" (1-based), regions so far, value the LPs solved so far.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    public static LinearRegionResult Enumerate(
        ReluNetwork network, Box box, LinearRegionOptions? options = null,
        Func<LinearRegion, RegionDecision>? onRegion = null, IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(box);
        Guard.Length(box.Dimension, network.InputDimension, nameof(box));
        if (InputRestriction.HasFixedSides(box))
        {
            return EnumerateLowerDimensional(network, box, options, onRegion, progress, cancellationToken);
        }

        var (f, g) = PreparedArrangement.BoxRows(box);
        return Run(network, f, g, box, options ?? new LinearRegionOptions(), onRegion, progress, cancellationToken);
    }

    /// <summary>Enumerates the linear regions of <paramref name="network"/> inside a bounded, full-dimensional polytope.</summary>
    /// <inheritdoc cref="Enumerate(ReluNetwork, Box, LinearRegionOptions?, Func{LinearRegion, RegionDecision}?, IProgress{OperationProgress}?, CancellationToken)"/>
    public static LinearRegionResult Enumerate(
        ReluNetwork network, Polytope domain, LinearRegionOptions? options = null,
        Func<LinearRegion, RegionDecision>? onRegion = null, IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(domain);
        Guard.Length(domain.Dimension, network.InputDimension, nameof(domain));
        var (f, g) = PreparedArrangement.PolytopeRows(domain);

        // Bounding box of the polytope by 2d LPs (for the stability bounds).
        int d = domain.Dimension;
        var lo = new double[d];
        var hi = new double[d];
        using (var lp = new PolytopeLp(d, f, g, new LpCounters()))
        {
            var c = new double[d];
            var x = new double[d];
            for (int j = 0; j < d; j++)
            {
                foreach (int s in new[] { 1, -1 })
                {
                    Array.Clear(c);
                    c[j] = s;
                    var (status, value) = lp.Maximize(c, x);
                    if (status != LpStatus.Optimal)
                    {
                        throw new ArgumentException($"domain is not a bounded non-empty polytope (LP status {status} along axis {j}).", nameof(domain));
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
        }

        return Run(network, f, g, new Box(lo, hi), options ?? new LinearRegionOptions(), onRegion, progress, cancellationToken, boxIsDomain: false);
    }

    private static LinearRegionResult EnumerateLowerDimensional(
        ReluNetwork network, Box box, LinearRegionOptions? options, Func<LinearRegion, RegionDecision>? onRegion,
        IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        options ??= new LinearRegionOptions();
        bool point = true;
        for (int j = 0; j < box.Dimension; j++)
        {
            point &= !(box.Upper[j] > box.Lower[j]);
        }

        if (point)
        {
            // A single input: one region, the pattern at the point (its witness has zero slack).
            Validate(options);
            double[] x = box.Lower.ToArray();
            var region = new LinearRegion(network.PatternAt(x), x, 0.0, LocalAffineMap.At(network, x), options.ComputeHRepresentation ? box.ToPolytope() : null);
            EnumerationStatus st = onRegion is not null && onRegion(region) == RegionDecision.Stop ? EnumerationStatus.Stopped : EnumerationStatus.Complete;
            return new LinearRegionResult(st, [region], Enumerable.Repeat(1L, network.HiddenLayerCount).ToArray(), 0, 0, new LpStatistics(0, 0, 0, 0), TimeSpan.Zero);
        }

        InputRestriction restriction = InputRestriction.FixedSidesOf(network, box);
        LinearRegion Lift(LinearRegion r)
        {
            var pattern = new ActivationPattern(network.PatternLayout, r.Pattern.Words);
            return new(pattern, restriction.Lift(r.Witness), r.Slack, LocalAffineMap.For(network, pattern),
                r.HRepresentation is null ? null : restriction.Lift(r.HRepresentation));
        }

        Func<LinearRegion, RegionDecision>? callback = onRegion is null ? null : r => onRegion(Lift(r));
        LinearRegionResult inner = Enumerate(restriction.Restricted, restriction.Restrict(box), options, callback, progress, cancellationToken);
        return inner with { Regions = inner.Regions.Select(Lift).ToArray() };
    }

    private static LinearRegionResult Run(
        ReluNetwork net, double[] f, double[] g, Box bounds, LinearRegionOptions options,
        Func<LinearRegion, RegionDecision>? onRegion, IProgress<OperationProgress>? progress, CancellationToken ct, bool boxIsDomain = true)
    {
        Validate(options);
        var clock = Stopwatch.StartNew();
        var counters = new LpCounters();
        var (cx, root) = Prepare(net, f, g, bounds, options, counters, boxIsDomain);
        var records = new List<Record> { root };
        var perLayer = new List<long>();
        var regions = new List<LinearRegion>();
        long found = 0;
        long stable = 0;
        long split = 0;
        EnumerationStatus status2 = EnumerationStatus.Complete;
        bool truncated = false;
        int hidden = net.HiddenLayerCount;
        for (int k = 0; k < hidden && status2 == EnumerationStatus.Complete; k++)
        {
            bool last = k == hidden - 1;
            var next = new List<Record>();
            for (int start = 0; start < records.Count; start += Chunk * cx.Threads)
            {
                ct.ThrowIfCancellationRequested();
                if (options.TimeLimit is { } limit && clock.Elapsed > limit)
                {
                    status2 = EnumerationStatus.Timeout;
                    break;
                }

                int end = Math.Min(records.Count, start + Chunk * cx.Threads);
                var (children, stableLocal, splitLocal) = SplitChunk(cx, k, records, start, end, counters, ct);
                stable += stableLocal;
                split += splitLocal;
                foreach (List<Record> kids in children)
                {
                    if (!last)
                    {
                        next.AddRange(kids);
                        continue;
                    }

                    foreach (Record kid in kids)
                    {
                        if (found >= options.MaxRegions)
                        {
                            status2 = EnumerationStatus.Limit;
                            break;
                        }

                        LinearRegion region = ToRegion(net, kid, options.ComputeHRepresentation);
                        found++;
                        if (!options.DiscardRegions)
                        {
                            regions.Add(region);
                        }

                        if (onRegion is not null && onRegion(region) == RegionDecision.Stop)
                        {
                            status2 = EnumerationStatus.Stopped;
                            break;
                        }
                    }

                    if (status2 != EnumerationStatus.Complete)
                    {
                        break;
                    }
                }

                progress?.Report(new OperationProgress($"layer {k + 1}", last ? found : next.Count, null, clock.Elapsed, counters.Solved));
                if (status2 != EnumerationStatus.Complete)
                {
                    break;
                }
            }

            if (!last)
            {
                // Every region of layers 1..k has at least one final region: beyond the limit nothing is needed.
                if (next.Count > options.MaxRegions)
                {
                    truncated = true;
                    next.RemoveRange((int)options.MaxRegions, next.Count - (int)options.MaxRegions);
                }

                perLayer.Add(next.Count);
                records = next;
            }
            else
            {
                perLayer.Add(found);
            }
        }

        if (hidden == 0)
        {
            regions.Add(ToRegion(net, records[0], options.ComputeHRepresentation));
        }

        if (truncated && status2 == EnumerationStatus.Complete)
        {
            status2 = EnumerationStatus.Limit;
        }

        if (counters.Failed > 0 && status2 == EnumerationStatus.Complete)
        {
            status2 = EnumerationStatus.SolverError;
        }

        return new LinearRegionResult(status2, regions, perLayer, stable, split,
            new LpStatistics(counters.Solved, counters.Skipped, counters.Retried, counters.Failed), clock.Elapsed);
    }

    private static (List<Record> Children, long Stable, long Split) Split(
        SearchContext cx, int k, Record rec, LpCounters counters, CellLp lp, CancellationToken ct)
    {
        int d = cx.Network.InputDimension;
        SymbolicState state = rec.State;
        int n = state.Engine.Width(k);

        // Stability by the exact range of the affine pre-activation over a box around the region: the region's rows
        // tightened to a box from the domain's bounding box (the root region is that box).
        Box hull = k > 0 && PreparedArrangement.BoundingBox(d, rec.RowNormals, rec.RowOffsets, cx.Bounds) is { } tight ? tight : cx.Bounds;
        if (k > 0 && cx.Options.Prune is { } prune && prune(rec, k, hull))
        {
            return ([], 0, 0);
        }

        var bits = new ulong[PatternLayout.WordsFor(n)];
        var unstable = new List<int>();
        long stable = 0;
        for (int i = 0; i < n; i++)
        {
            var (lo, hi) = state.Range(k, i, hull.Lower, hull.Upper);
            if (hi <= 0)
            {
                stable++;
            }
            else if (lo >= 0)
            {
                stable++;
                bits[i >> 6] |= 1UL << (i & 63);
            }
            else
            {
                unstable.Add(i);
            }
        }

        var partial = new List<(ulong[] Bits, double[] RowN, double[] RowG, double[] Witness, double Slack)>
        {
            (bits, rec.RowNormals, rec.RowOffsets, rec.Witness, rec.Slack),
        };
        List<List<int>> groups = cx.Options.Strategy == SplitStrategy.LayerArrangement ? [unstable] : unstable.Select(i => new List<int> { i }).ToList();
        ReadOnlySpan<double> offsets = state.Offset(k);
        groups.RemoveAll(g => g.Count == 0);

        // Final regions keep their rows only when their H-representation is asked for (the rows are most of a region's memory).
        bool finalLayer = k == cx.Network.HiddenLayerCount - 1 && !cx.Options.ComputeHRepresentation;
        foreach (List<int> group in groups)
        {
            bool keepRows = !finalLayer || group != groups[^1];
            var zn = new double[group.Count * d];
            var zo = new double[group.Count];
            for (int u = 0; u < group.Count; u++)
            {
                state.Row(k, group[u]).CopyTo(zn.AsSpan(u * d, d));
                zo[u] = offsets[group[u]];
            }

            var refined = new List<(ulong[] Bits, double[] RowN, double[] RowG, double[] Witness, double Slack)>();
            foreach (var part in partial)
            {
                ct.ThrowIfCancellationRequested();
                PreparedArrangement prep = PreparedArrangement.Create(d, zn, zo, part.RowN, part.RowG, null, part.Witness, cx.Eps, 1e-10, lp, hull);
                var settings = new CellSearchSettings
                {
                    Threads = 1, SharedLp = lp, Counters = counters, Cancellation = ct,
                    HashBeforeLp = cx.Options.HashBeforeLp, WitnessProbing = cx.Options.WitnessProbing, ReproducibleWitnesses = true, CertificateCache = cx.Options.CertificateCache,
                };
                var (cells, status) = CellSearch.Run(prep.Problem, settings);
                if (status != EnumerationStatus.Complete)
                {
                    counters.AddFailed();
                }

                CellSearchProblem pr = prep.Problem;
                int kept = pr.PlaneCount;
                foreach (FoundCell cell in cells)
                {
                    sbyte[] signs = prep.SignsOf(cell.Code);
                    ulong[] b2 = part.Bits.AsSpan().ToArray();
                    for (int u = 0; u < group.Count; u++)
                    {
                        if (signs[u] > 0)
                        {
                            b2[group[u] >> 6] |= 1UL << (group[u] & 63);
                        }
                    }

                    if (!keepRows)
                    {
                        refined.Add((b2, [], [], cell.Witness, cell.Slack));
                        continue;
                    }

                    int m0 = part.RowG.Length;
                    var rn = new double[(m0 + kept) * d];
                    var rg = new double[m0 + kept];
                    Array.Copy(part.RowN, rn, m0 * d);
                    Array.Copy(part.RowG, rg, m0);
                    for (int p = 0; p < kept; p++)
                    {
                        double s = cell.Code.Has(p) ? -1.0 : 1.0;
                        for (int q = 0; q < d; q++)
                        {
                            rn[(m0 + p) * d + q] = -s * pr.PlaneNormals[p * d + q];
                        }

                        rg[m0 + p] = s * pr.PlaneOffsets[p];
                    }

                    refined.Add((b2, rn, rg, cell.Witness, cell.Slack));
                }
            }

            partial = refined;
        }

        var children = new List<Record>(partial.Count);
        foreach (var part in partial)
        {
            // The engine's symbolic step: deciding layer k gives layer k+1's pre-activation map (or the output map).
            SymbolicState child = state.BranchLayer(part.Bits);
            children.Add(new Record { RowNormals = part.RowN, RowOffsets = part.RowG, State = child, Witness = part.Witness, Slack = part.Slack });
        }

        return (children, stable, unstable.Count);
    }

    private static LinearRegion ToRegion(ReluNetwork net, Record rec, bool hrep)
    {
        SymbolicState state = rec.State;
        int d = net.InputDimension;
        int output = net.HiddenLayerCount;
        var map = new LocalAffineMap(net.OutputDimension, d, state.Matrix(output).ToArray(), state.Offset(output).ToArray());
        Polytope? poly = null;
        if (hrep)
        {
            var rows = new List<HalfSpace>(rec.RowOffsets.Length);
            for (int r = 0; r < rec.RowOffsets.Length; r++)
            {
                rows.Add(new HalfSpace(rec.RowNormals.AsSpan(r * d, d), rec.RowOffsets[r]));
            }

            poly = new Polytope(d, rows);
        }

        return new LinearRegion(state.Mask.ToPattern(), rec.Witness, rec.Slack, map, poly);
    }

    private static void Validate(LinearRegionOptions options)
    {
        if (options.MaxRegions < 1)
        {
            throw new ArgumentException($"MaxRegions = {options.MaxRegions}; expected ≥ 1.", nameof(options));
        }

        if (!(options.Tolerance > 0) || !double.IsFinite(options.Tolerance))
        {
            throw new ArgumentException($"Tolerance = {options.Tolerance}; expected a finite positive number.", nameof(options));
        }

        if (options.TimeLimit is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentException($"TimeLimit = {t}; expected a positive duration.", nameof(options));
        }
    }
}
