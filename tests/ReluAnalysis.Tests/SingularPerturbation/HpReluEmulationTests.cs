using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.SingularPerturbation;
using Xunit.Abstractions;

namespace ReluAnalysis.Tests.SingularPerturbation;

public class HpReluEmulationTests(ITestOutputHelper output)
{
    private static readonly int[] Degrees = [2, 3, 4, 5, 6];

    [Fact]
    public void Emulation_error_is_exponential_in_sqrt_size_and_epsilon_independent()
    {
        (int Neurons, double Balanced) Run(double eps, int p)
        {
            var problem = ReactionDiffusionProblem.Constant(eps);
            LayerMesh mesh = LayerMesh.SpectralBoundaryLayer(p, eps);
            HpInterpolant hp = HpInterpolant.Interpolate(problem.Solution, mesh.Nodes, p);
            HpReluEmulation em = HpReluEmulation.Build(hp);
            LayerErrors en = LayerErrorNorms.ForNetwork(em.Network, problem.Solution, problem.SolutionDerivative, mesh.Nodes, eps, 1);
            output.WriteLine($"eps {eps:E0} p {p} L {em.SquaringDepth} neurons {em.Network.HiddenNeuronCount} layers {em.Network.HiddenLayerCount} balanced {en.BalancedError:E3} max {en.MaxError:E3}");
            return (em.Network.HiddenNeuronCount, en.BalancedError);
        }

        var a = Degrees.Select(p => Run(1e-8, p)).ToArray();
        foreach (int i in new[] { 1, 3 })
        {
            var b = Run(1e-4, Degrees[i]);
            Assert.Equal(a[i].Neurons, b.Neurons);
            Assert.InRange(a[i].Balanced / b.Balanced, 1 / 1.1, 1.1);
        }

        double[] x = [.. a.Select(r => Math.Sqrt(r.Neurons))];
        double[] y = [.. a.Select(r => Math.Log(r.Balanced))];
        Assert.True(RSquared(x, y) > 0.95, $"R² = {RSquared(x, y)}");
        Assert.True(SingularPerturbationTests.Slope(x, y) < 0);
    }

    [Fact]
    public void Network_equals_the_hp_interpolant_up_to_the_squaring_error()
    {
        const double eps = 1e-6;
        const int p = 6;
        var problem = ReactionDiffusionProblem.Constant(eps);
        LayerMesh mesh = LayerMesh.SpectralBoundaryLayer(p, eps);
        HpInterpolant hp = HpInterpolant.Interpolate(problem.Solution, mesh.Nodes, p);
        HpReluEmulation em = HpReluEmulation.Build(hp);
        Assert.Equal(1, em.Network.InputDimension);
        var rng = new Random(5);
        double w = p * eps;
        double[] xs = [.. Enumerable.Range(0, 3000).Select(i => (i % 3) switch
        {
            0 => -1 + 2 * rng.NextDouble(),
            1 => -1 + w * rng.NextDouble(),
            _ => 1 - w * rng.NextDouble(),
        })];
        double[] ys = new BatchEvaluator(em.Network, 1).Evaluate(xs, withPatterns: false).Outputs;
        double worst = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(ys[i] - hp.Evaluate(xs[i])));
        }

        // Squaring error 4^{-L-1} amplified by the Chebyshev recursion and the coefficients.
        Assert.True(worst < 1e-4, $"max |network - hp| = {worst}");
        Assert.True(worst > 0, "the emulation is not exact");
    }

    [Fact]
    public void Program_compiler_carries_values_across_layers()
    {
        // f(x) = σ(σ(x) − 0.5) + x, the input read again two layers later.
        var prog = new ReluProgram(1);
        AffineForm x = prog.Input(0);
        AffineForm deep = prog.Relu(prog.Relu(x) - 0.5);
        ReluNetwork net = prog.Compile(deep + x);
        foreach (double v in new[] { -2.0, -0.3, 0.2, 0.7, 3.0 })
        {
            Assert.Equal(Math.Max(0, Math.Max(0, v) - 0.5) + v, net.Evaluate([v])[0], 14);
        }

        Assert.Equal([1, 3, 3, 1], net.LayerSizes());
    }

    private static double RSquared(double[] x, double[] y)
    {
        double slope = SingularPerturbationTests.Slope(x, y);
        double mx = x.Average(), my = y.Average();
        double ssr = 0, sst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double fit = my + slope * (x[i] - mx);
            ssr += (y[i] - fit) * (y[i] - fit);
            sst += (y[i] - my) * (y[i] - my);
        }

        return 1 - ssr / sst;
    }
}
