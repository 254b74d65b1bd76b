using BenchmarkDotNet.Attributes;
using ReluAnalysis.Splines;

namespace ReluAnalysis.Benchmarks.Splines;

/// <summary>Wall time of one training run per method at width 128 (plain Adam, the spec §9 protocol, is the baseline).</summary>
[MemoryDiagnoser]
public class FksTrainingBenchmarks
{
    private TargetFunction _target = Targets.TwoThirds;

    [Params("x^(2/3)", "tanh100")]
    public string Target { get; set; } = "x^(2/3)";

    [Params(128)]
    public int Width { get; set; } = 128;

    [GlobalSetup]
    public void Setup() => _target = Targets.Get(Target);

    [Benchmark(Baseline = true)]
    public double PlainAdam() => ShallowReluTrainer.Train(_target, Width, ReluTrainingOptions.PlainAdam(1)).L2Error;

    [Benchmark]
    public double ReluEquidistributionLoss() => ShallowReluTrainer.Train(_target, Width, ReluTrainingOptions.EquidistributionLoss(1)).L2Error;

    [Benchmark]
    public double PreconditionedRelu() => ShallowReluTrainer.Train(_target, Width, ReluTrainingOptions.PreconditionedTraining(1)).L2Error;

    [Benchmark]
    public double TwoLevelFks() => FksTrainer.Train(_target, Width).L2Error;

    [Benchmark]
    public double EquidistributedInterpolant() =>
        SplineError.L2(FreeKnotSpline.Interpolate(_target.Value, Equidistribution.Knots(_target, Width).Knots), _target);
}

/// <summary>The exact O(P + W log P) shallow-network loss/gradient kernel against the direct O(P·W) loop (baseline).</summary>
public class ShallowKernelBenchmarks
{
    private double[] _a = [], _b = [], _c = [], _x = [], _w = [], _u = [], _ga = [], _gb = [], _gc = [];
    private readonly ShallowReluKernel _kernel = new();

    [Params(128)]
    public int Width { get; set; } = 128;

    [Params(1000)]
    public int Points { get; set; } = 1000;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = [.. Enumerable.Range(0, Width).Select(_ => rng.NextDouble() * 2 - 1)];
        _b = [.. Enumerable.Range(0, Width).Select(_ => rng.NextDouble() * 2 - 1)];
        _c = [.. Enumerable.Range(0, Width).Select(_ => rng.NextDouble() * 2 - 1)];
        _x = [.. Enumerable.Range(0, Points).Select(i => (i + 0.5) / Points)];
        _w = [.. _x.Select(_ => 1.0 / Points)];
        _u = [.. _x.Select(Targets.TwoThirds.Value)];
        _ga = new double[Width];
        _gb = new double[Width];
        _gc = new double[Width];
    }

    [Benchmark(Baseline = true)]
    public double Direct()
    {
        Array.Clear(_ga);
        Array.Clear(_gb);
        Array.Clear(_gc);
        double loss = 0, gd = 0;
        for (int p = 0; p < _x.Length; p++)
        {
            double x = _x[p], y = 0.1;
            for (int i = 0; i < _a.Length; i++)
            {
                double z = _a[i] * x + _b[i];
                if (z > 0)
                {
                    y += _c[i] * z;
                }
            }

            double r = y - _u[p];
            loss += _w[p] * r * r;
            double g = 2 * _w[p] * r;
            gd += g;
            for (int i = 0; i < _a.Length; i++)
            {
                double z = _a[i] * x + _b[i];
                if (z > 0)
                {
                    _gc[i] += g * z;
                    _ga[i] += g * _c[i] * x;
                    _gb[i] += g * _c[i];
                }
            }
        }

        return loss + gd;
    }

    [Benchmark]
    public double SortedPrefixSums()
    {
        double loss = _kernel.LossAndGradient(_a, _b, _c, 0.1, _x, _w, _u, _ga, _gb, _gc, out double gd);
        return loss + gd;
    }
}
