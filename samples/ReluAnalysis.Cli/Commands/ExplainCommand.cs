using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Attribution;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Cli.Commands;

internal static class ExplainCommand
{
    public static Command Create()
    {
        var network = new Argument<string>("network") { Description = "Network file (.nnet, .json or .onnx)." };
        var input = new Option<string>("--input") { Description = "The input to explain, \"x1,x2,…\".", Required = true };
        var method = new Option<string>("--method") { Description = "pathwise (default), gradinput, ig or saliency.", DefaultValueFactory = _ => "pathwise" };
        method.AcceptOnlyFromAmong("pathwise", "gradinput", "ig", "saliency");
        var width = new Option<string>("--width") { Description = "Pathwise width K: units kept per constrained layer, a count, a percentage such as 25%, or all.", DefaultValueFactory = _ => "all" };
        var depth = new Option<string>("--depth") { Description = "Pathwise depth D: how many of the last hidden layers are constrained, or all.", DefaultValueFactory = _ => "all" };
        var noFilter = new Option<bool>("--no-filter") { Description = "Pathwise: keep units regardless of the 1/C share threshold (with width and depth all this is Gradient×Input)." };
        var cls = new Option<int?>("--class") { Description = "Class to explain (default: the predicted class)." };
        var steps = new Option<int>("--steps") { Description = "IG: midpoint steps (0 = exact IG over the linear pieces), at most 100000.", DefaultValueFactory = _ => 64 }.InRange(0, 100_000);
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"class\":c, \"attribution\":[…], \"units\":[[…],…]}." };
        var plot = new Option<string?>("--plot") { Description = "PNG of the input and the attribution side by side (8×8 or 28×28 inputs)." }.OutputFile();
        var command = new Command("explain", "Explain a prediction: pathwise attribution (Lim et al., AISTATS 2024) or a gradient baseline.")
        {
            network, input, method, width, depth, noFilter, cls, steps, json, plot,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            ReluNetwork net = NetworkFile.Load(parse.GetValue(network)!);
            double[] x = CliApp.ParseVector(parse.GetValue(input)!, "--input");
            if (x.Length != net.InputDimension)
            {
                throw new ArgumentException($"--input has {x.Length} values; the network expects {net.InputDimension}.");
            }

            int? target = parse.GetValue(cls);
            if (target is { } t && (t < 0 || t >= net.OutputDimension))
            {
                throw new ArgumentException($"--class {t}: expected a class in [0, {net.OutputDimension}).");
            }

            string depthText = parse.GetValue(depth)!;
            int? d = null;
            if (!depthText.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(depthText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int dv) || dv < 0 || dv > net.HiddenLayerCount)
                {
                    throw new ArgumentException($"--depth \"{depthText}\": expected 0..{net.HiddenLayerCount} or all.");
                }

                d = dv;
            }

            var options = new PathwiseOptions
            {
                Width = PathWidth.Parse(parse.GetValue(width)!),
                Depth = d,
                ShareFilter = !parse.GetValue(noFilter),
                TargetClass = target,
            };
            string m = parse.GetValue(method)!;
            double[] logits = net.Evaluate(x);
            int c = target ?? Array.IndexOf(logits, logits.Max());
            double[] attribution;
            IReadOnlyList<IReadOnlyList<int>> units;
            string status = "";
            switch (m)
            {
                case "pathwise":
                    PathwiseExplanation e = new PathwiseExplainer(net).Explain(x, options);
                    attribution = e.Attribution;
                    units = e.Path.Units;
                    status = e.Status == PathSelectionStatus.FallbackUsed
                        ? $"fallback used at hidden layer(s) {string.Join(", ", e.FallbackLayers)}"
                        : "selected";
                    break;
                case "gradinput":
                    attribution = GradientAttribution.GradientTimesInput(net, x, c);
                    units = ActiveUnits(net, x);
                    break;
                case "saliency":
                    attribution = GradientAttribution.Saliency(net, x, c);
                    units = ActiveUnits(net, x);
                    break;
                default:
                    int s = parse.GetValue(steps);
                    attribution = s == 0
                        ? GradientAttribution.IntegratedGradientsExact(net, x, c).Attribution
                        : GradientAttribution.IntegratedGradients(net, x, c, null, s);
                    units = ActiveUnits(net, x);
                    break;
            }

            if (parse.GetValue(plot) is { } png)
            {
                PathwisePlots.SaveHeatmaps(png, [($"class {c}", x, [(m, attribution)])]);
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new { @class = c, attribution, units });
                return CliApp.Ok;
            }

            Console.WriteLine($"method: {m}{(m == "pathwise" ? $" (width {options.Width}, depth {depthText}, filter {(options.ShareFilter ? "on" : "off")}): {status}" : "")}");
            Console.WriteLine($"class: {c} (logit {CliApp.Format(logits[c])}; predicted {Array.IndexOf(logits, logits.Max())})");
            Console.WriteLine($"attribution (sum {CliApp.Format(attribution.Sum())}): {string.Join(", ", attribution.Select(CliApp.Format))}");
            for (int k = 0; k < units.Count; k++)
            {
                Console.WriteLine($"  hidden layer {k}: {units[k].Count} of {net.HiddenSizes[k]} units [{string.Join(",", units[k])}]");
            }

            if (parse.GetValue(plot) is { } written)
            {
                Console.WriteLine($"plot: {Path.GetFullPath(written)}");
            }

            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>The units a gradient method uses: every active unit (the whole-network path).</summary>
    private static IReadOnlyList<IReadOnlyList<int>> ActiveUnits(ReluNetwork net, double[] x)
    {
        ActivationPattern p = net.PatternAt(x);
        return Enumerable.Range(0, net.HiddenLayerCount).Select(k => (IReadOnlyList<int>)p.ActiveNeurons(k)).ToList();
    }
}
