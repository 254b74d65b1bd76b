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

    /// <summary>Largest interval count of the interpolant.</summary>
    public const int MaxKnots = 100_000;

    /// <summary>Largest interval count of the trained methods (each epoch costs O(N) quadrature work).</summary>
    public const int MaxTrainedKnots = 2_048;

    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = $"Target on [0, 1]: {string.Join(", ", Targets.All.Select(t => t.Name))}.", DefaultValueFactory = _ => "x^(2/3)" };
        var knots = new Option<int>("--knots") { Description = $"Number of intervals N (= ReLU width): at most {MaxKnots} for interp, {MaxTrainedKnots} for the trained methods.", DefaultValueFactory = _ => 32 }.InRange(1, MaxKnots);
        var method = new Option<string>("--method") { Description = "interp (interpolant on equidistributed knots), fks (two-level FKS), relu-adam (plain Adam baseline), relu-equi (ReLU + equidistribution loss), relu-precond (preconditioned ReLU).", DefaultValueFactory = _ => "interp" };
        method.AcceptOnlyFromAmong(Methods);
        var seed = new Option<int>("--seed") { Description = "Seed of the ReLU initialisation.", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int?>("--epochs") { Description = "Override the method's epoch count (1 to 1000000)." }.InRange(1, 1_000_000);
        var save = new Option<string?>("--save") { Description = "Write the resulting [1, N, 1] ReLU network (.nnet or .json)." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"l2\":…, \"linf\":…, \"knots\":[…], \"seconds\":…}." };
        var benchmark = new Option<bool>("--benchmark") { Description = "Print the training benchmark (markdown): x^(2/3) and tanh100, widths 16..128, every method, seeds 1-3, plus the preconditioning check." };
        var plot = new Option<string?>("--plot") { Description = "PNG: target, fit and knots; error vs N (log-log) for uniform and equidistributed knots." }.OutputFile();
        var command = new Command("fks", "Approximate a univariate target by a free knot spline / shallow ReLU network (equidistribution training).")
        {
            target, knots, method, seed, epochs, save, json, plot, benchmark,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            if (parse.GetValue(benchmark))
            {
                Benchmark(Console.Out);
                return CliApp.Ok;
            }

            TargetFunction t = Targets.Get(parse.GetValue(target)!);
            int n = parse.GetValue(knots);
            string m = parse.GetValue(method)!;
            CliApp.Require(m == "interp" || n <= MaxTrainedKnots, $"--knots {n}: expected an integer in [1, {MaxTrainedKnots}] for --method {m} (training cost grows with N; only interp goes to {MaxKnots}).");
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
                    return (r.Spline, ReluSplineMap.ToNetwork(r.Spline), r.Elapsed.TotalSeconds);
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
                        options = options with { Epochs = e };
                    }

                    ReluTrainingResult r = ShallowReluTrainer.Train(t, n, options);
                    return (r.Spline, r.Network, r.Elapsed.TotalSeconds);
                }
        }
    }

    /// <summary>Interpolation errors on uniform and equidistributed knots for each N.</summary>
    public static List<(int N, double Uniform, double Equid)> Convergence(TargetFunction t, IEnumerable<int> ns) =>
        [.. ns.Select(n => (n,
            SplineError.L2(FreeKnotSpline.Interpolate(t.Value, FreeKnotSpline.UniformKnots(n, t.Lower, t.Upper)), t),
            SplineError.L2(FreeKnotSpline.Interpolate(t.Value, Equidistribution.Knots(t, n).Knots), t)))];

    /// <summary>The training benchmark of the issue: L2 error and wall time per method, target and width (median over seeds 1-3).</summary>
    public static void Benchmark(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        string E(double v) => v.ToString("0.00E+0", inv);
        string S(double v) => v.ToString("F2", inv);
        int[] widths = [16, 32, 64, 128];
        int[] seeds = [1, 2, 3];
        output.WriteLine($"Machine: {Environment.ProcessorCount} logical cores (shared); .NET {Environment.Version}. Median over seeds {string.Join("/", seeds)} of the exact L2 error and of the wall time per run.");
        output.WriteLine();
        foreach (TargetFunction t in new[] { Targets.TwoThirds, Targets.Tanh100 })
        {
            output.WriteLine($"### {t.Description}");
            output.WriteLine();
            output.WriteLine("| W | optimal interpolant | best-L2 on equid. knots | plain Adam | ReLU + equi loss | ReLU + equi + 1 solve | ReLU + equi, alternating | preconditioned ReLU | two-level FKS | precond / interp | Adam / precond |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (int w in widths)
            {
                double[] k = Equidistribution.Knots(t, w).Knots;
                var watch = Stopwatch.StartNew();
                double interp = SplineError.L2(FreeKnotSpline.Interpolate(t.Value, k), t);
                double interpSeconds = watch.Elapsed.TotalSeconds;
                double best = SplineError.L2(L2Projection.BestApproximation(t, k), t);
                (double L2, double Seconds) Run(Func<int, ReluTrainingOptions> make)
                {
                    var runs = seeds.Select(seed => ShallowReluTrainer.Train(t, w, make(seed))).ToArray();
                    return (Median(runs.Select(r => r.L2Error)), Median(runs.Select(r => r.Elapsed.TotalSeconds)));
                }

                var adam = Run(ReluTrainingOptions.PlainAdam);
                var equi = Run(ReluTrainingOptions.EquidistributionLoss);
                var equiSolve = Run(s => ReluTrainingOptions.EquidistributionLoss(s) with { FinalWeightSolve = true });
                var alternating = Run(s => ReluTrainingOptions.EquidistributionLoss(s) with { PreconditionInterval = 250 });
                var pre = Run(ReluTrainingOptions.PreconditionedTraining);
                FksTrainingResult fks = FksTrainer.Train(t, w);
                output.WriteLine($"| {w} | {E(interp)} ({S(interpSeconds)} s) | {E(best)} | {E(adam.L2)} ({S(adam.Seconds)} s) | {E(equi.L2)} ({S(equi.Seconds)} s) | {E(equiSolve.L2)} ({S(equiSolve.Seconds)} s) | {E(alternating.L2)} ({S(alternating.Seconds)} s) | {E(pre.L2)} ({S(pre.Seconds)} s) | {E(fks.L2Error)} ({S(fks.Elapsed.TotalSeconds)} s) | {(pre.L2 / interp).ToString("F2", inv)} | {(adam.L2 / pre.L2).ToString("F0", inv)} |");
                output.Flush();
            }

            output.WriteLine();
        }

        output.WriteLine("### Preconditioning check: x^(2/3), knots fixed at equidistributed positions, only the output layer trained (Adam lr 1e-2, 5000 epochs, 1000 midpoints)");
        output.WriteLine();
        output.WriteLine("| N | ReLU basis (c) | hat basis (w) | exact L2 optimum |");
        output.WriteLine("|---|---|---|---|");
        foreach (int n in new[] { 16, 32, 64 })
        {
            double[] k = Equidistribution.Knots(Targets.TwoThirds, n).Knots;
            output.WriteLine($"| {n} | {E(LinearLayerTraining.Train(Targets.TwoThirds, k, SplineBasis.Relu))} | {E(LinearLayerTraining.Train(Targets.TwoThirds, k, SplineBasis.Hat))} | {E(SplineError.L2(L2Projection.BestApproximation(Targets.TwoThirds, k), Targets.TwoThirds))} |");
        }

        output.WriteLine();
        output.WriteLine("### Conditioning (uniform knots)");
        output.WriteLine();
        output.WriteLine("| N | cond ReLU Gram | ratio | cond ReLU Gram, column-scaled | cond hat Gram | cond hat Gram, scaled |");
        output.WriteLine("|---|---|---|---|---|---|");
        ConditioningRow[] rows = SplineConditioning.UniformTable([8, 16, 32, 64, 128, 256]);
        for (int i = 0; i < rows.Length; i++)
        {
            string ratio = i == 0 ? "" : (rows[i].ReluGram / rows[i - 1].ReluGram).ToString("F1", inv);
            output.WriteLine($"| {rows[i].Intervals} | {E(rows[i].ReluGram)} | {ratio} | {E(rows[i].ReluGramScaled)} | {rows[i].HatGram.ToString("F3", inv)} | {rows[i].HatGramScaled.ToString("F3", inv)} |");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] s = [.. values.Order()];
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
