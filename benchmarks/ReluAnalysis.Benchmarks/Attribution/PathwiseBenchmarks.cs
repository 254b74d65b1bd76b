using BenchmarkDotNet.Attributes;
using ReluAnalysis.Attribution;
using ReluAnalysis.Datasets;
using ReluAnalysis.Networks;
using ReluAnalysis.Training;

namespace ReluAnalysis.Benchmarks.Attribution;

/// <summary>
/// One pathwise explanation: the incremental Jacobian (one backward product per layer, O(C·P_w)) against the
/// per-layer recomputation of ∂f_P/∂h^(ℓ) from the output (O(N·C·P_w)), the in-run baseline; Gradient×Input for scale.
/// Networks: the trained 8×8 digits MLP 64-64-32-10, a He-initialised 784-256-256-10 MLP on a random image, and a
/// deep He-initialised 64-(8×128)-10 MLP.
/// </summary>
[MemoryDiagnoser]
public class PathwiseBenchmarks
{
    private PathwiseExplainer _explainer = null!;
    private ReluNetwork _net = null!;
    private double[] _x = null!;
    private PathwiseOptions _options = null!;

    [Params("digits 64-64-32-10", "784-256-256-10", "64-8x128-10")]
    public string Network { get; set; } = "";

    [Params("4", "all")]
    public string Width { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        if (Network.StartsWith("digits", StringComparison.Ordinal))
        {
            DigitsDataset digits = DigitsDataset.Load(FindDigits());
            var (train, test) = DataSplit.Stratified(digits.Labels, 0.2, 0);
            _net = MlpTrainer.TrainClassifier([64, 64, 32, 10], digits.Rows(train), digits.LabelsOf(train), new TrainingOptions { Epochs = 40, Seed = 1 }).Network;
            _x = digits.Image(test[0]).ToArray();
        }
        else if (Network == "64-8x128-10")
        {
            // Deep and narrow: the per-layer recomputation costs O(N·C·P_w) here against O(C·P_w).
            _net = ReluNetwork.Random([64, 128, 128, 128, 128, 128, 128, 128, 128, 10], 1, 0.05);
            var rng = new Random(2);
            _x = Enumerable.Range(0, 64).Select(_ => rng.NextDouble()).ToArray();
        }
        else
        {
            _net = ReluNetwork.Random([784, 256, 256, 10], 1, 0.05);
            var rng = new Random(2);
            _x = Enumerable.Range(0, 784).Select(_ => rng.NextDouble()).ToArray();
        }

        _explainer = new PathwiseExplainer(_net);
        _options = new PathwiseOptions { Width = PathWidth.Parse(Width) };
    }

    [Benchmark(Baseline = true)]
    public double[] RecomputePerLayerJacobian() =>
        _explainer.Explain(_x, _options with { JacobianUpdate = JacobianUpdate.RecomputePerLayer }).Attribution;

    [Benchmark]
    public double[] IncrementalJacobian() => _explainer.Explain(_x, _options).Attribution;

    [Benchmark]
    public double[] GradientTimesInput() => GradientAttribution.GradientTimesInput(_net, _x);

    private static string FindDigits()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "data", "digits.csv.gz")))
        {
            dir = dir.Parent;
        }

        return dir is null ? throw new FileNotFoundException("data/digits.csv.gz not found above the benchmark binaries.") : Path.Combine(dir.FullName, "data", "digits.csv.gz");
    }
}
