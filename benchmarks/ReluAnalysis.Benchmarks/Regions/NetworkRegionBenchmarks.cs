using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Benchmarks.Regions;

/// <summary>
/// Exact linear-region enumeration against plain sampling of patterns (100,000 uniform points; a sanity
/// floor: it finds only the regions it happens to hit).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class NetworkRegionBenchmarks
{
    private ReluNetwork _net = null!;
    private Box _box = null!;

    [Params("2-32-32-1", "3-16-16-16-1", "acas1_1-h0.003")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        switch (Case)
        {
            case "2-32-32-1":
                _net = ReluNetwork.Random([2, 32, 32, 1], 1, 0.5);
                _box = new Box([-1.0, -1], [1.0, 1]);
                break;
            case "3-16-16-16-1":
                _net = ReluNetwork.Random([3, 16, 16, 16, 1], 1, 0.5);
                _box = new Box([-1.0, -1, -1], [1.0, 1, 1]);
                break;
            default:
                _net = NetworkFile.Load(RepositoryRoot.Combine("data", "acasxu", "ACASXU_run2a_1_1_batch_2000.nnet"));
                double[] c = [(1650 - 19791.091) / 60261, 0, ((3.10 + Math.PI) / 2) / 6.28318530718, (1090 - 650) / 1100.0, (1080 - 600) / 1200.0];
                _box = new Box(c.Select(v => v - 0.003).ToArray(), c.Select(v => v + 0.003).ToArray());
                break;
        }
    }

    [Benchmark(Baseline = true)]
    public int SamplePatterns100k()
    {
        const int count = 100_000;
        int d = _box.Dimension;
        var rng = new Random(1);
        var inputs = new double[count * d];
        for (int s = 0; s < count; s++)
        {
            _box.Sample(rng, inputs.AsSpan(s * d, d));
        }

        BatchResult r = new BatchEvaluator(_net).Evaluate(inputs);
        var set = new HashSet<ActivationPattern>();
        for (int s = 0; s < count; s++)
        {
            set.Add(r.PatternOf(s));
        }

        return set.Count;
    }

    [Benchmark]
    public int EnumerateRegions() => LinearRegionEnumerator.Enumerate(_net, _box, new LinearRegionOptions { MaxDegreeOfParallelism = 2 }).Regions.Count;
}
