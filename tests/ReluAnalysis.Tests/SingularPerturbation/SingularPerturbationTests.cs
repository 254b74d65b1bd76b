using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.SingularPerturbation;

namespace ReluAnalysis.Tests.SingularPerturbation;

public class SingularPerturbationTests
{
    private static readonly double[] Epsilons = [1e-2, 1e-4, 1e-6, 1e-8];

    private static LayerErrors P1Errors(LayerMesh mesh, double eps, out ReluNetwork net)
    {
        var problem = ReactionDiffusionProblem.Constant(eps);
        net = LayerNetworks.P1(problem.Solution, mesh.Nodes);
        return LayerErrorNorms.ForNetwork(net, problem.Solution, problem.SolutionDerivative, mesh.Nodes, eps);
    }

    [Fact]
    public void Closed_form_is_stable_and_solves_the_equation()
    {
        foreach (double eps in new[] { 1.0, 1e-1, 1e-3, 1e-8, 1e-300 })
        {
            Assert.Equal(0.0, ReactionDiffusionProblem.ClosedForm(-1, eps), 15);
            Assert.Equal(0.0, ReactionDiffusionProblem.ClosedForm(1, eps), 15);
            Assert.True(double.IsFinite(ReactionDiffusionProblem.ClosedFormDerivative(-1, eps)) || eps < 1e-300);
        }

        Assert.Equal(1 - Math.Cosh(0.3 / 0.5) / Math.Cosh(1 / 0.5), ReactionDiffusionProblem.ClosedForm(0.3, 0.5), 14);

        // -eps^2 u'' + u = 1 by a central difference of the derivative formula.
        const double e = 0.05;
        foreach (double x in new[] { -0.97, -0.5, 0.0, 0.93 })
        {
            double h = 1e-6;
            double upp = (ReactionDiffusionProblem.ClosedFormDerivative(x + h, e) - ReactionDiffusionProblem.ClosedFormDerivative(x - h, e)) / (2 * h);
            Assert.Equal(1.0, -e * e * upp + ReactionDiffusionProblem.ClosedForm(x, e), 6);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e-2)]
    [InlineData(1e-5)]
    [InlineData(1e-8)]
    public void Reference_solver_matches_the_closed_form(double eps)
    {
        var problem = ReactionDiffusionProblem.Constant(eps);
        FemSolution s = ReactionDiffusionSolver.Solve(problem);
        LayerErrors err = LayerErrorNorms.Compute(problem.Solution, problem.SolutionDerivative, s.Evaluate, s.Derivative, s.Nodes, eps);
        Assert.True(err.MaxError < 1e-11, $"max {err.MaxError}");
        Assert.True(err.BalancedError < 1e-9, $"balanced {err.BalancedError}");
    }

