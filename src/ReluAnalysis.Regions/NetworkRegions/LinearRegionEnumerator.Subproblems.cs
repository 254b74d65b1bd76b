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
    /// <param name="RegionsPerLayer">Records created after each hidden layer (index k counts regions of layers 1..k+1).</param>
    /// <param name="Regions">Final regions (layer L) found.</param>
    /// <param name="Digest">Sum of <see cref="LinearRegionResult.DigestOf"/> over the final patterns (order-free).</param>
    /// <param name="StableByBounds">Neuron–region pairs decided stable by bounds.</param>
    /// <param name="SplitNeurons">Neuron–region pairs split.</param>
    /// <param name="Lp">LP work of this call.</param>
    /// <param name="Frontier">Records left unexpanded when the time budget ran out (empty when the subtree is done).</param>
    /// <param name="FrontierLayer">The layer the frontier records split next.</param>
    internal sealed record SubtreeResult(
        long[] RegionsPerLayer, long Regions, ulong Digest, long StableByBounds, long SplitNeurons,
        LpStatistics Lp, List<Record> Frontier, int FrontierLayer);

    /// <summary>The census of a full-dimensional box as a search context and its root record (layer 0).</summary>
    internal static (SearchContext Context, Record Root) Prepare(ReluNetwork network, Box box, LinearRegionOptions options)
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
        return Prepare(network, f, g, box, options, new LpCounters(), boxIsDomain: true);
    }

    /// <summary>
    /// Splits <paramref name="record"/> (layers 1..<paramref name="layer"/> fixed) layer by layer down to the final regions.
    /// When <paramref name="splitAfter"/> has passed at the end of a layer and layers remain, it stops and returns the
    /// next layer's records as the frontier, so a large subproblem is handed back in pieces.
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
        var records = new List<Record> { record };
        if (hidden == 0)
        {
            return new SubtreeResult(perLayer, 1, LinearRegionResult.DigestOf(record.Bits), 0, 0, Statistics(counters), [], 0);
        }

        for (int k = layer; k < hidden; k++)
        {
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
                    next.AddRange(kids);
                }
            }

            perLayer[k] = next.Count;
            records = next;
            if (k == hidden - 1)
            {
                regions = next.Count;
                foreach (Record r in next)
                {
                    digest += LinearRegionResult.DigestOf(r.Bits);
                }

                records = [];
            }
            else if (splitAfter is { } budget && clock.Elapsed > budget && records.Count > 1)
            {
                return new SubtreeResult(perLayer, 0, 0, stable, split, Statistics(counters), records, k + 1);
            }
        }

        return new SubtreeResult(perLayer, regions, digest, stable, split, Statistics(counters), [], hidden);
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

        // Root record: the domain, identity map, centred witness.
        var identity = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            identity[i * d + i] = 1.0;
        }

        double[] rootWitness;
        double rootSlack;
        using (var lp = new CellLp(d, counters))
        {
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
        }

        var root = new Record
        {
            RowNormals = f, RowOffsets = g, Bits = new ulong[net.PatternLayout.WordCount], A = identity, C = new double[d], Witness = rootWitness, Slack = rootSlack,
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
        DenseLayer layer = cx.Network.Layers[k];
        Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = cx.Threads, CancellationToken = ct }, r =>
        {
            // A fresh model per region: its LPs then depend on the region alone, not on which regions a
            // pooled model served before, so witnesses are bit-identical for any thread count.
            using var lp = new CellLp(cx.Network.InputDimension, counters);
            var (kids, st, sp) = Split(cx.Network, k, layer, records[r], cx.Bounds, cx.Eps, cx.Options, counters, lp, ct);
            children[r - start] = kids;
            Interlocked.Add(ref stable, st);
            Interlocked.Add(ref split, sp);
        });
        return (children, stable, split);
    }
}
