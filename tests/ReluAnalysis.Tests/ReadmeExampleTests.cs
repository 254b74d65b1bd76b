using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests;

/// <summary>The README's usage example, compiled and run; a second test checks the README still shows this exact code.</summary>
[Collection(ProcessStateCollection.Name)]
public class ReadmeExampleTests
{
    [Fact]
    public void Readme_example_runs_and_its_claims_hold()
    {
        string previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(TestData.RepoRoot);
        var console = new StringWriter();
        TextWriter stdout = Console.Out;
        Console.SetOut(console);
        try
        {
            // README-BEGIN
            ReluNetwork net = NnetFormat.Read("data/acasxu/ACASXU_run2a_1_1_batch_2000.nnet");
            double[] x = [0.1, -0.2, 0.3, 0.0, 0.1];                 // normalised input units
            double[] y = net.Evaluate(x);                             // the five advisory scores
            ActivationPattern sigma = net.PatternAt(x);               // 300 bits, one per ReLU
            var map = LocalAffineMap.For(net, sigma);                 // f = A x + c on sigma's region
            double[] same = map.Evaluate(x);                          // equals y to rounding
            var region = ActivationRegion.Of(net, sigma);             // 300 half-spaces a·x ≤ b
            bool inside = region.Polytope.Contains(x, 1e-9);          // true

            var engine = new BatchEvaluator(net);                     // SIMD, multi-core
            double[] batch = new double[1000 * 5];                    // 1000 inputs, row-major
            BatchResult r = engine.Evaluate(batch);                   // outputs + patterns
            Console.WriteLine($"{y[0]:F6} {same[0]:F6} {inside} {r.PatternOf(0).PopCount()}");
            // README-END

            Assert.True(inside);
            Assert.Equal(300, sigma.NeuronCount);
            Assert.Equal(y[0], same[0], 1e-12);
            Assert.Equal(net.PatternAt(new double[5]).PopCount(), r.PatternOf(0).PopCount());
        }
        finally
        {
            Console.SetOut(stdout);
            Directory.SetCurrentDirectory(previous);
        }

        Assert.Contains(" True ", console.ToString());
    }

    [Fact]
    public void Readme_shows_the_tested_code()
    {
        static string[] Lines(IEnumerable<string> lines) => lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        string[] test = File.ReadAllLines(Path.Combine(TestData.RepoRoot, "tests", "ReluAnalysis.Tests", "ReadmeExampleTests.cs"));
        int b = Array.FindIndex(test, l => l.Trim() == "// README-BEGIN"), e = Array.FindIndex(test, l => l.Trim() == "// README-END");
        string[] readme = File.ReadAllLines(Path.Combine(TestData.RepoRoot, "README.md"));
        int start = Array.FindIndex(readme, l => l.StartsWith("```csharp", StringComparison.Ordinal));
        int end = Array.FindIndex(readme, start + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        string[] block = Lines(readme[(start + 1)..end].Where(l => !l.StartsWith("using ", StringComparison.Ordinal)));
        Assert.Equal(Lines(test[(b + 1)..e]), block);
    }
}
