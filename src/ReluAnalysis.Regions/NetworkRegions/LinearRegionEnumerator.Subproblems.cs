using System.Diagnostics;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.NetworkRegions;

// The search split into subproblems: a record of layers 1..k and everything below it. The threaded run and the
// distributed census (ReluAnalysis.Mpi) both go through Prepare and SplitChunk, so a record's descendants are the
// same wherever they are computed.
public static partial class LinearRegionEnumerator
{
    /// <summary>What every split needs besides its record: the network, the domain's bounding box, the tolerance.</summary>
    internal sealed record SearchContext(ReluNetwork Network, Box Bounds, double Eps, LinearRegionOptions Options, int Threads);

    /// <summary>What <see cref="Expand"/> found below one record.</summary>
    /// <param name="RegionsPerLayer">Records created at each hidden layer (index k counts regions of layers 1..k+1).</param>
    /// <param name="Regions">Final regions (layer L) found.</param>
    /// <param name="Digest">Sum of <see cref="LinearRegionResult.DigestOf"/> over the final patterns (order-free).</param>
    /// <param name="StableByBounds">Neuron–region pairs decided stable by bounds.</param>
    /// <param name="SplitNeurons">Neuron–region pairs split.</param>
    /// <param name="Lp">LP work of this call.</param>
    /// <param name="Frontier">Records left unsplit when the time budget ran out, each with the layer it splits next (empty when the subtree is done).</param>
    internal sealed record SubtreeResult(
        long[] RegionsPerLayer, long Regions, ulong Digest, long StableByBounds, long SplitNeurons,
        LpStatistics Lp, List<(int Layer, Record Record)> Frontier);

    /// <summary>The census of a full-dimensional box as a search context, its root record (layer 0) and the LP work of finding the root's witness.</summary>
    internal static (SearchContext Context, Record Root, LpStatistics RootLp) Prepare(ReluNetwork network, Box box, LinearRegionOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(box);
        Guard.Length(box.Dimension, network.InputDimension, nameof(box));
        if (InputRestriction.HasFixedSides(box))
        {
            throw new ArgumentException($"box {box} has sides with lower == upper; expected a full-dimensional box (restrict the network first).", nameof(box));
        }

        Validate(options);
        var (f, g) = PreparedArrangement.BoxRows(box);
        var counters = new LpCounters();
        var (context, root) = Prepare(network, f, g, box, options, counters, boxIsDomain: true);
        return (context, root, Statistics(counters));
    }

    /// <summary>
    /// Splits <paramref name="record"/> (layers 1..<paramref name="layer"/> fixed) layer by layer down to the final regions.
    /// Once <paramref name="splitAfter"/> has passed (checked after each chunk) and more than one record is left to split,
    /// it stops and returns those records as the frontier: the rest of the current layer and the next layer's records
    /// made so far. Every record is counted in <see cref="SubtreeResult.RegionsPerLayer"/> where it is made, so the
    /// frontier's subtrees and this result add up to the record's subtree.
    /// </summary>
    internal static SubtreeResult Expand(SearchContext cx, Record record, int layer, TimeSpan? splitAfter, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var counters = new LpCounters();
        int hidden = cx.Network.HiddenLayerCount;
        var perLayer = new long[hidden];
        long stable = 0;
        long split = 0;
        long regions = 0;
        ulong digest = 0;
        if (hidden == 0)
        {
            return new SubtreeResult(perLayer, 1, LinearRegionResult.DigestOf(record.Bits), 0, 0, Statistics(counters), []);
        }

        var records = new List<Record> { record };
        for (int k = layer; k < hidden; k++)
        {
            bool last = k == hidden - 1;
            var next = new List<Record>();
            for (int start = 0; start < records.Count; start += Chunk * cx.Threads)
            {
                ct.ThrowIfCancellationRequested();
                int end = Math.Min(records.Count, start + Chunk * cx.Threads);
                var (children, st, sp) = SplitChunk(cx, k, records, start, end, counters, ct);
                stable += st;
                split += sp;
                foreach (List<Record> kids in children)
                {
                    perLayer[k] += kids.Count;
                    if (!last)
                    {
                        next.AddRange(kids);
                        continue;
                    }

                    regions += kids.Count;
                    foreach (Record r in kids)
                    {
                        digest += LinearRegionResult.DigestOf(r.Bits);
                    }
                }

                if (splitAfter is { } budget && clock.Elapsed > budget && records.Count - end + next.Count > 1)
                {
                    List<(int, Record)> frontier = [.. records.Skip(end).Select(r => (k, r)), .. next.Select(r => (k + 1, r))];
                    return new SubtreeResult(perLayer, regions, digest, stable, split, Statistics(counters), frontier);
                }
            }

            records = next;
        }

        return new SubtreeResult(perLayer, regions, digest, stable, split, Statistics(counters), []);
    }

