using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Networks;
using ReluAnalysis.Splines;

namespace ReluAnalysis.Cli.Commands;

internal static class FksCommand
{
    public static readonly string[] Methods = ["interp", "fks", "relu-adam", "relu-equi", "relu-precond"];

    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = $"Target on [0, 1]: {string.Join(", ", Targets.All.Select(t => t.Name))}.", DefaultValueFactory = _ => "x^(2/3)" };
        var knots = new Option<int>("--knots") { Description = "Number of intervals N (= ReLU width).", DefaultValueFactory = _ => 32 };
        var method = new Option<string>("--method") { Description = "interp (interpolant on equidistributed knots), fks (two-level FKS), relu-adam (plain Adam baseline), relu-equi (ReLU + equidistribution loss), relu-precond (preconditioned ReLU).", DefaultValueFactory = _ => "interp" };
        method.AcceptOnlyFromAmong(Methods);
        var seed = new Option<int>("--seed") { Description = "Seed of the ReLU initialisation.", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int?>("--epochs") { Description = "Override the method's epoch count." };
        var save = new Option<string?>("--save") { Description = "Write the resulting [1, N, 1] ReLU network (.nnet or .json)." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"l2\":…, \"linf\":…, \"knots\":[…], \"seconds\":…}." };
        var plot = new Option<string?>("--plot") { Description = "PNG: target, fit and knots; error vs N (log-log) for uniform and equidistributed knots." };
        var command = new Command("fks", "Approximate a univariate target by a free knot spline / shallow ReLU network (equidistribution training).")
        {
            target, knots, method, seed, epochs, save, json, plot,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            TargetFunction t = Targets.Get(parse.GetValue(target)!);
            int n = parse.GetValue(knots);
            if (n < 1 || n > 100_000)
            {
                throw new ArgumentException($"--knots {n}: expected an interval count in [1, 100000].");
            }

            string m = parse.GetValue(method)!;
            var (spline, network, seconds) = Fit(t, n, m, parse.GetValue(seed), parse.GetValue(epochs));
            double l2 = SplineError.L2(spline, t);
            double linf = SplineError.LInf(spline, t);
            string? savePath = parse.GetValue(save);
            if (savePath is not null)
            {
                if (savePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    JsonNetworkFormat.Write(network, savePath);
                }
                else
                {
                    NnetFormat.Write(network, savePath);
                }
            }

            string? plotPath = parse.GetValue(plot);
            if (plotPath is not null)
            {
                FksPlots.FitAndConvergence(plotPath, t, spline, m, Convergence(t, [8, 16, 32, 64, 128, 256]));
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new { l2, linf, knots = spline.Knots.ToArray(), seconds, target = t.Name, method = m, intervals = spline.IntervalCount });
                return CliApp.Ok;
            }

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine($"target {t.Name} = {t.Description} on [{t.Lower}, {t.Upper}], method {m}, N = {spline.IntervalCount}");
            Console.WriteLine($"L2 error   {l2.ToString("E4", inv)}");
            Console.WriteLine($"Linf error {linf.ToString("E4", inv)}");
            double sigma = Equidistribution.Knots(t, 1).Sigma;
            Console.WriteLine($"prediction sigma^(5/2)/(sqrt(120) N^2) = {(Math.Pow(sigma, 2.5) / Math.Sqrt(120) / n / n).ToString("E4", inv)} (optimal interpolant)");
            Console.WriteLine($"time       {seconds.ToString("F3", inv)} s");
            int show = Math.Min(spline.Knots.Length, 8);
            Console.WriteLine($"knots      {string.Join(", ", spline.Knots[..show].ToArray().Select(CliApp.Format))}{(spline.Knots.Length > show ? ", …" : "")}");
            if (savePath is not null)
            {
                Console.WriteLine($"network [1, {network.HiddenSizes[0]}, 1] written to {savePath}");
            }

            if (plotPath is not null)
            {
                Console.WriteLine($"plot written to {plotPath}");
            }

            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>Runs one method; returns the spline, the same function as a ReLU network, and the wall time.</summary>
    public static (FreeKnotSpline Spline, ReluNetwork Network, double Seconds) Fit(TargetFunction t, int n, string method, int seed, int? epochs)
    {
        var watch = Stopwatch.StartNew();
        switch (method)
        {
            case "interp":
                {
                    FreeKnotSpline s = FreeKnotSpline.Interpolate(t.Value, Equidistribution.Knots(t, n).Knots);
                    return (s, ReluSplineMap.ToNetwork(s), watch.Elapsed.TotalSeconds);
                }

            case "fks":
                {
                    var options = new FksTrainingOptions();
                    if (epochs is int e)
                    {
                        options = options with { KnotEpochs = e };
                    }

                    FksTrainingResult r = FksTrainer.Train(t, n, options);
                    return (r.Spline, ReluSplineMap.ToNetwork(r.Spline), r.Seconds);
                }

            default:
                {
                    ReluTrainingMethod kind = method switch
                    {
                        "relu-adam" => ReluTrainingMethod.PlainAdam,
                        "relu-equi" => ReluTrainingMethod.Equidistribution,
                        "relu-precond" => ReluTrainingMethod.Preconditioned,
                        _ => throw new ArgumentException($"--method {method}: expected one of {string.Join(", ", Methods)}."),
                    };
                    ReluTrainingOptions options = ReluTrainingOptions.For(kind, seed);
                    if (epochs is int e)
                    {
                        if (e < 1)
                        {
                            throw new ArgumentException($"--epochs {e}: expected a positive count.");
                        }

                        options = options with { Epochs = e };
                    }

                    ReluTrainingResult r = ShallowReluTrainer.Train(t, n, options);
                    return (r.Spline, r.Network, r.Seconds);
                }
        }
    }

    /// <summary>Interpolation errors on uniform and equidistributed knots for each N.</summary>
    public static List<(int N, double Uniform, double Equid)> Convergence(TargetFunction t, IEnumerable<int> ns) =>
        [.. ns.Select(n => (n,
            SplineError.L2(FreeKnotSpline.Interpolate(t.Value, FreeKnotSpline.UniformKnots(n, t.Lower, t.Upper)), t),
            SplineError.L2(FreeKnotSpline.Interpolate(t.Value, Equidistribution.Knots(t, n).Knots), t)))];
}
