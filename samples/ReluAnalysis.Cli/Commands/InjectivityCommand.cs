using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Regions.Injectivity;

namespace ReluAnalysis.Cli.Commands;

/// <summary><c>relu injectivity rdt | check | curve</c>: capacity of Gaussian ReLU layers by RDT, exact finite checks, Monte Carlo.</summary>
internal static class InjectivityCommand
{
    /// <summary>Largest input dimension of the exact layer checker (its subsets are 32-bit masks).</summary>
    private const int MaxInputs = 32;

    /// <summary>Largest number of rows m.</summary>
    private const int MaxRows = 100_000;

    /// <summary>Largest number of rays C(m, n − 1) one exact check may enumerate.</summary>
    private const double MaxRays = 2e8;

    /// <summary>Largest number of Monte Carlo trials per point.</summary>
    private const int MaxTrials = 1_000_000;

    /// <summary>Largest layer width of the deep (planar) checker.</summary>
    private const int MaxDeepWidth = 200;

    public static Command Create()
    {
        var command = new Command("injectivity", "Injectivity of random ReLU layers x -> ReLU(Wx): RDT capacity thresholds, exact finite-instance checks, Monte Carlo curves.");
        command.Subcommands.Add(CreateRdt());
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(CreateCurve());
        command.Subcommands.Add(CreateDeep());
        command.Subcommands.Add(InjectivityDeepCheckCommand.Create());
        return command;
    }

