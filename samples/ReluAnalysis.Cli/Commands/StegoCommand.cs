using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Networks;
using ReluAnalysis.NullSpace;
using ReluAnalysis.Training;

namespace ReluAnalysis.Cli.Commands;

/// <summary><c>relu stego</c>: null-space steganography on the 8×8 digits (Li and Short, arXiv 2401.10262).</summary>
internal static class StegoCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Classifier of 8x8 digits (.json, .nnet or .onnx, 64 inputs); default: train the 64-16-16-10 digits MLP (seed 1, about a second)." };
        var cover = new Option<int>("--cover") { Description = "Row of the digits data set (0..1796) used as the cover.", DefaultValueFactory = _ => 0 };
        var hidden = new Option<int>("--hidden") { Description = "Row of the digits data set (0..1796) hidden in the cover.", DefaultValueFactory = _ => 1 };
        var alpha = new Option<double>("--alpha") { Description = "Weight of the cover in the blended recipe, in [0, 1].", DefaultValueFactory = _ => 0.7 };
        var pairs = new Option<int?>("--pairs") { Description = "Also measure the three embeddings over this many random (cover, hidden) pairs of held-out digits." };
        var local = new Option<bool>("--local") { Description = "Embed along the local null space of the hidden image's activation region (keeps the pattern and the logits)." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"rank\", \"nullDim\", \"cover\", \"hidden\", \"stego\", \"logitsHidden\", \"logitsStego\", \"maxLogitDiff\", \"psnrStegoCover\", \"classHidden\", \"classStego\", \"keptFraction\"}." };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG: cover, hidden, stego and what the network sees, per embedding." };
        var save = new Option<string?>("--save-network") { Description = "Write the network used (the trained default one without --network) to this file (.json or .nnet)." };
        var command = new Command("stego", "Hide one digit in another without changing the classifier's output: null space of the first layer, blended recipe, local null space.")
        {
            network, cover, hidden, alpha, pairs, local, json, plot, save,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            double a = parse.GetValue(alpha);
            if (!(a >= 0 && a <= 1))
            {
                throw new ArgumentException($"--alpha must be in [0, 1]; found {F(a)}.");
            }

            int? nPairs = parse.GetValue(pairs);
            if (nPairs is < 1)
            {
                throw new ArgumentException($"--pairs must be at least 1; found {nPairs}.");
            }

            DigitsDataset digits = LoadDigits();
            int c = parse.GetValue(cover), h = parse.GetValue(hidden);
            foreach (var (name, value) in new[] { ("--cover", c), ("--hidden", h) })
            {
                if ((uint)value >= (uint)digits.Count)
                {
                    throw new ArgumentException($"{name} must be a digits row in [0, {digits.Count - 1}]; found {value}.");
                }
            }

            string? file = parse.GetValue(network);
            ReluNetwork net;
            string source;
            if (file is not null)
            {
                net = NetworkFile.Load(file);
                if (net.InputDimension != DigitsDataset.PixelCount)
                {
                    throw new ArgumentException($"--network: {file} has {net.InputDimension} inputs; relu stego embeds 8x8 digits and needs {DigitsDataset.PixelCount}.");
                }

                source = $"{file} ({string.Join("-", net.LayerSizes())})";
            }
            else
            {
                StegoClassifier trained = Steganography.TrainDigitsClassifier(digits);
                net = trained.Network;
                source = string.Create(CultureInfo.InvariantCulture,
                    $"digits MLP 64-16-16-10 trained in {trained.Elapsed.TotalSeconds:F1} s (seed 1), test accuracy {trained.TestAccuracy:P1}");
            }

            string? savePath = parse.GetValue(save);
            if (savePath is not null)
            {
                NetworkFile.Save(net, savePath);
            }

            var options = new StegoOptions { Alpha = a };
            double[] xc = digits.Image(c).ToArray(), xh = digits.Image(h).ToArray();
            StegoResult exact = Steganography.Hide(net, xc, xh, options);
            StegoResult blended = Steganography.Hide(net, xc, xh, options with { Method = StegoMethod.Blended });
            StegoResult? localResult = parse.GetValue(local) ? Steganography.Hide(net, xc, xh, options with { Method = StegoMethod.Local }) : null;
            StegoResult main = localResult ?? exact;
            StegoStatistics? stats = nPairs is int n
                ? Steganography.Statistics(net, digits.Rows(DataSplit.Stratified(digits.Labels, 0.2, 0).Test), new StegoStatisticsOptions { Pairs = n, Embedding = options })
                : null;

            string? png = parse.GetValue(plot);
            if (png is not null)
            {
                var rows = new List<(string, StegoResult)> { ("exact", exact), ($"blended a={F(a)}", blended) };
                if (localResult is not null)
                {
                    rows.Add(("local", localResult));
                }

                StegoPlots.Save(png, rows);
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(Json(main, blended, stats, png));
                return CliApp.Ok;
            }

            Console.WriteLine($"network: {source}");
            Console.WriteLine($"first layer: rank {main.Rank}, null space dimension {main.NullDimension} of {net.InputDimension}");
            Console.WriteLine($"cover row {c} (class {main.ClassCover}), hidden row {h} (class {main.ClassHidden})");
            Console.WriteLine(Describe("exact   S = P_N C + P_R H", exact));
            Console.WriteLine(Describe($"blended alpha = {F(a)}", blended));
            if (localResult is not null)
            {
                Console.WriteLine(Describe("local", localResult));
                Console.WriteLine($"  local null space dimension {localResult.LocalNullDimension}, largest pattern-keeping step {F(localResult.MaxStep!.Value)}, step taken {F(localResult.Step!.Value)}, pattern kept: {localResult.PatternKept}");
            }

            if (stats is not null)
            {
                Console.WriteLine($"{stats.Pairs} random pairs of held-out digits ({stats.DifferentClassPairs} with different classes), {stats.Elapsed.TotalSeconds:F2} s:");
                foreach (StegoMethodStatistics m in new[] { stats.Exact, stats.Blended, stats.Local })
                {
                    Console.WriteLine($"  {m.Method,-8} hidden class kept {m.KeptFraction:P1}, cover class {m.CoverClassFraction:P1}, PSNR(S, C) {m.MeanPsnr:F2} dB, SSIM {m.MeanSsim:F3}, max logit diff {m.MaxLogitDifference:0.0E+0}");
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

    /// <summary>The 8×8 digits embedded in the tool.</summary>
    internal static DigitsDataset LoadDigits()
    {
        using Stream s = CliApp.OpenResource("digits.csv.gz");
        return DigitsDataset.Load(s, "digits.csv.gz");
    }

    internal static string Describe(string label, StegoResult r) => string.Create(CultureInfo.InvariantCulture,
        $"  {label,-26} class {r.ClassStego} (hidden {r.ClassHidden}), max |f(S) - f(H)| = {r.MaxLogitDifference:0.0E+0}, PSNR(S, C) = {r.PsnrStegoCover:F2} dB, SSIM = {r.SsimStegoCover:F3}");

    private static object Json(StegoResult r, StegoResult blended, StegoStatistics? stats, string? png) => new
    {
        rank = r.Rank,
        nullDim = r.NullDimension,
        cover = r.Cover,
        hidden = r.Hidden,
        stego = r.Stego,
        logitsHidden = r.LogitsHidden,
        logitsStego = r.LogitsStego,
        maxLogitDiff = r.MaxLogitDifference,
        psnrStegoCover = Finite(r.PsnrStegoCover),
        classHidden = r.ClassHidden,
        classStego = r.ClassStego,
        keptFraction = stats?.Blended.KeptFraction,
        method = r.Method.ToString().ToLowerInvariant(),
        classCover = r.ClassCover,
        seen = r.Seen,
        ssimStegoCover = r.SsimStegoCover,
        patternKept = r.PatternKept,
        localNullDim = r.LocalNullDimension,
        maxStep = r.MaxStep is double t ? Finite(t) : null,
        step = r.Step,
        blended = new { stego = blended.Stego, classStego = blended.ClassStego, psnrStegoCover = Finite(blended.PsnrStegoCover), maxLogitDiff = blended.MaxLogitDifference },
        pairs = stats is null ? null : new
        {
            count = stats.Pairs,
            differentClassPairs = stats.DifferentClassPairs,
            meanLocalNullDim = stats.MeanLocalNullDimension,
            seconds = stats.Elapsed.TotalSeconds,
            methods = new[] { stats.Exact, stats.Blended, stats.Local }.Select(m => new
            {
                method = m.Method.ToString().ToLowerInvariant(),
                keptFraction = m.KeptFraction,
                coverClassFraction = m.CoverClassFraction,
                maxLogitDiff = m.MaxLogitDifference,
                meanPsnr = Finite(m.MeanPsnr),
                meanSsim = m.MeanSsim,
                patternKeptFraction = m.PatternKeptFraction,
                meanStep = Finite(m.MeanStep),
                fullStepFraction = Finite(m.FullStepFraction),
            }),
        },
        plot = png,
    };

    /// <summary>JSON has no infinity or NaN: such values are written as null.</summary>
    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
