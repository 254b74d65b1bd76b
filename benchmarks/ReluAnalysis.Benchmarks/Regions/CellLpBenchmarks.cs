using BenchmarkDotNet.Attributes;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Benchmarks.Regions;

/// <summary>
/// The cell LP (Chebyshev slack of a sign vector) in the shape of an ACAS Xu census step: 5 inputs, a region of
/// <see cref="DomainRows"/> unit rows, 30 hyperplanes through it, 256 sign vectors solved in a row on one model.
/// Baseline: the GLOP model the library used before (incremental, warm-started from the previous basis); against it
/// the dense active-set solver, warm-started from the previous optimum. Both give the same radii (checked in setup).
/// </summary>
[MemoryDiagnoser]
public class CellLpBenchmarks
{
    private const int D = 5;
    private const int Planes = 30;
    private const int Codes = 256;
    private double[] _domainNormals = [];
    private double[] _domainOffsets = [];
    private double[] _planeNormals = [];
    private double[] _planeOffsets = [];
    private ulong[] _codes = [];

    [Params(10, 60)]
    public int DomainRows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2026);
        (_domainNormals, _domainOffsets) = UnitRows(rng, DomainRows, 0.3, 1.0);
        (_planeNormals, _planeOffsets) = UnitRows(rng, Planes, -0.2, 0.2);
        _codes = Enumerable.Range(0, Codes).Select(_ => (ulong)rng.NextInt64(1L << Planes)).ToArray();
        double[] glop = SolveAll(new GlopCellLp(D, new LpCounters()));
        double[] dense = SolveAll(new CellLp(D, new LpCounters()));
        for (int i = 0; i < Codes; i++)
        {
            if (Math.Abs(glop[i] - dense[i]) > 1e-9)
            {
                throw new InvalidOperationException($"code {i}: GLOP radius {glop[i]}, dense {dense[i]}.");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public double Glop()
    {
        using var lp = new GlopCellLp(D, new LpCounters());
        return SolveAll(lp).Sum();
    }

    [Benchmark]
    public double ActiveSet() => SolveAll(new CellLp(D, new LpCounters())).Sum();

    private double[] SolveAll(GlopCellLp lp)
    {
        lp.LoadDomain(_domainNormals, _domainOffsets);
        lp.LoadPlanes(_planeNormals, _planeOffsets);
        var x = new double[D];
        return _codes.Select(c => lp.Solve([c], x).Radius).ToArray();
    }

    private double[] SolveAll(CellLp lp)
    {
        lp.LoadDomain(_domainNormals, _domainOffsets);
        lp.LoadPlanes(_planeNormals, _planeOffsets);
        var x = new double[D];
        return _codes.Select(c => lp.Solve([c], x).Radius).ToArray();
    }

    /// <summary>Random unit rows <c>a·x ≤ b</c> (or planes <c>a·x + b = 0</c>) with offsets uniform in [lo, hi].</summary>
    private static (double[] Normals, double[] Offsets) UnitRows(Random rng, int count, double lo, double hi)
    {
        var normals = new double[count * D];
        var offsets = new double[count];
        for (int k = 0; k < count; k++)
        {
            double norm = 0;
            for (int j = 0; j < D; j++)
            {
                double v = rng.NextDouble() * 2 - 1;
                normals[k * D + j] = v;
                norm += v * v;
            }

            for (int j = 0; j < D; j++)
            {
                normals[k * D + j] /= Math.Sqrt(norm);
            }

            offsets[k] = lo + (hi - lo) * rng.NextDouble();
        }

        return (normals, offsets);
    }
}
