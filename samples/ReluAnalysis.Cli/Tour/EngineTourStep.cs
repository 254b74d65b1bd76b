using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Cli.Tour;

/// <summary>The engine on ACAS Xu network 1_1: the published evaluator oracle and a batch of patterns.</summary>
internal sealed class EngineTourStep : ITourStep
{
    public string Title => "Engine: ACAS Xu network 1_1 (embedded), evaluation and activation patterns";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        ReluNetwork net;
        using (var reader = new StreamReader(CliApp.OpenResource("acasxu_1_1.nnet")))
        {
            net = NnetFormat.Read(reader, "ACASXU_run2a_1_1_batch_2000.nnet");
        }

        output.WriteLine($"   network 5-{string.Join("-", net.HiddenSizes)}-5, {net.ParameterCount} parameters");
        double[] y = net.EvaluateNormalized([1.0, 1.0, 1.0, 100.0, 1.0]);
        output.WriteLine($"   f(1, 1, 1, 100, 1) = [{string.Join(", ", y.Select(v => v.ToString("F8", System.Globalization.CultureInfo.InvariantCulture)))}]");
        output.WriteLine("   (published: [270.94961805, 280.8974763, 274.55254776, 288.10071007, 256.18037737])");

        const int count = 100_000;
        var rng = new Random(1);
        var inputs = new double[count * 5];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = rng.NextDouble() - 0.5;
        }

        var engine = new BatchEvaluator(net);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        BatchResult result = engine.Evaluate(inputs);
        double seconds = watch.Elapsed.TotalSeconds;
        var distinct = new HashSet<ActivationPattern>();
        for (int s = 0; s < count; s++)
        {
            distinct.Add(result.PatternOf(s));
        }

        output.WriteLine($"   {count:N0} random inputs in the normalised box [-0.5, 0.5]^5: {seconds * 1e3:F1} ms, {distinct.Count:N0} distinct activation patterns");
    }
}
