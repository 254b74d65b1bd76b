using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Networks;
using ReluAnalysis.Stability;

namespace ReluAnalysis.Cli.Commands;

internal static class StabilityCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = $"Target f_0 on [-1, 1]: {string.Join(", ", StabilityTargets.All.Select(t => $"{t.Name} ({t.Description})"))}.", DefaultValueFactory = _ => "sin" };
        var n = new Option<int>("--n") { Description = "Number of training samples, x ~ U[-1, 1] (2..100000).", DefaultValueFactory = _ => 30 };
        var noise = new Option<double>("--noise") { Description = "Label noise sigma (>= 0).", DefaultValueFactory = _ => 0.5 };
        var eta = new Option<double>("--eta") { Description = "GD step size eta (> 0).", DefaultValueFactory = _ => 0.2 };
        var steps = new Option<int>("--steps") { Description = "Full-batch GD steps (1..100000000).", DefaultValueFactory = _ => 200_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the data and of the initialisation.", DefaultValueFactory = _ => 1 };
        var width = new Option<int>("--width") { Description = "Hidden width k (1..10000).", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"status\", \"lambdaMax\", \"twoOverEta\", \"tvg\", \"bound\", \"knots\", \"loss\", \"mse\", \"x\", \"y\", …}." };
        var plot = new Option<string?>("--plot") { Description = "PNG: data, fit, truth and knots; lambda_max along the run against 2/eta." };
        var save = new Option<string?>("--save") { Description = "Write the trained [1, k, 1] network in the library's JSON format (layer 1: w, b; layer 2: a, c)." };
        var sweep = new Option<bool>("--sweep") { Description = "Print the eta sweep (markdown): eta in {0.01, 0.05, 0.1, 0.2, 0.4}, seeds 1-3, with the given target, n, noise, width and steps." };
        var command = new Command("stability", "Train a univariate two-layer ReLU net by full-batch GD with step eta; report sharpness, weighted total variation TV_g and the stability bound (Qiao et al. 2024).")
        {
            target, n, noise, eta, steps, seed, width, json, plot, save, sweep,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            StabilityTarget t = StabilityTargets.All.FirstOrDefault(s => s.Name == parse.GetValue(target))
                ?? throw new ArgumentException($"--target {parse.GetValue(target)}: expected one of {string.Join(", ", StabilityTargets.All.Select(s => s.Name))}.");
            int count = parse.GetValue(n);
            Check(count is >= 2 and <= 100_000, $"--n {count}: expected a sample count in [2, 100000].");
            double sigma = parse.GetValue(noise);
            Check(sigma >= 0 && double.IsFinite(sigma), $"--noise {Show(sigma)}: expected a finite noise level >= 0.");
            double step = parse.GetValue(eta);
            Check(step > 0 && double.IsFinite(step), $"--eta {Show(step)}: expected a finite step size > 0.");
            int budget = parse.GetValue(steps);
            Check(budget is >= 1 and <= 100_000_000, $"--steps {budget}: expected a step count in [1, 100000000].");
            int k = parse.GetValue(width);
            Check(k is >= 1 and <= 10_000, $"--width {k}: expected a width in [1, 10000].");
            int s = parse.GetValue(seed);
            var training = new StabilityTrainingOptions { LearningRate = step, Steps = budget, Width = k, Seed = s };
            if (parse.GetValue(sweep))
            {
                Sweep(Console.Out, new LearningRateSweepOptions { Target = t, SampleCount = count, Noise = sigma, Training = training, MaxDegreeOfParallelism = 1 });
                return CliApp.Ok;
            }

            StabilityDataset data = StabilityDataset.Generate(t, count, sigma, s);
            var progress = parse.GetValue(json) || Console.IsErrorRedirected ? null : new Progress<OperationProgress>(p => Console.Error.Write($"\r   step {p.Completed}/{p.Total}, loss {CliApp.Format(p.Value ?? double.NaN)}   "));
            StabilityTrainingResult result = StabilityTrainer.Train(data.X, data.Y, training, progress);
            if (progress is not null)
            {
                Console.Error.WriteLine();
            }

            bool diverged = result.Status == StabilityStatus.Diverged;
            StabilityReport? r = result.Report;
            double? mse = diverged ? null : StabilityAnalysis.MeanSquaredError(result.Network, t.Value);
            double? mseFull = diverged ? null : StabilityAnalysis.MeanSquaredError(result.Network, t.Value, -1.0, 1.0);
            string? savePath = parse.GetValue(save);
            if (savePath is not null && !diverged)
            {
                JsonNetworkFormat.Write(result.Network.Network, savePath);
            }

            string? plotPath = parse.GetValue(plot);
            if (plotPath is not null)
            {
                StabilityPlots.FitAndSharpness(plotPath, data, result);
            }

            string status = result.Status.ToString().ToLowerInvariant();
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    status,
                    lambdaMax = r?.LambdaMax,
                    lambdaMaxMean = result.LambdaMaxTailMean,
                    twoOverEta = result.TwoOverEta,
                    tvg = r?.WeightedTotalVariation,
                    tv = r?.TotalVariation,
                    bound = r?.BoundEta,
                    boundLambda = r?.BoundLambda,
                    knots = r?.Knots.EffectiveKnots,
                    knotPositions = r?.Knots.KnotPositions,
                    activeNeurons = r?.Knots.ActiveOnData,
                    loss = r?.Loss,
                    mse,
                    mseFull,
                    target = t.Name,
                    eta = step,
                    noise = sigma,
                    width = k,
                    seed = s,
                    steps = result.StepsRun,
                    seconds = result.Elapsed.TotalSeconds,
                    x = data.X,
                    y = data.Y,
                });
                return diverged ? CliApp.Negative : CliApp.Ok;
            }

            Console.WriteLine($"target {t.Name} = {t.Description}, n = {count}, sigma = {CliApp.Format(sigma)}, width {k}, eta = {CliApp.Format(step)}, seed {s}");
            Console.WriteLine($"status        {status} after {result.StepsRun} steps ({result.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s)");
            if (r is null)
            {
                Console.WriteLine($"GD diverged: the loss left every bound. Linear stability needs lambda_max <= 2/eta = {CliApp.Format(result.TwoOverEta)}; try a smaller --eta.");
            }
            else
            {
                Console.WriteLine($"lambda_max    {CliApp.Format(r.LambdaMax)} (final iterate), {CliApp.Format(result.LambdaMaxTailMean ?? r.LambdaMax)} (mean of the last iterates); 2/eta = {CliApp.Format(result.TwoOverEta)}");
                Console.WriteLine($"TV_g          {CliApp.Format(r.WeightedTotalVariation)}   (unweighted TV {CliApp.Format(r.TotalVariation)})");
                Console.WriteLine($"bound         1/eta - 1/2 + C_x sqrt(2L) = {CliApp.Format(r.BoundEta!.Value)}; lambda_max/2 - 1/2 + C_x sqrt(2L) = {CliApp.Format(r.BoundLambda)}");
                Console.WriteLine($"loss L        {CliApp.Format(r.Loss)}   (sigma^2/2 = {CliApp.Format(sigma * sigma / 2)})");
                Console.WriteLine($"MSE vs f_0    {CliApp.Format(mse!.Value)} on [-0.5, 0.5], {CliApp.Format(mseFull!.Value)} on [-1, 1]");
                Console.WriteLine($"knots         {r.Knots.EffectiveKnots} effective, {r.Knots.ActiveOnData} neurons switching on the data");
            }

            if (savePath is not null && !diverged)
            {
                Console.WriteLine($"network [1, {k}, 1] written to {savePath}");
            }

            if (plotPath is not null)
            {
                Console.WriteLine($"plot written to {plotPath}");
            }

            return diverged ? CliApp.Negative : CliApp.Ok;
        }));
        return command;
    }

    /// <summary>The eta sweep as markdown: one row per eta (mean over seeds) and the per-run table.</summary>
    public static void Sweep(TextWriter output, LearningRateSweepOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        string F(double? v, string format = "G4") => v is double d ? d.ToString(format, inv) : "–";
        IReadOnlyList<LearningRateSweepRun> runs = LearningRateSweep.Run(options);
        output.WriteLine($"Target {options.Target.Description}, n = {options.SampleCount}, sigma = {F(options.Noise)}, width {options.Training.Width}, {options.Training.Steps} GD steps, seeds {string.Join("/", options.Seeds)}; {Environment.ProcessorCount} logical cores (shared, loaded machine).");
        output.WriteLine();
        output.WriteLine("| eta | seed | status | lambda_max (final) | lambda_max (tail mean) | 2/eta | tail / (2/eta) | lambda_GN | 1 + 2 TV_g | TV_g | bound 1/eta-1/2+C_x sqrt(2L) | bound with lambda_max | loss L | L / (sigma^2/2) | MSE [-0.5,0.5] | MSE [-1,1] | eff. knots | active neurons | seconds |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (LearningRateSweepRun run in runs)
        {
            StabilityTrainingResult res = run.Result;
            StabilityReport? r = res.Report;
            output.WriteLine($"| {F(run.LearningRate)} | {run.Seed} | {res.Status.ToString().ToLowerInvariant()} | {F(r?.LambdaMax)} | {F(res.LambdaMaxTailMean)} | {F(res.TwoOverEta)} | {F(res.LambdaMaxTailMean / res.TwoOverEta, "F3")} | {F(r?.LambdaMaxGaussNewton)} | {F(1 + 2 * r?.WeightedTotalVariation)} | {F(r?.WeightedTotalVariation)} | {F(r?.BoundEta)} | {F(r?.BoundLambda)} | {F(r?.Loss)} | {F(r?.Loss / (options.Noise * options.Noise / 2), "F2")} | {F(run.InteriorMse)} | {F(run.FullMse)} | {F(r?.Knots.EffectiveKnots)} | {F(r?.Knots.ActiveOnData)} | {F(res.Elapsed.TotalSeconds, "F1")} |");
        }

        output.WriteLine();
        output.WriteLine("Means over the seeds that did not diverge:");
        output.WriteLine();
        output.WriteLine("| eta | runs | tail lambda_max / (2/eta) | TV_g | bound 1/eta-1/2+C_x sqrt(2L) | TV_g / bound | L / (sigma^2/2) | MSE [-0.5,0.5] | eff. knots | active neurons |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var group in runs.GroupBy(r => r.LearningRate))
        {
            var ok = group.Where(r => r.Result.Report is not null).ToArray();
            double M(Func<LearningRateSweepRun, double> f) => ok.Length == 0 ? double.NaN : ok.Average(f);
            output.WriteLine($"| {F(group.Key)} | {ok.Length}/{group.Count()} | {F(M(r => r.Result.LambdaMaxTailMean!.Value / r.Result.TwoOverEta), "F3")} | {F(M(r => r.Result.Report!.WeightedTotalVariation))} | {F(M(r => r.Result.Report!.BoundEta!.Value))} | {F(M(r => r.Result.Report!.WeightedTotalVariation / r.Result.Report!.BoundEta!.Value), "F3")} | {F(M(r => r.Result.Report!.Loss / (options.Noise * options.Noise / 2)), "F2")} | {F(M(r => r.InteriorMse!.Value))} | {F(M(r => r.Result.Report!.Knots.EffectiveKnots), "F1")} | {F(M(r => r.Result.Report!.Knots.ActiveOnData), "F1")} |");
        }
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }

    private static string Show(double v) => v.ToString(CultureInfo.InvariantCulture);
}
