using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Benchmarks.Barrier;

/// <summary>
/// Stage 2 of the barrier certifier (sublevel search, output-sensitive) against the baseline of enumerating the whole
/// arrangement of the same hyperplanes in the domain, on sweep instances (n = 2, N = 64; n = 3, N = 32).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BarrierBenchmarks
{
    private BarrierProblem _problem = null!;

    [Params("n2-N64", "n3-N32")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _problem = Case == "n2-N64" ? BarrierSweepInstances.Create(2, 64) : BarrierSweepInstances.Create(3, 32);

    [Benchmark(Baseline = true, Description = "full arrangement enumeration (baseline)")]
    public int FullEnumeration()
    {
        var hidden = _problem.Barrier.Layers[0];
        return ArrangementEnumerator.Enumerate(new HyperplaneArrangement(_problem.Dimension, hidden.Weights, hidden.Bias), _problem.Domain,
            new ArrangementOptions { MaxDegreeOfParallelism = 2 }).Cells.Count;
    }

    [Benchmark(Description = "certify (stage 1 + sublevel search)")]
    public long Certify() => BarrierCertifier.Certify(_problem, BarrierSweepInstances.Options(_problem.Dimension, 2)).Statistics.RegionsVisited;
}
