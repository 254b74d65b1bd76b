using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>The census as subproblems, without MPI: splitting and the message format change nothing.</summary>
public sealed class SubproblemTests
{
    [Fact]
    public void SubproblemsThroughTheMessageFormat_AddUpToTheThreadedCensus()
    {
        ReluNetwork net = NetworkBuilder(seed: 3);
        var box = new Box([-1.0, -1.0, -1.0], [1.0, 1.0, 1.0]);
        LinearRegionResult threaded = LinearRegionEnumerator.Enumerate(net, box);

        // Rank 0's loop by hand: every subproblem goes through the byte format and hands its frontier back at once.
        var (context, root, _) = LinearRegionEnumerator.Prepare(net, box, new LinearRegionOptions { MaxDegreeOfParallelism = 1 });
        var totals = new CensusTotals(net.HiddenLayerCount);
        var queue = new Queue<byte[]>([RecordCodec.Task(0, root)]);
        int subproblems = 0;
        while (queue.TryDequeue(out byte[]? task))
        {
            subproblems++;
            var (layer, record) = RecordCodec.ReadTask(context, task);
            var (result, tasks) = RecordCodec.ReadResult(RecordCodec.Result(LinearRegionEnumerator.Expand(context, record, layer, TimeSpan.FromTicks(1), default)));
            totals.Add(result);
            foreach (byte[] t in tasks)
            {
                queue.Enqueue(t);
            }
        }

        Assert.True(subproblems > 10);
        Assert.Equal(threaded.Regions.Count, totals.Regions);
        Assert.Equal(threaded.RegionsPerLayer, totals.PerLayer);
        Assert.Equal(threaded.StableByBounds, totals.Stable);
        Assert.Equal(threaded.SplitNeurons, totals.Split);
        Assert.Equal(threaded.PatternDigest, totals.Digest);
    }

    [Fact]
    public void Checkpoint_RoundTripsAndRejectsAnotherBox()
    {
        ReluNetwork net = NetworkBuilder(seed: 5);
        var box = new Box([-1.0, -1.0, -1.0], [1.0, 1.0, 1.0]);
        var (context, root, _) = LinearRegionEnumerator.Prepare(net, box, new LinearRegionOptions());
        var totals = new CensusTotals(net.HiddenLayerCount);
        totals.Add(LinearRegionEnumerator.Expand(context, root, 0, TimeSpan.FromTicks(1), default));
        string path = Path.Combine(Path.GetTempPath(), $"relu-ckpt-{Guid.NewGuid():N}");
        try
        {
            ulong fingerprint = CensusTotals.Fingerprint(net, box, 1e-11);
            byte[][] tasks = [RecordCodec.Task(1, root), [1, 2, 3]];
            totals.Save(path, fingerprint, 42, tasks);
            var (loaded, nextId, unfinished) = CensusTotals.Load(path, fingerprint, net.HiddenLayerCount);
            Assert.Equal(42, nextId);
            Assert.Equal(totals.PerLayer, loaded.PerLayer);
            Assert.Equal(totals.Digest, loaded.Digest);
            Assert.Equal(tasks, unfinished);

            var other = new Box([-1.0, -1.0, -1.0], [1.0, 1.0, 0.5]);
            var e = Assert.Throws<FormatException>(() => CensusTotals.Load(path, CensusTotals.Fingerprint(net, other, 1e-11), net.HiddenLayerCount));
            Assert.Contains("another network, box or tolerance", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ReluNetwork NetworkBuilder(int seed)
    {
        var rng = new Random(seed);
        int[] widths = [3, 8, 8, 6, 2];
        var layers = new List<DenseLayer>();
        for (int k = 0; k + 1 < widths.Length; k++)
        {
            var w = new double[widths[k + 1] * widths[k]];
            var b = new double[widths[k + 1]];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = rng.NextDouble() * 2 - 1;
            }

            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (rng.NextDouble() * 2 - 1) * 0.5;
            }

            layers.Add(new DenseLayer(widths[k + 1], widths[k], w, b));
        }

        return new ReluNetwork(layers);
    }
}
