using System.CommandLine;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var network = new Argument<string>("network") { Description = "Network file (.nnet, .json or .onnx)." };
        var input = new Option<string?>("--input") { Description = "One input as \"x1,x2,…\"." };
        var inputs = new Option<string?>("--inputs") { Description = "CSV file with one input per row." };
        var patterns = new Option<bool>("--patterns") { Description = "Also print the activation pattern per hidden layer as 0/1 strings." };
        var normalize = new Option<bool>("--normalize") { Description = "Apply the file's input normalisation and output scaling (.nnet semantics)." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"outputs\":[…], \"patterns\":[\"0101…\",…]}." };
        var command = new Command("eval", "Evaluate a network at inputs, optionally with activation patterns.")
        {
            network, input, inputs, patterns, normalize, json,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            ReluNetwork net = NetworkFile.Load(parse.GetValue(network)!);
            string? one = parse.GetValue(input);
            string? file = parse.GetValue(inputs);
            if ((one is null) == (file is null))
            {
                throw new ArgumentException("give exactly one of --input \"x1,…\" or --inputs file.csv.");
            }

            List<double[]> xs = one is not null ? [CliApp.ParseVector(one, "--input")] : CliApp.ReadCsv(file!);
            bool norm = parse.GetValue(normalize);
            if (norm && net.Normalization is null)
            {
                throw new ArgumentException("--normalize: the network file carries no normalisation.");
            }

            var results = new List<(double[] Outputs, string[] Patterns)>();
            for (int r = 0; r < xs.Count; r++)
            {
                double[] x = xs[r];
                if (x.Length != net.InputDimension)
                {
                    throw new ArgumentException($"input {r} has {x.Length} values; the network expects {net.InputDimension}.");
                }

                double[] netInput = x;
                if (norm)
                {
                    netInput = new double[x.Length];
                    net.Normalization!.NormalizeInput(x, netInput);
                }

                double[] y = net.Evaluate(netInput);
                if (norm)
                {
                    net.Normalization!.DenormalizeOutput(y);
                }

                ActivationPattern p = net.PatternAt(netInput);
                results.Add((y, Enumerable.Range(0, net.HiddenLayerCount).Select(p.ToBitString).ToArray()));
            }

            bool withPatterns = parse.GetValue(patterns);
            if (parse.GetValue(json))
            {
                if (results.Count == 1)
                {
                    CliApp.WriteJson(withPatterns
                        ? new { outputs = results[0].Outputs, patterns = results[0].Patterns }
                        : (object)new { outputs = results[0].Outputs });
                }
                else
                {
                    CliApp.WriteJson(withPatterns
                        ? new { outputs = results.Select(r => r.Outputs), patterns = results.Select(r => r.Patterns) }
                        : (object)new { outputs = results.Select(r => r.Outputs) });
                }

                return CliApp.Ok;
            }

            foreach (var (outputs, bits) in results)
            {
                Console.WriteLine(string.Join(", ", outputs.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
                if (withPatterns)
                {
                    for (int k = 0; k < bits.Length; k++)
                    {
                        Console.WriteLine($"  layer {k}: {bits[k]}");
                    }
                }
            }

            return CliApp.Ok;
        }));
        return command;
    }
}
