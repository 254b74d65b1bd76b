using System.CommandLine;
using ReluAnalysis.Geometry;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Injectivity;

namespace ReluAnalysis.Cli.Commands;

/// <summary><c>relu injectivity deep-check</c>: the exact injectivity check of one network file, any input dimension.</summary>
internal static class InjectivityDeepCheckCommand
{
    /// <summary>Exit code of an unknown verdict (timeout, limit or tolerance band).</summary>
    private const int Unknown = 3;

    public static Command Create()
    {
        var network = new Argument<string>("network") { Description = "Network file (.nnet, .json or .onnx)." };
        var box = new Option<string?>("--box") { Description = "Input box \"lo:hi,…\" (default [-1,1]^n; with biases the verdict is \"injective on the box\")." };
        var timeout = new Option<double?>("--timeout") { Description = "Give up after this many seconds (result unknown, exit 3)." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"result\", \"witness\", \"regions\", \"lps\", \"seconds\"}." };
        var command = new Command("deep-check", "Exact injectivity of a ReLU network for any input dimension: regions, rank tests, pair collisions; exit 0 injective, 1 not injective, 3 unknown.")
        {
            network, box, timeout, json,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            ReluNetwork net = NetworkFile.Load(parse.GetValue(network)!);
            Box? domain = parse.GetValue(box) is { } text ? Box.Parse(text) : null;
            if (domain is not null && domain.Dimension != net.InputDimension)
            {
                throw new ArgumentException($"--box has {domain.Dimension} sides; the network has {net.InputDimension} inputs.");
            }

            TimeSpan? limit = null;
            if (parse.GetValue(timeout) is { } seconds)
            {
                if (!(seconds > 0) || !double.IsFinite(seconds))
                {
                    throw new ArgumentException($"--timeout must be a positive number of seconds; found {seconds}.");
                }

                limit = TimeSpan.FromSeconds(seconds);
            }

            var r = NetworkInjectivityChecker.Check(net, new NetworkInjectivityOptions { Domain = domain, TimeLimit = limit });
            string word = r.Status switch
            {
                InjectivityStatus.Injective => "injective",
                InjectivityStatus.NotInjective => "not-injective",
                _ => "unknown",
            };
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    result = word,
                    witness = r.X is null ? null : new[] { r.X, r.XPrime! },
                    regions = r.Regions,
                    lps = r.Lps,
                    seconds = r.Elapsed.TotalSeconds,
                    reason = r.Reason,
                    residual = r.Residual,
                    homogeneous = r.Homogeneous,
                    box = new { lower = r.Domain.Lower.ToArray(), upper = r.Domain.Upper.ToArray() },
                });
            }
            else
            {
                string scope = r.Homogeneous ? "on R^" + net.InputDimension : "on the box " + r.Domain;
                Console.WriteLine($"{word} {scope} ({r.Reason}; {r.Regions} regions, {r.PairsExamined} pairs, {r.Lps} LPs, {r.Elapsed.TotalSeconds:F2} s)");
                if (r.X is not null)
                {
                    Console.WriteLine($"  x  = [{string.Join(", ", r.X.Select(CliApp.Format))}]");
                    Console.WriteLine($"  x' = [{string.Join(", ", r.XPrime!.Select(CliApp.Format))}]  |f(x) - f(x')| = {CliApp.Format(r.Residual)}");
                }
            }

            return r.Status switch
            {
                InjectivityStatus.Injective => CliApp.Ok,
                InjectivityStatus.NotInjective => CliApp.Negative,
                _ => Unknown,
            };
        }));
        return command;
    }
}
