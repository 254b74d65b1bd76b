using System.CommandLine;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Cli.Commands;

internal static class InfoCommand
{
    public static Command Create()
    {
        var network = new Argument<string>("network") { Description = "Network file (.nnet, .json or .onnx)." };
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var command = new Command("info", "Format, layer sizes, parameters and normalisation metadata of a network.") { network, json };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            string path = parse.GetValue(network)!;
            ReluNetwork net = NetworkFile.Load(path);
            var n = net.Normalization;
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    format = NetworkFile.FormatOf(path),
                    inputs = net.InputDimension,
                    outputs = net.OutputDimension,
                    hidden = net.HiddenSizes,
                    parameters = net.ParameterCount,
                    normalization = n is null ? null : new
                    {
                        minimums = n.Minimums,
                        maximums = n.Maximums,
                        means = n.Means,
                        ranges = n.Ranges,
                        outputMean = n.OutputMean,
                        outputRange = n.OutputRange,
                    },
                });
                return CliApp.Ok;
            }

            Console.WriteLine($"format      {NetworkFile.FormatOf(path)}");
            Console.WriteLine($"inputs      {net.InputDimension}");
            Console.WriteLine($"hidden      {string.Join(", ", net.HiddenSizes)} ({net.HiddenNeuronCount} ReLU neurons)");
            Console.WriteLine($"outputs     {net.OutputDimension}");
            Console.WriteLine($"parameters  {net.ParameterCount}");
            if (n is not null)
            {
                Console.WriteLine($"normalise   min [{string.Join(", ", n.Minimums.Select(CliApp.Format))}]");
                Console.WriteLine($"            max [{string.Join(", ", n.Maximums.Select(CliApp.Format))}]");
                Console.WriteLine($"            mean [{string.Join(", ", n.Means.Select(CliApp.Format))}] output mean {CliApp.Format(n.OutputMean)}");
                Console.WriteLine($"            range [{string.Join(", ", n.Ranges.Select(CliApp.Format))}] output range {CliApp.Format(n.OutputRange)}");
                Console.WriteLine("            (metadata only; `relu eval --normalize` applies it)");
            }

            return CliApp.Ok;
        }));
        return command;
    }
}
