using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.FiniteElements;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Cli.Commands;

internal static class FeCommand
{
    public static Command Create()
    {
        var mesh = new Option<string>("--mesh") { Description = "interval:N, interval-random:N, square:N, jitter:N (N a positive integer) or file:PATH (text mesh format, see FeMeshFile).", DefaultValueFactory = _ => "square:8" };
        var function = new Option<string>("--function") { Description = $"Function to interpolate: {string.Join(", ", FeFunctions.Names)}.", DefaultValueFactory = _ => "sinsin" };
        var dg = new Option<bool>("--dg") { Description = "Discontinuous piecewise-linear (DG-P1) interpolant instead of continuous P1." };
        var constant = new Option<bool>("--p0") { Description = "Piecewise-constant (P0) interpolant." };
        var k = new Option<double>("--k") { Description = "Steepness k of the cell penalties (> 0); the error band has half-width (G+B)/k.", DefaultValueFactory = _ => 1e9 };
        var minimal = new Option<bool>("--minimal") { Description = "Minimal first layer (width n) instead of the safe one (width 2n)." };
        var exact = new Option<bool>("--exact") { Description = "1-D continuous P1 only: the exact one-hidden-layer network instead of the weak two-hidden-layer one." };
        var samples = new Option<int>("--samples") { Description = "Random points of the check (1..10^7).", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of random meshes and check points.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"lines\", \"cells\", \"widths\", \"k\", \"maxErrorOffBand\", \"l1Error\", \"bandFraction\", …}." };
        var save = new Option<string?>("--save") { Description = "Write the network: .json (the library's JSON network format) or .nnet." };
        var plot = new Option<string?>("--plot") { Description = "PNG: the mesh, the network's output and the error band." };
        var command = new Command("fe", "Represent a finite-element interpolant by a ReLU network (Jin: two hidden layers, widths from lines and cells).")
        {
            mesh, function, dg, constant, k, minimal, exact, samples, seed, json, save, plot,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            double steep = parse.GetValue(k);
            if (!double.IsFinite(steep) || steep <= 0)
            {
                throw new ArgumentException($"--k {steep.ToString(CultureInfo.InvariantCulture)}: expected a positive finite steepness.");
            }

            int count = parse.GetValue(samples);
            if (count < 1 || count > 10_000_000)
            {
                throw new ArgumentException($"--samples {count}: expected a count in [1, 10000000].");
            }

            string? savePath = parse.GetValue(save);
            if (savePath is not null && NetworkFile.FormatOf(savePath) is not ("json" or "nnet"))
            {
                throw new ArgumentException($"--save {savePath}: expected a .json or .nnet file name.");
            }

            if (parse.GetValue(dg) && parse.GetValue(constant))
            {
                throw new ArgumentException("--dg and --p0 exclude each other.");
            }

            Func<double[], double> f = FeFunctions.Get(parse.GetValue(function)!);
            FeMesh m = FeMesh.Parse(parse.GetValue(mesh)!, parse.GetValue(seed));
            FeSpace space = parse.GetValue(dg) ? FeSpace.DgP1 : parse.GetValue(constant) ? FeSpace.P0 : FeSpace.P1;
            var interpolant = PiecewiseLinearFunction.Interpolate(m, f, space);
            FeNetwork net = parse.GetValue(exact)
                ? FeNetworkBuilder.OneHiddenLayer(interpolant)
                : FeNetworkBuilder.TwoHiddenLayer(interpolant, new FeNetworkOptions { K = steep, Variant = parse.GetValue(minimal) ? FeLayerVariant.Minimal : FeLayerVariant.Safe });
            FeErrorReport report = FeNetworkCheck.Measure(net, count, parse.GetValue(seed));
            if (savePath is not null)
            {
                NetworkFile.Save(net.Network, savePath);
            }

            string? plotPath = parse.GetValue(plot);
            if (plotPath is not null)
            {
                FePlots.NetworkAndBand(plotPath, net, $"{m.Name}, {parse.GetValue(function)} ({space})");
            }

            double? kOut = double.IsFinite(net.K) ? net.K : null;
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    lines = net.Lines,
                    cells = net.Cells,
                    widths = net.Widths,
                    k = kOut,
                    maxErrorOffBand = report.MaxErrorOffBand,
                    l1Error = report.L1Error,
                    bandFraction = report.BandFraction,
                    mesh = m.Name,
                    function = parse.GetValue(function),
                    space = space.ToString(),
                    formulaLines = m.FormulaLineCount,
                    formulaWidths = net.FormulaWidths,
                    maxError = report.MaxError,
                    bandHalfWidth = net.BandHalfWidth,
                    offBandFraction = report.OffBandFraction,
                    samples = report.Samples,
                });
                return CliApp.Ok;
            }

            Console.WriteLine($"mesh {m.Name}: {net.Cells} cells, {net.Lines} distinct {(m.Dimension == 1 ? "nodes" : "lines")}{(m.FormulaLineCount is int fl ? $" (formula {m.LineFormula} = {fl})" : "")}");
            Console.WriteLine($"function {parse.GetValue(function)}, {space} interpolant, B = {CliApp.Format(net.Bound)}, G = {CliApp.Format(net.ExtrapolatedBound)}");
            Console.WriteLine($"network widths [{string.Join(", ", net.Widths)}] (formula [{string.Join(", ", net.FormulaWidths)}]){(kOut is double kk ? $", k = {CliApp.Format(kk)}, band half-width {CliApp.Format(net.BandHalfWidth)}" : ", exact")}");
            Console.WriteLine($"check on {report.Samples} random points: max error off the band {CliApp.Format(report.MaxErrorOffBand)} ({CliApp.Format(100 * report.OffBandFraction)} % of points off the band)");
            Console.WriteLine($"L1 error {CliApp.Format(report.L1Error)}, max error {CliApp.Format(report.MaxError)}, error > {report.Tolerance:G1} at {CliApp.Format(100 * report.BandFraction)} % of points");
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
}
