using ReluAnalysis.Kernels;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests.Kernels;

public class FusedLayerKernelTests
{
    public static TheoryData<string> KernelNames() => new(FusedLayerKernel.All.Select(k => k.Name));

    private static double[] RandomInputs(int count, int d, int seed)
    {
        var rng = new Random(seed);
        var x = new double[count * d];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 2.0 * rng.NextDouble() - 1.0;
        }

        return x;
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Every_kernel_equals_the_single_point_reference_at_all_batch_sizes(string name)
    {
        FusedLayerKernel kernel = FusedLayerKernel.All.Single(k => k.Name == name);

        // Odd widths, and a layer wider than 64 so patterns span two words.
        foreach (int[] sizes in new[] { new[] { 3, 7, 13, 5, 2 }, new[] { 5, 65, 3, 1 }, new[] { 1, 1, 1 } })
        {
            ReluNetwork net = ReluNetwork.Random(sizes, seed: sizes.Sum());
            var engine = new BatchEvaluator(net, kernel, maxDegreeOfParallelism: 1);
            int d = net.InputDimension, m = net.OutputDimension, words = net.PatternLayout.WordCount, h = net.HiddenNeuronCount;
            for (int count = 0; count <= 70; count++)
            {
                double[] x = RandomInputs(count, d, seed: count);
                var y = new double[count * m];
                var p = new ulong[count * words];
                var z = new double[count * h];
                engine.Evaluate(x, y, p, z);
                for (int s = 0; s < count; s++)
                {
                    ReadOnlySpan<double> xs = x.AsSpan(s * d, d);

                    // Bit-identical: every path accumulates the same fused multiply-adds in the same order.
                    Assert.Equal(net.Evaluate(xs), y.AsSpan(s * m, m).ToArray());
                    Assert.Equal(net.PreActivations(xs), z.AsSpan(s * h, h).ToArray());
                    Assert.Equal(net.PatternAt(xs), new ActivationPattern(net.PatternLayout, p.AsSpan(s * words, words)));
                }
            }
        }
    }

    [Fact]
    public void Outputs_only_and_full_evaluation_agree()
    {
        ReluNetwork net = ReluNetwork.Random([4, 9, 9, 3], seed: 3);
        var engine = new BatchEvaluator(net, maxDegreeOfParallelism: 1);
        double[] x = RandomInputs(37, 4, seed: 5);
        var y1 = new double[37 * 3];
        engine.Evaluate(x, y1);
        BatchResult full = engine.Evaluate(x, withPatterns: true, withPreActivations: true);
        Assert.Equal(full.Outputs, y1);
    }

    [Fact]
    public void Results_are_identical_across_thread_counts()
    {
        ReluNetwork net = ReluNetwork.Random([5, 50, 50, 50, 5], seed: 11);
        double[] x = RandomInputs(20_011, 5, seed: 12);
        BatchResult reference = new BatchEvaluator(net, maxDegreeOfParallelism: 1).Evaluate(x, true, true);
        foreach (int threads in new[] { 2, 3, 4 })
        {
            BatchResult r = new BatchEvaluator(net, maxDegreeOfParallelism: threads).Evaluate(x, true, true);
            Assert.Equal(reference.Outputs, r.Outputs);
            Assert.Equal(reference.PatternWords, r.PatternWords);
            Assert.Equal(reference.PreActivations, r.PreActivations);
        }
    }

    [Fact]
    public void Bad_buffers_and_non_finite_inputs_are_rejected()
    {
        ReluNetwork net = ReluNetwork.Random([2, 4, 1], seed: 1);
        var engine = new BatchEvaluator(net);
        var e1 = Assert.Throws<ArgumentException>(() => engine.Evaluate(new double[3], new double[1]));
        Assert.Contains("multiple of the input dimension 2", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => engine.Evaluate(new double[4], new double[3]));
        Assert.Contains("outputs", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => engine.Evaluate([0.0, double.NaN], new double[1]));
        Assert.Contains("NaN", e3.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchEvaluator(net, maxDegreeOfParallelism: 0));
    }

    [Fact]
    public void Cancellation_stops_a_batch()
    {
        ReluNetwork net = ReluNetwork.Random([5, 50, 5], seed: 1);
        var engine = new BatchEvaluator(net, maxDegreeOfParallelism: 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Evaluate(new double[5000], new double[5000], cancellationToken: cts.Token));
    }
}
