using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Regions.Injectivity;

namespace ReluAnalysis.Cli.Commands;

/// <summary><c>relu injectivity rdt | check | curve</c>: capacity of Gaussian ReLU layers by RDT, exact finite checks, Monte Carlo.</summary>
internal static class InjectivityCommand
{
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
        var level = new Option<int>("--level") { Description = "Level of lifting: 1 (plain), 2 (second), 3 (third).", DefaultValueFactory = _ => 1 };
        var nodes = new Option<int>("--nodes") { Description = "Outer Gauss-Hermite nodes (levels 2, 3).", DefaultValueFactory = _ => 120 };
        var inner = new Option<int>("--inner-nodes") { Description = "Inner Gauss-Hermite nodes (level 3).", DefaultValueFactory = _ => 120 };
        var energies = new Option<string?>("--energies") { Description = "Also evaluate the ground-state energy curve e(alpha) at these alphas (start:stop:step or a comma list)." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"alpha\":…, \"params\":{…}, \"seconds\":…}." };
        var command = new Command("rdt", "Injectivity threshold alpha = m/n of a Gaussian ReLU layer by random duality theory.") { level, nodes, inner, energies, json };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            int l = parse.GetValue(level);
            if (l is < 1 or > 3)
            {
                throw new ArgumentException($"--level must be 1, 2 or 3; found {l}.");
            }

            var options = new RdtOptions { QuadratureNodes = parse.GetValue(nodes), InnerQuadratureNodes = parse.GetValue(inner) };
            using var cancel = CtrlC();
            RdtThreshold t = RdtCapacity.Threshold((RdtLevel)l, options, cancel.Token);
            string? energyGrid = parse.GetValue(energies);
            RdtEnergy[] curve = energyGrid is null ? [] : RdtCapacity.EnergyCurve((RdtLevel)l, ParseRange(energyGrid), options, cancel.Token);
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
        var n = new Option<int>("--n") { Description = "Input dimension n.", Required = true };
        var m = new Option<int>("--m") { Description = "Rows m (output neurons).", Required = true };
        var trials = new Option<int>("--trials") { Description = "Number of Gaussian instances.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Master seed (one stream per trial).", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"probability\":…, \"stderr\":…, \"trials\":…}." };
        var command = new Command("check", "Exact injectivity of Gaussian m x n ReLU layers (ray enumeration), Monte Carlo over seeded instances.") { n, m, trials, seed, json };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            int nn = parse.GetValue(n), mm = parse.GetValue(m), t = parse.GetValue(trials);
            if (nn < 1 || mm < 1 || t < 1)
            {
                throw new ArgumentException($"--n, --m and --trials must be positive; found {nn}, {mm}, {t}.");
            }

