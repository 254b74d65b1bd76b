using System.Globalization;
using ReluAnalysis.Cli.Commands;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.SingularPerturbation;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Singular perturbations: -eps^2 u'' + u = 1 at eps = 1e-6 by P1 on Shishkin/uniform meshes and the emulated hp network.</summary>
internal sealed class SingularTourStep : ITourStep
{
    public string Title => "Singular perturbations: -eps^2 u'' + u = 1, eps = 1e-6 (Shishkin P1, uniform P1, hp ReLU emulation)";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        const double eps = 1e-6;
        var problem = ReactionDiffusionProblem.Constant(eps);
        foreach (string spec in new[] { "shishkin:64", "uniform:64", "hp:6" })
        {
            cancellationToken.ThrowIfCancellationRequested();
            LayerMesh mesh = LayerMesh.Parse(spec, eps);
            var (net, err, _) = SingularCommand.Build(problem, mesh, null);
            output.WriteLine($"   {spec,-12} {net.HiddenNeuronCount,5} neurons   max {err.MaxError.ToString("E2", inv)}   energy {err.EnergyError.ToString("E2", inv)}   balanced {err.BalancedError.ToString("E2", inv)}");
            if (spec == "shishkin:64")
            {
                string path = Path.Combine(outDir, "singular_shishkin64.png");
                SingularPlots.SolutionAndLayer(path, problem, net, mesh);
                output.WriteLine($"   plot: {path}");
            }
        }
    }
}