    [Fact]
    public void Reference_solver_on_a_general_problem_has_a_small_residual_and_converges_in_p()
    {
        var problem = ReactionDiffusionProblem.General(1e-4, x => 2 + Math.Sin(x), x => Math.Exp(x));
        FemSolution fine = ReactionDiffusionSolver.Solve(problem, 24);
        FemSolution coarse = ReactionDiffusionSolver.Solve(problem, 16);
        double diff = 0;
        for (int i = 0; i <= 4000; i++)
        {
            double x = -1 + 2.0 * i / 4000;
            diff = Math.Max(diff, Math.Abs(fine.Evaluate(x) - coarse.Evaluate(x)));
        }

        Assert.True(diff < 1e-10, $"p=16 vs p=24: {diff}");

        // Away from the layers u ≈ f/c (reduced problem), to O(eps^2).
        Assert.Equal(Math.Exp(0.2) / (2 + Math.Sin(0.2)), fine.Evaluate(0.2), 6);
        Assert.Equal(0.0, fine.Evaluate(-1), 14);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    public void Shishkin_P1_network_is_epsilon_robust(int n)
    {
        var balanced = new List<double>();
        var max = new List<double>();
        foreach (double eps in Epsilons)
        {
            LayerErrors e = P1Errors(LayerMesh.Shishkin(n, eps), eps, out ReluNetwork net);
            Assert.Equal([1, n, 1], net.LayerSizes());
            balanced.Add(e.BalancedError);
            max.Add(e.MaxError);
        }

        Assert.True(balanced.Max() / balanced.Min() < 1.01, $"balanced {string.Join(", ", balanced)}");
        Assert.True(max.Max() / max.Min() < 1.01, $"max {string.Join(", ", max)}");
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void Shishkin_rates_match_the_logarithmic_predictions(int n)
    {
        const double eps = 1e-6;
        LayerErrors a = P1Errors(LayerMesh.Shishkin(n, eps), eps, out _);
        LayerErrors b = P1Errors(LayerMesh.Shishkin(2 * n, eps), eps, out _);
        double balancedPrediction = 2 * Math.Log(n) / Math.Log(2 * n);
        double maxPrediction = 4 * Math.Pow(Math.Log(n) / Math.Log(2 * n), 2);
        Assert.InRange(a.BalancedError / b.BalancedError, 0.9 * balancedPrediction, 1.1 * balancedPrediction);
        Assert.InRange(a.MaxError / b.MaxError, 0.8 * maxPrediction, 1.2 * maxPrediction);
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(1e-6)]
    [InlineData(1e-8)]
    public void Uniform_mesh_is_not_robust(double eps)
    {
        LayerErrors e = P1Errors(LayerMesh.Uniform(128), eps, out _);
        Assert.True(e.MaxError > 0.5, $"max {e.MaxError}");
    }

    [Fact]
    public void Energy_error_on_Shishkin_scales_like_sqrt_epsilon()
    {
        double[] eps = [1e-2, 1e-4, 1e-6];
        double[] lx = [.. eps.Select(e => Math.Log(e))];
        double[] ly = [.. eps.Select((double e) => Math.Log(P1Errors(LayerMesh.Shishkin(128, e), e, out _).EnergyError))];
        double slope = Slope(lx, ly);
        Assert.InRange(slope, 0.45, 0.55);
    }

    [Fact]
    public void P1_network_equals_the_interpolant_at_random_points()
    {
        const double eps = 1e-6;
        LayerMesh mesh = LayerMesh.Shishkin(64, eps);
        var problem = ReactionDiffusionProblem.Constant(eps);
        ReluNetwork net = LayerNetworks.P1(problem.Solution, mesh.Nodes);
        var spline = ReluAnalysis.Splines.FreeKnotSpline.Interpolate(problem.Solution, mesh.Nodes);
        var rng = new Random(3);
        double[] xs = [.. Enumerable.Range(0, 5000).Select(i => i % 2 == 0 ? -1 + 2 * rng.NextDouble() : -1 + 3e-5 * rng.NextDouble())];
        double[] ys = new BatchEvaluator(net, 1).Evaluate(xs, withPatterns: false).Outputs;
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(Math.Abs(ys[i] - spline.Evaluate(xs[i])) < 1e-8, $"x = {xs[i]}");
        }
    }

    [Fact]
    public void Hp_interpolant_is_exponential_and_epsilon_robust()
    {
        var slopes = new List<double>();
        foreach (double eps in new[] { 1e-4, 1e-6, 1e-8 })
        {
            var problem = ReactionDiffusionProblem.Constant(eps);
            var ps = Enumerable.Range(2, 15).ToArray();
            double[] le = [.. ps.Select(p =>
            {
                LayerMesh mesh = LayerMesh.SpectralBoundaryLayer(p, eps, HpKappa);
                HpInterpolant hp = HpInterpolant.Interpolate(problem.Solution, mesh.Nodes, p);
                return Math.Log(LayerErrorNorms.Compute(problem.Solution, problem.SolutionDerivative, hp.Evaluate, hp.Derivative, mesh.Nodes, eps).BalancedError);
            })];
            slopes.Add(Slope([.. ps.Select(p => (double)p)], le));
        }

        Assert.True(slopes.Max() <= -0.5, $"slopes {string.Join(", ", slopes)}");
        Assert.True(slopes.Min() / slopes.Max() < 1.05, $"slopes {string.Join(", ", slopes)}");
    }

    private const double HpKappa = 1.0;

    [Fact]
    public void Hp_interpolant_reproduces_polynomials_and_derivatives()
    {
        double[] nodes = [-1, -0.9, 0.4, 1];
        HpInterpolant hp = HpInterpolant.Interpolate(x => x * x * x - 2 * x, nodes, 5);
        foreach (double x in new[] { -0.95, 0.0, 0.7 })
        {
            Assert.Equal(x * x * x - 2 * x, hp.Evaluate(x), 13);
            Assert.Equal(3 * x * x - 2, hp.Derivative(x), 12);
        }
    }

    [Theory]
    [InlineData("shishkin:30")]
    [InlineData("shishkin:0")]
    [InlineData("uniform:-4")]
    [InlineData("hp:x")]
    [InlineData("bakhvalov:16")]
    public void Bad_mesh_specs_are_rejected(string spec)
    {
        Assert.Throws<ArgumentException>(() => LayerMesh.Parse(spec, 1e-3));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Bad_epsilon_is_rejected(double eps)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReactionDiffusionProblem.Constant(eps));
    }

    internal static double Slope(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        return sxy / sxx;
    }
}
