using BenchmarkDotNet.Attributes;
using ReluAnalysis.Stability;

namespace ReluAnalysis.Benchmarks.Stability;

/// <summary>
/// 1,000 full-batch GD steps of a width-100 univariate two-layer net on n = 30 points (the stability experiment's
/// size). Baseline: the gradient summed from per-sample Jacobian rows (scalar); against it the fused, vectorised,
/// allocation-free step loop the trainer uses.
/// </summary>
[MemoryDiagnoser]
public class StabilityGradientStepBenchmarks
{
    private const int Steps = 1_000;
    private const double Eta = 0.1;
    private TwoLayerLoss loss = null!;
    private double[] start = [];
    private double[] theta = [];
    private double[] gradient = [];
    private double[] row = [];

    [GlobalSetup]
    public void Setup()
    {
        StabilityDataset data = StabilityDataset.Generate(StabilityTargets.Sin, 30, 0.5, 1);
        loss = new TwoLayerLoss(data.X, data.Y, 100);
        start = UnivariateReluNet.Random(100, 1).Parameters.ToArray();
        theta = new double[start.Length];
        gradient = new double[start.Length];
        row = new double[start.Length];
    }

    [Benchmark(Baseline = true)]
    public double JacobianRows()
    {
        start.CopyTo(theta, 0);
        double value = 0.0;
        for (int s = 0; s < Steps; s++)
        {
            value = loss.Loss(theta);
            Array.Clear(gradient);
            ReadOnlySpan<double> r = loss.Residuals;
            for (int j = 0; j < loss.Count; j++)
            {
                loss.JacobianRow(theta, j, row);
                double rj = r[j] / loss.Count;
                for (int p = 0; p < row.Length; p++)
                {
                    gradient[p] += rj * row[p];
                }
            }

            for (int p = 0; p < theta.Length; p++)
            {
                theta[p] -= Eta * gradient[p];
            }
        }

        return value;
    }

    [Benchmark]
    public double FusedVectorised()
    {
        start.CopyTo(theta, 0);
        double value = 0.0;
        for (int s = 0; s < Steps; s++)
        {
            value = loss.Gradient(theta, gradient);
            for (int p = 0; p < theta.Length; p++)
            {
                theta[p] -= Eta * gradient[p];
            }
        }

        return value;
    }
}

/// <summary>
/// λ_max of the 301×301 loss Hessian (width 100, n = 30) at a GD iterate: dense Hessian plus the symmetric
/// eigensolver (baseline) against Lanczos on Hessian–vector products (40 steps, the trainer's records) and shifted
/// power iteration.
/// </summary>
[MemoryDiagnoser]
public class StabilitySharpnessBenchmarks
{
    private LossHessian hessian = null!;

    [GlobalSetup]
    public void Setup()
    {
        StabilityDataset data = StabilityDataset.Generate(StabilityTargets.Sin, 30, 0.5, 1);
        StabilityTrainingResult result = StabilityTrainer.Train(data.X, data.Y, new StabilityTrainingOptions { LearningRate = 0.2, Steps = 5_000, RecordCount = 2 });
        hessian = new LossHessian(result.Network, data.X, data.Y);
    }

    [Benchmark(Baseline = true)]
    public double DenseEigensolver() => TopEigenvalue.Dense(hessian.Dense(), hessian.Dimension);

    [Benchmark]
    public double Lanczos() => TopEigenvalue.Lanczos(hessian, 40, 1e-8).Value;

    [Benchmark]
    public double PowerIteration() => TopEigenvalue.PowerIteration(hessian, hessian.SpectralBound(), 1e-10).Value;
}
