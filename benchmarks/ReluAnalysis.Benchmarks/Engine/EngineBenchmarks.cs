using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Benchmarks.Engine;

/// <summary>
/// Batched evaluation with activation patterns, float64. Baseline: a naive per-sample, layer-by-layer
/// MathNet implementation; also MathNet's batched matrix product per layer, and the engine on one
/// thread and on all cores. The PyTorch peer is benchmarks/peers/torch_engine.py (same networks, sizes).
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private ReluNetwork _net = null!;
    private double[] _inputs = null!;
    private double[] _outputs = null!;
    private ulong[] _patterns = null!;
    private Matrix<double>[] _w = null!;
    private Vector<double>[] _b = null!;
    private BatchEvaluator _oneThread = null!;
    private BatchEvaluator _allCores = null!;

    /// <summary>"acasxu": network 1_1 with 100,000 inputs; "mlp784": random 784-256-256-10 with 20,000 inputs.</summary>
    [Params("acasxu", "mlp784")]
    public string Network { get; set; } = "acasxu";

    public int Count => Network == "acasxu" ? 100_000 : 20_000;

    [GlobalSetup]
    public void Setup()
    {
        _net = Network == "acasxu"
            ? NnetFormat.Read(RepositoryRoot.Combine("data", "acasxu", "ACASXU_run2a_1_1_batch_2000.nnet"))
            : ReluNetwork.Random([784, 256, 256, 10], seed: 1);
        var rng = new Random(1);
        _inputs = new double[Count * _net.InputDimension];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = rng.NextDouble() - 0.5;
        }

        _outputs = new double[Count * _net.OutputDimension];
        _patterns = new ulong[Count * _net.PatternLayout.WordCount];
        _w = _net.Layers.Select(l => Matrix<double>.Build.Dense(l.Outputs, l.Inputs, (i, j) => l.Weight(i, j))).ToArray();
        _b = _net.Layers.Select(l => Vector<double>.Build.DenseOfArray(l.Bias.ToArray())).ToArray();
        _oneThread = new BatchEvaluator(_net, maxDegreeOfParallelism: 1);
        _allCores = new BatchEvaluator(_net);
    }

    /// <summary>Naive: per sample, per layer W·h + b with MathNet vectors, then ReLU and pattern bits.</summary>
    [Benchmark(Baseline = true)]
    public double NaiveMathNetPerSample()
    {
        int d = _net.InputDimension, words = _net.PatternLayout.WordCount;
        double sum = 0;
        for (int s = 0; s < Count; s++)
        {
            var h = Vector<double>.Build.DenseOfArray(_inputs.AsSpan(s * d, d).ToArray());
            for (int k = 0; k < _w.Length; k++)
            {
                Vector<double> z = _w[k] * h + _b[k];
                if (k < _w.Length - 1)
                {
                    int offset = _net.PatternLayout.WordOffset(k);
                    for (int i = 0; i < z.Count; i++)
                    {
                        if (z[i] > 0)
                        {
                            _patterns[s * words + offset + (i >> 6)] |= 1UL << (i & 63);
                        }
                    }

                    z = z.PointwiseMaximum(0.0);
                }

                h = z;
            }

            sum += h[0];
        }

        return sum;
    }

    /// <summary>MathNet batched: one dense matrix product per layer over the whole batch (managed provider).</summary>
    [Benchmark]
    public double MathNetBatchedPerLayer()
    {
        int d = _net.InputDimension;
        Matrix<double> h = Matrix<double>.Build.Dense(d, Count, (i, s) => _inputs[s * d + i]);
        for (int k = 0; k < _w.Length; k++)
        {
            Matrix<double> z = _w[k] * h;
            Vector<double> b = _b[k];
            bool hidden = k < _w.Length - 1;
            z.MapIndexedInplace((i, _, v) => hidden ? Math.Max(v + b[i], 0.0) : v + b[i]);
            h = z;
        }

        return h[0, 0];
    }

    [Benchmark]
    public double EngineOneThread()
    {
        _oneThread.Evaluate(_inputs, _outputs, _patterns);
        return _outputs[0];
    }

    [Benchmark]
    public double EngineAllCores()
    {
        _allCores.Evaluate(_inputs, _outputs, _patterns);
        return _outputs[0];
    }
}
