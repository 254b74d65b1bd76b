using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Networks;
using ReluAnalysis.SingularPerturbation;

namespace ReluAnalysis.Cli.Commands;

internal static class SingularCommand
{
    public static Command Create()
    {
        var eps = new Option<double>("--eps") { Description = "Perturbation ε in (0, 1].", DefaultValueFactory = _ => 1e-6 };
        var mesh = new Option<string>("--mesh") { Description = "shishkin:N (N a positive multiple of 4; P1), uniform:N (P1) or hp:p (spectral boundary-layer mesh, degree p ≤ 64, ReLU emulation).", DefaultValueFactory = _ => "shishkin:64" };
        var depth = new Option<int?>("--squaring-depth") { Description = "hp only: Yarotsky squaring depth L (default p + 2⌈log2 p⌉ + 2)." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"eps\", \"mesh\", \"neurons\", \"maxError\", \"energyError\", \"balancedError\", …}." };
        var save = new Option<string?>("--save") { Description = "Write the network: .json (the library's JSON network format) or .nnet." };
        var plot = new Option<string?>("--plot") { Description = "PNG: solution, network and mesh on [-1, 1], and a zoom into the left boundary layer." };
        var command = new Command("singular", "ReLU networks for -eps^2 u'' + u = 1 on (-1, 1), u(±1) = 0: P1 on Shishkin/uniform meshes, emulated hp on the spectral boundary-layer mesh.")
        {
            eps, mesh, depth, json, save, plot,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            double e = parse.GetValue(eps);
            if (!(e > 0 && e <= 1))
            {
                throw new ArgumentException($"--eps {e.ToString(CultureInfo.InvariantCulture)}: expected 0 < eps <= 1.");
            }

            int? l = parse.GetValue(depth);
            if (l is < 1 or > 60)
            {
                throw new ArgumentException($"--squaring-depth {l}: expected an integer in [1, 60].");
            }

            string? savePath = parse.GetValue(save);
            if (savePath is not null && NetworkFile.FormatOf(savePath) is not ("json" or "nnet"))
            {
                throw new ArgumentException($"--save {savePath}: expected a .json or .nnet file name.");
            }

            LayerMesh m = LayerMesh.Parse(parse.GetValue(mesh)!, e);
            var problem = ReactionDiffusionProblem.Constant(e);
            var (network, errors, squaring) = Build(problem, m, l);
            if (savePath is not null)
            {
                NetworkFile.Save(network, savePath);
            }

            string? plotPath = parse.GetValue(plot);
            if (plotPath is not null)
            {
                SingularPlots.SolutionAndLayer(plotPath, problem, network, m);
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    eps = e,
                    mesh = m.Name,
                    neurons = network.HiddenNeuronCount,
                    maxError = errors.MaxError,
                    energyError = errors.EnergyError,
                    balancedError = errors.BalancedError,
                    elements = m.ElementCount,
                    degree = m.Degree,
                    hiddenLayers = network.HiddenLayerCount,
                    parameters = network.ParameterCount,
                    squaringDepth = squaring,
                    nodes = m.Nodes,
                });
                return CliApp.Ok;
            }

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine($"-eps^2 u'' + u = 1, eps = {e.ToString("G3", inv)}, mesh {m.Name}: {m.ElementCount} elements, degree {m.Degree}");
            Console.WriteLine($"network: {network.HiddenNeuronCount} hidden neurons in {network.HiddenLayerCount} layer(s), {network.ParameterCount} parameters{(squaring is int s ? $", squaring depth L = {s}" : "")}");
            Console.WriteLine($"max error      {errors.MaxError.ToString("E4", inv)}");
            Console.WriteLine($"energy error   {errors.EnergyError.ToString("E4", inv)}");
            Console.WriteLine($"balanced error {errors.BalancedError.ToString("E4", inv)}");
            if (savePath is not null)
            {
                Console.WriteLine($"network written to {savePath}");
            }

            if (plotPath is not null)
            {
                Console.WriteLine($"plot written to {plotPath}");
            }

            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>The network of a mesh (P1 or emulated hp) and its errors against the closed form.</summary>
    public static (ReluNetwork Network, LayerErrors Errors, int? SquaringDepth) Build(ReactionDiffusionProblem problem, LayerMesh mesh, int? squaringDepth)
    {
        if (mesh.Kind == LayerMeshKind.SpectralBoundaryLayer)
        {
            HpInterpolant hp = HpInterpolant.Interpolate(problem.Solution, mesh.Nodes, mesh.Degree);
            HpReluEmulation em = HpReluEmulation.Build(hp, squaringDepth);
            LayerErrors err = LayerErrorNorms.ForNetwork(em.Network, problem.Solution, problem.SolutionDerivative, mesh.Nodes, problem.Epsilon, 4);
            return (em.Network, err, em.SquaringDepth);
        }

        ReluNetwork net = LayerNetworks.P1(problem.Solution, mesh.Nodes);
        return (net, LayerErrorNorms.ForNetwork(net, problem.Solution, problem.SolutionDerivative, mesh.Nodes, problem.Epsilon), null);
    }
}