    /// <summary>
    /// A record of layers 1..<paramref name="layer"/> rebuilt from its stored parts (the distributed census's messages and
    /// checkpoints hold no maps): the symbolic state is re-derived by deciding those layers from <paramref name="bits"/>
    /// in ascending order, which is the order of the split that made the record, so the maps are bit-identical.
    /// </summary>
    internal static Record Restore(SearchContext cx, int layer, double[] rowNormals, double[] rowOffsets, ulong[] bits, double[] witness, double slack)
    {
        PatternLayout layout = cx.Network.PatternLayout;
        Guard.Length(bits.Length, layout.WordCount, nameof(bits));
        SymbolicState state = cx.Network.Engine.BeginSymbolic();
        while (state.Frontier < layer)
        {
            int k = state.Frontier;
            state.DecideLayer(bits.AsSpan(layout.WordOffset(k), PatternLayout.WordsFor(layout.LayerSizes[k])));
        }

        state.ForgetDecidedLayers();
        return new Record { RowNormals = rowNormals, RowOffsets = rowOffsets, State = state, Witness = witness, Slack = slack };
    }

    private static LpStatistics Statistics(LpCounters c) => new(c.Solved, c.Skipped, c.Retried, c.Failed);

    private static (SearchContext Context, Record Root) Prepare(
        ReluNetwork net, double[] f, double[] g, Box bounds, LinearRegionOptions options, LpCounters counters, bool boxIsDomain)
    {
        int d = net.InputDimension;
        double scale = 1.0;
        for (int i = 0; i < d; i++)
        {
            scale = Math.Max(scale, Math.Max(Math.Abs(bounds.Lower[i]), Math.Abs(bounds.Upper[i])));
        }

        double eps = options.Tolerance * scale;

        // Root record: the domain, nothing decided, centred witness.
        double[] rootWitness;
        double rootSlack;
        var lp = new CellLp(d, counters);
        lp.LoadDomain(f, g);
        lp.LoadPlanes([], []);
        rootWitness = new double[d];
        var (status, radius) = lp.Solve([0UL], rootWitness);
        if (status != LpStatus.Optimal || SignRule.Classify(radius, eps) != NeuronState.Active)
        {
            throw new ArgumentException($"the domain has no interior (LP status {status}, radius {radius}); expected a full-dimensional box or polytope.", "domain");
        }

        if (boxIsDomain)
        {
            rootWitness = bounds.Center();
        }

        rootSlack = radius;

        var root = new Record
        {
            RowNormals = f, RowOffsets = g, State = net.Engine.BeginSymbolic(), Witness = rootWitness, Slack = rootSlack,
        };
        return (new SearchContext(net, bounds, eps, options, Parallelism.Resolve(options.MaxDegreeOfParallelism)), root);
    }

    /// <summary>Splits records <c>[start, end)</c> at hidden layer <paramref name="k"/> in parallel; children in record order.</summary>
    private static (List<Record>[] Children, long Stable, long Split) SplitChunk(
        SearchContext cx, int k, List<Record> records, int start, int end, LpCounters counters, CancellationToken ct)
    {
        var children = new List<Record>[end - start];
        long stable = 0;
        long split = 0;
        Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = cx.Threads, CancellationToken = ct }, r =>
        {
            // A fresh model per region: its LPs then depend on the region alone, not on which regions a
            // pooled model served before, so witnesses are bit-identical for any thread count.
            var lp = new CellLp(cx.Network.InputDimension, counters);
            var (kids, st, sp) = Split(cx, k, records[r], counters, lp, ct);
            children[r - start] = kids;
            Interlocked.Add(ref stable, st);
            Interlocked.Add(ref split, sp);
        });
        return (children, stable, split);
    }
}
