using BenchmarkDotNet.Attributes;
using ReluAnalysis.Injectivity;

namespace ReluAnalysis.Benchmarks.Injectivity;

/// <summary>
/// Exact single-instance check of an injective Gaussian layer (every ray is examined): n = 6, m = 48
/// (C(48, 5) = 1,712,304 rays) and n = 7, m = 49 (C(49, 6) = 13,983,816 rays). Baseline: one thread.
/// </summary>
[MemoryDiagnoser]
public class InjectivityCheckBenchmarks
{
    private double[] weights = [];

    [Params("6x48", "7x49")]
    public string Shape { get; set; } = "6x48";

    private int N => int.Parse(Shape.Split('x')[0]);

    private int M => int.Parse(Shape.Split('x')[1]);

    [GlobalSetup]
    public void Setup()
    {
        for (int trial = 0; ; trial++)
        {
            weights = InjectivityMonteCarlo.SampleLayer(N, M, 1, trial);
            if (InjectivityChecker.Check(weights, M, N).Status == InjectivityStatus.Injective)
            {
                return;
            }
        }
    }

    [Benchmark(Baseline = true)]
    public InjectivityStatus OneThread() =>
        InjectivityChecker.Check(weights, M, N, new InjectivityCheckOptions { MaxDegreeOfParallelism = 1 }).Status;

    [Benchmark]
    public InjectivityStatus AllCores() => InjectivityChecker.Check(weights, M, N).Status;
}

/// <summary>The per-ray sign count (m = 48 rows, 1,000 rays): scalar reference against the Vector256 and Vector512 paths.</summary>
public class RaySignKernelBenchmarks
{
    private readonly double[] p1 = new double[48];
    private readonly double[] p2 = new double[48];
    private readonly double[] thresholds = new double[48];
    private readonly double[] coefficients = new double[2000];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (int i = 0; i < 48; i++)
        {
            p1[i] = rng.NextDouble() - 0.5;
            p2[i] = rng.NextDouble() - 0.5;
            thresholds[i] = 1e-12;
        }

        for (int i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] = rng.NextDouble() - 0.5;
        }
    }

    [Benchmark(Baseline = true)]
    public int Scalar()
    {
        int total = 0;
        for (int r = 0; r < 1000; r++)
        {
            total += RaySignKernel.CountScalar(p1, p2, coefficients[2 * r], coefficients[2 * r + 1], thresholds, 1.0, 0).Positive;
        }

        return total;
    }

    [Benchmark]
    public int Vector256Path()
    {
        int total = 0;
        for (int r = 0; r < 1000; r++)
        {
            total += RaySignKernel.CountVector256(p1, p2, coefficients[2 * r], coefficients[2 * r + 1], thresholds, 1.0).Positive;
        }

        return total;
    }

    [Benchmark]
    public int Vector512Path()
    {
        int total = 0;
        for (int r = 0; r < 1000; r++)
        {
            total += RaySignKernel.CountVector512(p1, p2, coefficients[2 * r], coefficients[2 * r + 1], thresholds, 1.0).Positive;
        }

        return total;
    }
}

/// <summary>Solve times of the three RDT levels (threshold α). Baseline: the plain level (closed form + Brent).</summary>
public class RdtBenchmarks
{
    [Benchmark(Baseline = true)]
    public double Plain() => PlainRdt.Threshold().Alpha;

    [Benchmark]
    public double Second120() => SecondLevelRdt.Threshold().Alpha;

    [Benchmark]
    public double Third60x40() => ThirdLevelRdt.Threshold(new RdtOptions { QuadratureNodes = 60, InnerQuadratureNodes = 40 }).Alpha;

    [Benchmark]
    public double Third120x120() => ThirdLevelRdt.Threshold(new RdtOptions { QuadratureNodes = 120, InnerQuadratureNodes = 120 }).Alpha;
}
