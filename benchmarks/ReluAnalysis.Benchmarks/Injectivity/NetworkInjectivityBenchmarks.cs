using BenchmarkDotNet.Attributes;
using ReluAnalysis.Geometry;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Injectivity;

namespace ReluAnalysis.Benchmarks.Injectivity;

/// <summary>
/// The exact injectivity check of an injective bias-free two-layer Gaussian net on R^3 (regions in [−1, 1]^3, then all
/// region pairs), one thread. Baseline: the spec's plain algorithm, 2n = 6 LPs for every pair; against it the pair
/// algebra that decides a pair by the rank of <c>[A_a, −A_b]</c> or its null space before any LP.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class NetworkInjectivityBenchmarks
{
    private ReluNetwork network = null!;
    private readonly Box cube = new([-1, -1, -1], [1, 1, 1]);

    [Params("3-9-9", "3-12-12")]
    public string Shape { get; set; } = "3-12-12";

    [GlobalSetup]
    public void Setup()
    {
        int[] widths = Shape.Split('-').Select(int.Parse).ToArray();
        for (int trial = 0; ; trial++)
        {
            network = DeepInjectivityChecker.AsNetwork(DeepInjectivityChecker.SampleNetwork(widths, 1, trial));
            if (NetworkInjectivityChecker.Check(network, Options(true)).Status == InjectivityStatus.Injective)
            {
                return;
            }
        }
    }

    [Benchmark(Baseline = true)]
    public InjectivityStatus PairLpsOnly() => NetworkInjectivityChecker.Check(network, Options(false)).Status;

    [Benchmark]
    public InjectivityStatus PairAlgebra() => NetworkInjectivityChecker.Check(network, Options(true)).Status;

    // An explicit domain skips the layer-wise shortcuts, so both arms enumerate the regions and examine every pair.
    private NetworkInjectivityOptions Options(bool algebra) => new() { Domain = cube, PairAlgebra = algebra, MaxDegreeOfParallelism = 1 };
}