    private static Command CreateRdt()
    {
        var level = new Option<int>("--level") { Description = "Level of lifting: 1 (plain), 2 (second), 3 (third).", DefaultValueFactory = _ => 1 }.InRange(1, 3);
        var nodes = new Option<int>("--nodes") { Description = "Outer Gauss-Hermite nodes (levels 2, 3), 8 to 1000.", DefaultValueFactory = _ => 120 }.InRange(8, 1000);
        var inner = new Option<int>("--inner-nodes") { Description = "Inner Gauss-Hermite nodes (level 3), 8 to 1000.", DefaultValueFactory = _ => 120 }.InRange(8, 1000);
        var energies = new Option<string?>("--energies") { Description = "Also evaluate the ground-state energy curve e(alpha) at these alphas (start:stop:step or a comma list)." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"alpha\":…, \"params\":{…}, \"seconds\":…}." };
        var command = new Command("rdt", "Injectivity threshold alpha = m/n of a Gaussian ReLU layer by random duality theory.") { level, nodes, inner, energies, json };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            int l = parse.GetValue(level);
            var options = new RdtOptions { QuadratureNodes = parse.GetValue(nodes), InnerQuadratureNodes = parse.GetValue(inner) };
            string? energyGrid = parse.GetValue(energies);
            double[] energyAlphas = energyGrid is null ? [] : ParseRange(energyGrid, "--energies");
            using var cancel = CtrlC();
            RdtThreshold t = RdtCapacity.Threshold((RdtLevel)l, options, cancel.Token);
            RdtEnergy[] curve = energyAlphas.Length == 0 ? [] : RdtCapacity.EnergyCurve((RdtLevel)l, energyAlphas, options, cancel.Token);
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    alpha = t.Alpha,
                    @params = t.Parameters,
                    seconds = t.Elapsed.TotalSeconds,
                    level = l,
                    status = t.Status.ToString(),
                    energy = t.Energy,
                    quadrature = new { outer = t.QuadratureNodes, inner = t.InnerQuadratureNodes },
                    evaluations = t.Evaluations,
                    energies = curve.Select(e => new { alpha = e.Alpha, energy = e.Energy, @params = e.Parameters, status = e.Status.ToString() }),
                });
            }
            else
            {
                Console.WriteLine(Describe(t));
                foreach (var e in curve)
                {
                    Console.WriteLine($"  e({F(e.Alpha)}) = {e.Energy:F6} ({string.Join(", ", e.Parameters.Select(p => $"{p.Key} = {p.Value.ToString("G5", CultureInfo.InvariantCulture)}"))}; {e.Status})");
                }
            }

            return t.Status == RdtStatus.Converged ? CliApp.Ok : CliApp.Negative;
        }));
        return command;
    }

    private static Command CreateCheck()
    {
        var n = new Option<int>("--n") { Description = $"Input dimension n, 1 to {MaxInputs}.", Required = true }.InRange(1, MaxInputs, "the checker enumerates C(m, n − 1) rays");
        var m = new Option<int>("--m") { Description = $"Rows m (output neurons), 1 to {MaxRows}; C(m, n − 1) at most {MaxRays:0.#e0} rays.", Required = true }.InRange(1, MaxRows);
        var trials = new Option<int>("--trials") { Description = $"Number of Gaussian instances, 1 to {MaxTrials}.", DefaultValueFactory = _ => 1000 }.InRange(1, MaxTrials);
        var seed = new Option<int>("--seed") { Description = "Master seed (one stream per trial).", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"probability\":…, \"stderr\":…, \"trials\":…}." };
        var mpi = MpiRun.Option("the trials");
        var command = new Command("check", "Exact injectivity of Gaussian m x n ReLU layers (ray enumeration), Monte Carlo over seeded instances.") { n, m, trials, seed, json, mpi };
        command.SetAction(parse => CliApp.Run(parse, () => MpiRun.Trials(parse.GetValue(mpi), (runner, _) =>
        {
            int nn = parse.GetValue(n), mm = parse.GetValue(m), t = parse.GetValue(trials);
            RequireRays(nn, mm);

            using var cancel = CtrlC();
            var progress = Tenths($"n={nn}, m={mm}");
            var e = InjectivityMonteCarlo.Estimate(nn, mm, new MonteCarloOptions { Trials = t, Seed = parse.GetValue(seed), TrialRunner = runner }, progress, cancel.Token);
            progress.Done();
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    probability = e.Probability,
                    stderr = e.StandardError,
                    trials = e.Trials,
                    n = nn,
                    m = mm,
                    alpha = e.Alpha,
                    injective = e.Injective,
                    notInjective = e.NotInjective,
                    degenerate = e.Degenerate,
                    wilson95 = new[] { e.WilsonLower, e.WilsonUpper },
                    status = "Completed",
                    seconds = e.Elapsed.TotalSeconds,
                });
            }
            else
            {
                Console.WriteLine($"n = {nn}, m = {mm} (alpha = {F(e.Alpha)}): P(injective) = {F(e.Probability)} ± {F(e.StandardError)} (Wilson 95% [{F(e.WilsonLower)}, {F(e.WilsonUpper)}]); {e.Injective} injective, {e.NotInjective} not, {e.Degenerate} degenerate of {e.Trials} trials in {e.Elapsed.TotalSeconds:F2} s");
            }

            return CliApp.Ok;
        })));
        return command;
    }

    private static Command CreateCurve()
    {
        var n = new Option<string>("--n") { Description = $"Input dimension(s) n, e.g. \"3\" or \"2,3,4\", each 1 to {MaxInputs}.", Required = true };
        var alphas = new Option<string>("--alphas") { Description = "Expansions as start:stop:step (e.g. 3:10:0.5) or a comma list.", DefaultValueFactory = _ => "3:10:0.5" };
        var trials = new Option<int>("--trials") { Description = $"Instances per point, 1 to {MaxTrials}.", DefaultValueFactory = _ => 500 }.InRange(1, MaxTrials);
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 1 };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG of the curves with the RDT thresholds marked." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "Write the points and thresholds as JSON." };
        var mpi = MpiRun.Option("the trials of every point");
        var command = new Command("curve", "Monte Carlo P(injective) against alpha = m/n, with the three RDT thresholds.") { n, alphas, trials, seed, plot, json, mpi };
        command.SetAction(parse => CliApp.Run(parse, () => MpiRun.Trials(parse.GetValue(mpi), (runner, root) =>
        {
            int[] ns = CliApp.ParseVector(parse.GetValue(n)!, "--n").Select(v => v >= 1 && v <= MaxInputs && v == Math.Floor(v) ? (int)v : throw new FormatException($"--n {v}: expected integers in [1, {MaxInputs}] (the checker enumerates C(m, n − 1) rays).")).ToArray();
            CliApp.Require(ns.Length > 0, "--n: expected at least one input dimension.");
            double[] grid = ParseRange(parse.GetValue(alphas)!);
            int t = parse.GetValue(trials);
            foreach (int nn in ns)
            {
                int largest = Math.Max(1, (int)Math.Round(grid.Max() * nn));
                CliApp.Require(largest <= MaxRows, $"--alphas: alpha = {grid.Max()} with n = {nn} gives m = {largest}; expected m in [1, {MaxRows}].");
                RequireRays(nn, largest);
            }
            using var cancel = CtrlC();
            var thresholds = new List<RdtThreshold>
            {
                RdtCapacity.Threshold(RdtLevel.Plain),
                RdtCapacity.Threshold(RdtLevel.Second, null, cancel.Token),
                RdtCapacity.Threshold(RdtLevel.Third, new RdtOptions { QuadratureNodes = 60, InnerQuadratureNodes = 40 }, cancel.Token),
            };
            var curves = new List<(int N, InjectivityEstimate[] Points)>();
            foreach (int nn in ns)
            {
                var progress = Tenths($"n={nn}");
                curves.Add((nn, InjectivityMonteCarlo.Curve(nn, grid, new MonteCarloOptions { Trials = t, Seed = parse.GetValue(seed), TrialRunner = runner }, progress, cancel.Token)));
                progress.Done();
            }

            string? png = parse.GetValue(plot);
            if (png is not null && root)
            {
                PlotCurves(png, curves, thresholds);
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    thresholds = thresholds.Select(x => new { level = (int)x.Level, alpha = x.Alpha }),
                    curves = curves.Select(c => new
                    {
                        n = c.N,
                        points = c.Points.Select(p => new { alpha = p.Alpha, m = p.Outputs, probability = p.Probability, stderr = p.StandardError, trials = p.Trials }),
                    }),
                    plot = png,
                });
                return CliApp.Ok;
            }

            foreach (var x in thresholds)
            {
                Console.WriteLine($"RDT level {(int)x.Level}: alpha = {x.Alpha:F6}");
            }

            foreach (var (nn, points) in curves)
            {
                Console.WriteLine($"n = {nn}:");
                foreach (var p in points)
                {
                    Console.WriteLine($"  alpha = {F(p.Alpha),-6} m = {p.Outputs,-4} P = {F(p.Probability),-8} ± {F(p.StandardError)}");
                }
            }

            if (png is not null)
            {
                Console.WriteLine($"plot: {Path.GetFullPath(png)}");
            }

            return CliApp.Ok;
        })));
        return command;
    }

    /// <summary>Widest layer the region-pair checker takes in the Monte Carlo for n = 3, 4 (a 3-12-48 net takes ≈ 9 s).</summary>
    private const int MaxDeepWidthHigh = 64;

    private static Command CreateDeep()
    {
        var n = new Option<int>("--n") { Description = "Input dimension: 2 (exact sector checker) or 3, 4 (regions and pair tests, Regions package).", DefaultValueFactory = _ => 2 }.InRange(2, 4);
        var m1 = new Option<int>("--m1") { Description = $"Width of the first layer, 1 to {MaxDeepWidth} (n = 2) or {MaxDeepWidthHigh} (n = 3, 4).", DefaultValueFactory = _ => 6 }.InRange(1, MaxDeepWidth);
        var alphas = new Option<string>("--alphas") { Description = "Second-layer expansions m2/m1 as start:stop:step or a comma list.", DefaultValueFactory = _ => "0.5:3:0.5" };
        var trials = new Option<int>("--trials") { Description = $"Networks per point, 1 to {MaxTrials}.", DefaultValueFactory = _ => 200 }.InRange(1, MaxTrials);
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 1 };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG of P(injective) against m2/m1." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "Write the points as JSON." };
        var mpi = MpiRun.Option("the trials");
        var command = new Command("deep", "Exact injectivity of two-layer bias-free Gaussian nets x -> ReLU(W2 ReLU(W1 x)) on R^n, Monte Carlo against the second layer's expansion.") { n, m1, alphas, trials, seed, plot, json, mpi };
        command.SetAction(parse => CliApp.Run(parse, () => MpiRun.Trials(parse.GetValue(mpi), (runner, root) =>
        {
            int inputs = parse.GetValue(n), width = parse.GetValue(m1), t = parse.GetValue(trials);
            double[] grid = ParseRange(parse.GetValue(alphas)!);
            int widest = Math.Max(1, (int)Math.Round(grid.Max() * width));
            int cap = inputs == 2 ? MaxDeepWidth : MaxDeepWidthHigh;
            CliApp.Require(width <= cap, $"--m1 {width} with --n {inputs}: expected m1 in [1, {cap}] (the region-pair checker's cost grows with the square of the region count).");
            CliApp.Require(widest <= cap, $"--alphas: m2/m1 = {grid.Max()} with --m1 {width} gives m2 = {widest}; expected m2 in [1, {cap}] (the checker's cost grows with the square of the region count).");
            using var cancel = CtrlC();
            var options = new MonteCarloOptions { Trials = t, Seed = parse.GetValue(seed), TrialRunner = runner };
            var first = InjectivityMonteCarlo.Estimate(inputs, width, options, null, cancel.Token);
            var points = new List<(double Alpha, int M2, InjectivityEstimate Estimate)>();
            foreach (double a in grid)
            {
                int m2 = Math.Max(1, (int)Math.Round(a * width));
                // Common random numbers: the same first layers W1 at every point (the seed fixes layer 1 per trial).
                points.Add(((double)m2 / width, m2, inputs == 2
                    ? DeepInjectivityChecker.Estimate([2, width, m2], options, null, cancel.Token)
                    : NetworkInjectivityChecker.Estimate([inputs, width, m2], options, null, null, cancel.Token)));
                if (!Console.IsErrorRedirected)
                {
                    Console.Error.Write($"\rm2 = {m2} done");
                }
            }

            if (!Console.IsErrorRedirected)
            {
                Console.Error.WriteLine();
            }

            string? png = parse.GetValue(plot);
            if (png is not null && root)
            {
                var plt = new ScottPlot.Plot();
                AddCurve(plt, points.Select(p => (p.Alpha, p.Estimate)).ToArray(), $"2-layer net, n = {inputs}, m1 = {width}");
                var line = plt.Add.HorizontalLine(first.Probability);
                line.LegendText = $"P(first layer injective) = {first.Probability:F3}";
                line.LinePattern = ScottPlot.LinePattern.Dashed;
                plt.Title(inputs == 2 ? "P(ReLU(W2 ReLU(W1 x)) injective), exact sector checker" : $"P(ReLU(W2 ReLU(W1 x)) injective), n = {inputs}, exact region-pair checker");
                plt.XLabel("second-layer expansion m2 / m1");
                plt.YLabel("P(injective)");
                plt.ShowLegend();
                plt.SavePng(png, 900, 600);
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    n = inputs,
                    m1 = width,
                    firstLayer = new { probability = first.Probability, stderr = first.StandardError },
                    points = points.Select(p => new { alpha2 = p.Alpha, m2 = p.M2, probability = p.Estimate.Probability, stderr = p.Estimate.StandardError, wilson95 = new[] { p.Estimate.WilsonLower, p.Estimate.WilsonUpper }, trials = p.Estimate.Trials, undecided = p.Estimate.Degenerate, secondsPerTrial = p.Estimate.Elapsed.TotalSeconds / Math.Max(1, p.Estimate.Trials) }),
                    plot = png,
                });
                return CliApp.Ok;
            }

            Console.WriteLine($"n = {inputs}, m1 = {width}: P(first layer injective) = {F(first.Probability)} ± {F(first.StandardError)}");
            foreach (var p in points)
            {
                Console.WriteLine($"  m2/m1 = {F(p.Alpha),-6} m2 = {p.M2,-4} P = {F(p.Estimate.Probability),-8} ± {F(p.Estimate.StandardError)} Wilson [{F(p.Estimate.WilsonLower)}, {F(p.Estimate.WilsonUpper)}] ({p.Estimate.Degenerate} undecided, {p.Estimate.Elapsed.TotalSeconds / Math.Max(1, p.Estimate.Trials):F3} s/trial)");
            }

            return CliApp.Ok;
        })));
        return command;
    }

    /// <summary>Writes the Monte Carlo curves (with ±1 standard error bars) and the RDT thresholds as vertical lines.</summary>
    internal static void PlotCurves(string path, IReadOnlyList<(int N, InjectivityEstimate[] Points)> curves, IReadOnlyList<RdtThreshold> thresholds)
    {
        var plt = new ScottPlot.Plot();
        foreach (var (nn, points) in curves)
        {
            AddCurve(plt, points.Select(p => (p.Alpha, p)).ToArray(), $"n = {nn}");
        }

        foreach (var t in thresholds)
        {
            var line = plt.Add.VerticalLine(t.Alpha);
            line.LegendText = $"RDT level {(int)t.Level}: {t.Alpha:F4}";
            line.LinePattern = ScottPlot.LinePattern.Dashed;
        }

        plt.Title("P(ReLU(Wx) injective), Gaussian W (exact checker)");
        plt.XLabel("alpha = m / n");
        plt.YLabel("P(injective)");
        plt.ShowLegend();
        plt.SavePng(path, 900, 600);
    }

    /// <summary>One Monte Carlo curve: P(injective) against x, with ±1 standard error bars in the curve's colour.</summary>
    private static void AddCurve(ScottPlot.Plot plt, (double X, InjectivityEstimate Estimate)[] points, string label)
    {
        double[] xs = points.Select(p => p.X).ToArray();
        double[] ys = points.Select(p => p.Estimate.Probability).ToArray();
        var scatter = plt.Add.Scatter(xs, ys);
        scatter.LegendText = label;
        var bars = plt.Add.ErrorBar(xs, ys, points.Select(p => p.Estimate.StandardError).ToArray());
        bars.Color = scatter.Color;
    }

    internal static string Describe(RdtThreshold t)
    {
        string parameters = string.Join(", ", t.Parameters.Select(p => $"{p.Key} = {p.Value.ToString("G7", CultureInfo.InvariantCulture)}"));
        string quadrature = t.Level switch
        {
            RdtLevel.Plain => "closed form",
            RdtLevel.Second => $"{t.QuadratureNodes} Gauss-Hermite nodes",
            _ => $"{t.QuadratureNodes} x {t.InnerQuadratureNodes} Gauss-Hermite nodes",
        };
        return $"level {(int)t.Level}: alpha = {t.Alpha:F6} ({parameters}; {quadrature}; {t.Status}; {t.Elapsed.TotalSeconds:F2} s)";
    }

    /// <summary>Parses "start:stop:step" or a comma list of positive values (at most 1000 points).</summary>
    private static double[] ParseRange(string text, string option = "--alphas")
    {
        string[] parts = text.Split(':');
        double[] values;
        if (parts.Length == 3)
        {
            double[] v = CliApp.ParseVector(string.Join(",", parts), option);
            Guard(v.Length == 3 && v[2] > 0 && v[1] >= v[0], $"{option} \"{text}\": expected start:stop:step with step > 0 and stop ≥ start.");
            double count = Math.Floor((v[1] - v[0]) / v[2] + 1e-9) + 1;
            Guard(count <= 1000, $"{option} \"{text}\" gives {count} points; expected at most 1000.");
            values = Enumerable.Range(0, (int)count).Select(i => v[0] + i * v[2]).ToArray();
        }
        else
        {
            values = CliApp.ParseVector(text, option);
            Guard(values.Length is > 0 and <= 1000, $"{option} \"{text}\": expected 1 to 1000 values.");
        }

        Guard(values.All(a => a > 0), $"{option} \"{text}\": expected positive values.");
        return values;
    }

    private static void Guard(bool condition, string message) => CliApp.Require(condition, message);

    /// <summary>Rejects layers whose exact check would enumerate more than <see cref="MaxRays"/> rays.</summary>
    private static void RequireRays(int n, int m)
    {
        double rays = 1;
        for (int i = 0; i < n - 1 && m >= n; i++)
        {
            rays = rays * (m - i) / (i + 1);
        }

        CliApp.Require(rays <= MaxRays, $"--n {n} --m {m}: C(m, n − 1) = {rays:0.##e0} rays per instance; expected at most {MaxRays:0.#e0} (about half a minute of one core per injective instance).");
    }

    /// <summary>Progress on stderr every tenth of the work ("label: 300/1000 trials, m = 12"), silent when stderr is redirected.</summary>
    private static StderrProgress Tenths(string label)
    {
        long last = -1;
        return new StderrProgress(p =>
        {
            long tenth = p.Total is > 0 ? 10 * p.Completed / p.Total.Value : 0;
            if (tenth == last || Console.IsErrorRedirected)
            {
                return null;
            }

            last = tenth;
            return $"\r{label}: {p.Completed}/{p.Total} trials ({p.Stage})   ";
        });
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static CancellationTokenSource CtrlC()
    {
        var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        return cts;
    }
}
