using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Benchmarks.Regions;

/// <summary>
/// Cells of an affine arrangement of 40 planes in R^3 (10,701 cells, all vertices inside the box).
/// Baseline: the naive poset search — one fresh GLOP model per candidate hyperplane per cell, no hash before
/// the LP, no witness probes.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
[MemoryDiagnoser]
public class ArrangementBenchmarks
{
    private HyperplaneArrangement _arrangement = null!;
    private Box _box = null!;
    private PreparedArrangement _prep = null!;

    [Params(40)]
    public int Planes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_arrangement, _box) = ArrangementInstances.Affine(Planes, 3, 4003);
        var (f, g) = PreparedArrangement.BoxRows(_box);
        var lp = new CellLp(3, new LpCounters());
        _prep = PreparedArrangement.Create(3, _arrangement.Normals, _arrangement.Offsets, f, g, _box, null, 1e-11 * _box.Upper[0], 1e-10, lp);
    }

    [Benchmark(Baseline = true)]
    public int NaivePosetSearch()
    {
        CellSearchProblem p = _prep.Problem;
        int n = p.PlaneCount;
        var counters = new LpCounters();
        var level = new List<RegionCode> { new(new ulong[p.WordCount]) };
        int total = 0;
        var x = new double[3];
        while (level.Count > 0)
        {
            total += level.Count;
            var next = new HashSet<RegionCode>();
            foreach (RegionCode code in level)
            {
                for (int i = 0; i < n; i++)
                {
                    if (code.Has(i))
                    {
                        continue;
                    }

                    RegionCode child = code.WithFlip(i);
                    using var lp = new GlopCellLp(3, counters);
                    lp.LoadDomain(p.DomainNormals, p.DomainOffsets);
                    lp.LoadPlanes(p.PlaneNormals, p.PlaneOffsets);
                    var (status, radius) = lp.Solve(child.Words, x);
                    if (status == LpStatus.Optimal && radius > p.Epsilon)
                    {
                        next.Add(child);
                    }
                }
            }

            level = [.. next];
        }

        return total;
    }

    [Benchmark]
    public int FlipSearch_1Thread() => ArrangementEnumerator.Enumerate(_arrangement, _box, new ArrangementOptions { MaxDegreeOfParallelism = 1 }).Cells.Count;

    [Benchmark]
    public int FlipSearch_2Threads() => ArrangementEnumerator.Enumerate(_arrangement, _box, new ArrangementOptions { MaxDegreeOfParallelism = 2 }).Cells.Count;
}