            using var cancel = CtrlC();
            var progress = new StderrProgress(t, $"n={nn}, m={mm}");
            var e = InjectivityMonteCarlo.Estimate(nn, mm, new MonteCarloOptions { Trials = t, Seed = parse.GetValue(seed) }, progress, cancel.Token);
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
                    status = e.Status.ToString(),
                    seconds = e.Elapsed.TotalSeconds,
                });
            }
            else
            {
                Console.WriteLine($"n = {nn}, m = {mm} (alpha = {F(e.Alpha)}): P(injective) = {F(e.Probability)} ± {F(e.StandardError)} (Wilson 95% [{F(e.WilsonLower)}, {F(e.WilsonUpper)}]); {e.Injective} injective, {e.NotInjective} not, {e.Degenerate} degenerate of {e.Trials} trials in {e.Elapsed.TotalSeconds:F2} s");
            }

            return e.Status == MonteCarloStatus.Completed ? CliApp.Ok : CliApp.BadInput;
        }));
        return command;
    }

    private static Command CreateCurve()
    {
        var n = new Option<string>("--n") { Description = "Input dimension(s) n, e.g. \"3\" or \"2,3,4\".", Required = true };
        var alphas = new Option<string>("--alphas") { Description = "Expansions as start:stop:step (e.g. 3:10:0.5) or a comma list.", DefaultValueFactory = _ => "3:10:0.5" };
        var trials = new Option<int>("--trials") { Description = "Instances per point.", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 1 };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG of the curves with the RDT thresholds marked." };
        var json = new Option<bool>("--json") { Description = "Write the points and thresholds as JSON." };
        var command = new Command("curve", "Monte Carlo P(injective) against alpha = m/n, with the three RDT thresholds.") { n, alphas, trials, seed, plot, json };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            int[] ns = CliApp.ParseVector(parse.GetValue(n)!, "--n").Select(v => v >= 1 && v == Math.Floor(v) ? (int)v : throw new FormatException($"--n: {v} is not a positive integer.")).ToArray();
            double[] grid = ParseRange(parse.GetValue(alphas)!);
            int t = parse.GetValue(trials);
            Guard(t > 0, $"--trials must be positive; found {t}.");
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
                var progress = new StderrCurveProgress(grid.Length, t, $"n={nn}");
                curves.Add((nn, InjectivityMonteCarlo.Curve(nn, grid, new MonteCarloOptions { Trials = t, Seed = parse.GetValue(seed) }, progress, cancel.Token)));
                progress.Done();
            }

            string? png = parse.GetValue(plot);
            if (png is not null)
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
        }));
        return command;
    }

    private static Command CreateDeep()
    {
        var n = new Option<int>("--n") { Description = "Input dimension: 2 (exact sector checker) or 3, 4 (regions and pair tests, Regions package).", DefaultValueFactory = _ => 2 };
        var m1 = new Option<int>("--m1") { Description = "Width of the first layer.", DefaultValueFactory = _ => 6 };
        var alphas = new Option<string>("--alphas") { Description = "Second-layer expansions m2/m1 as start:stop:step or a comma list.", DefaultValueFactory = _ => "0.5:3:0.5" };
        var trials = new Option<int>("--trials") { Description = "Networks per point.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 1 };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG of P(injective) against m2/m1." };
        var json = new Option<bool>("--json") { Description = "Write the points as JSON." };
        var command = new Command("deep", "Exact injectivity of two-layer bias-free Gaussian nets x -> ReLU(W2 ReLU(W1 x)) on R^n, Monte Carlo against the second layer's expansion.") { n, m1, alphas, trials, seed, plot, json };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            int inputs = parse.GetValue(n), width = parse.GetValue(m1), t = parse.GetValue(trials);
            Guard(inputs is >= 2 and <= 4, $"--n must be 2, 3 or 4; found {inputs}.");
            Guard(width >= 1 && t >= 1, $"--m1 and --trials must be positive; found {width}, {t}.");
            double[] grid = ParseRange(parse.GetValue(alphas)!);
            using var cancel = CtrlC();
            var options = new MonteCarloOptions { Trials = t, Seed = parse.GetValue(seed) };
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
            if (png is not null)
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
        }));
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

    private static double[] ParseRange(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length == 3)
        {
            double[] v = CliApp.ParseVector(string.Join(",", parts), "--alphas");
            Guard(v[2] > 0 && v[1] >= v[0], $"--alphas \"{text}\": expected start:stop:step with step > 0 and stop ≥ start.");
            int count = (int)Math.Floor((v[1] - v[0]) / v[2] + 1e-9) + 1;
            Guard(count <= 1000, $"--alphas \"{text}\" gives {count} points; at most 1000.");
            return Enumerable.Range(0, count).Select(i => v[0] + i * v[2]).ToArray();
        }

        double[] list = CliApp.ParseVector(text, "--alphas");
        Guard(list.Length > 0 && list.All(a => a > 0), $"--alphas \"{text}\": expected positive values.");
        return list;
    }

    private static void Guard(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
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

    private sealed class StderrProgress(int total, string label) : IProgress<int>
    {
        private int last = -1;

        public void Report(int value)
        {
            int percent = (int)(100L * value / total);
            if (percent / 10 != last / 10 && !Console.IsErrorRedirected)
            {
                last = percent;
                Console.Error.Write($"\r{label}: {value}/{total} trials");
            }
        }

        public void Done()
        {
            if (!Console.IsErrorRedirected && last >= 0)
            {
                Console.Error.WriteLine();
            }
        }
    }

    private sealed class StderrCurveProgress(int points, int trials, string label) : IProgress<(int Point, int Trials)>
    {
        private bool wrote;

        public void Report((int Point, int Trials) value)
        {
            if (value.Trials == trials && !Console.IsErrorRedirected)
            {
                wrote = true;
                Console.Error.Write($"\r{label}: point {value.Point + 1}/{points} done");
            }
        }

        public void Done()
        {
            if (wrote)
            {
                Console.Error.WriteLine();
            }
        }
    }
}
