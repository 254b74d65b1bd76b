using System.Globalization;
using ReluAnalysis.Attribution;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Datasets;
using ReluAnalysis.Networks;
using ReluAnalysis.Training;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Pathwise attribution: trains the 8×8 digits MLP, explains a few test digits, compares faithfulness.</summary>
internal sealed class PathwiseTourStep : ITourStep
{
    public string Title => "Attribution: pathwise explanations of an 8×8 digits MLP (Lim et al., AISTATS 2024)";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        DigitsDataset digits;
        using (Stream s = CliApp.OpenResource("digits.csv.gz"))
        {
            digits = DigitsDataset.Load(s, "digits.csv.gz");
        }

        var (train, test) = DataSplit.Stratified(digits.Labels, 0.2, 0);
        TrainingResult trained = MlpTrainer.TrainClassifier(
            [64, 64, 32, 10], digits.Rows(train), digits.LabelsOf(train), new TrainingOptions { Epochs = 40, Seed = 1 },
            cancellationToken: cancellationToken);
        ReluNetwork net = trained.Network;
        double accuracy = MlpTrainer.Accuracy(net, digits.Rows(test), digits.LabelsOf(test));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   MLP 64-64-32-10 trained on {train.Length} digits in {trained.Elapsed.TotalSeconds:F1} s (Adam, 40 epochs, seed 1); test accuracy {accuracy:P1}"));
        string netPath = Path.Combine(outDir, "digits-mlp.json");
        NetworkFile.Save(net, netPath);

        var correct = test.Where(r =>
        {
            double[] y = net.Evaluate(digits.Image(r));
            return Array.IndexOf(y, y.Max()) == digits.Labels[r];
        }).ToArray();

        // Heatmaps for four test digits of different classes.
        var explainer = new PathwiseExplainer(net);
        var shown = correct.GroupBy(r => digits.Labels[r]).Take(4).Select(g => g.First()).ToArray();
        var rows = new List<(string, double[], IReadOnlyList<(string, double[])>)>();
        foreach (int r in shown)
        {
            double[] x = digits.Image(r).ToArray();
            int c = digits.Labels[r];
            rows.Add(($"digit {c}", x,
            [
                ("pathwise K=1", explainer.Explain(x, new PathwiseOptions { Width = PathWidth.Units(1) }).Attribution),
                ("pathwise K=4", explainer.Explain(x, new PathwiseOptions { Width = PathWidth.Units(4) }).Attribution),
                ("pathwise K=all", explainer.Explain(x).Attribution),
                ("gradient×input", GradientAttribution.GradientTimesInput(net, x, c)),
                ("IG (64 steps)", GradientAttribution.IntegratedGradients(net, x, c)),
            ]));
        }

        string png = Path.Combine(outDir, "pathwise-digits.png");
        PathwisePlots.SaveHeatmaps(png, rows);
        double[] first = digits.Image(shown[0]).ToArray();
        PathwiseExplanation one = explainer.Explain(first, new PathwiseOptions { Width = PathWidth.Units(4) });
        output.WriteLine($"   digit {digits.Labels[shown[0]]}, K = 4: path {one.Path} ({one.Status}); " +
                         string.Create(CultureInfo.InvariantCulture, $"Σ E = {one.Total:F3} of logit {one.Logits[one.Class]:F3}"));

        // The same explanation split into one sub-path map per kept unit of the last hidden layer (they sum to E).
        UnitDecomposition parts = explainer.DecomposeAtLayer(one, first, net.HiddenLayerCount - 1);
        var maps = new List<(string, double[])> { ("E (K=4)", one.Attribution) };
        maps.AddRange(parts.Units.Select((u, t) => ($"unit {u}", parts.Attributions[t])));
        string decompositionPng = Path.Combine(outDir, "pathwise-decomposition.png");
        PathwisePlots.SaveHeatmaps(decompositionPng, [($"digit {digits.Labels[shown[0]]}", first, maps)], sharedScale: true);
        double gap = parts.Sum().Zip(one.Attribution, (p, q) => Math.Abs(p - q)).Max();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   decomposition at hidden layer {parts.Layer}: {parts.Units.Length} unit maps, max |Σ_u E_u − E| = {gap:E1} ({decompositionPng})"));

        // Faithfulness on 100 correctly classified test digits.
        var xs = correct.Take(100).Select(r => digits.Image(r).ToArray()).ToList();
        var cs = correct.Take(100).Select(r => digits.Labels[r]).ToList();
        var methods = new List<AttributionMethod>
        {
            AttributionMethod.Pathwise(new PathwiseOptions { Width = PathWidth.Units(4) }, "pathwise K=4"),
            AttributionMethod.Pathwise(new PathwiseOptions { Width = PathWidth.Units(16) }, "pathwise K=16"),
            AttributionMethod.Pathwise(PathwiseOptions.Default, "pathwise K=all"),
            AttributionMethod.GradientTimesInput,
            AttributionMethod.IntegratedGradients(64),
            AttributionMethod.Saliency,
            AttributionMethod.Random(7),
        };
        output.WriteLine($"   deletion / insertion AUC over {xs.Count} test digits (1 pixel per step, zero substrate; deletion lower and insertion higher is better):");
        foreach (MethodFaithfulness m in FaithfulnessEvaluation.Evaluate(net, xs, cs, methods, cancellationToken: cancellationToken))
        {
            output.WriteLine($"     {m.Method,-16} deletion {m.Deletion}   insertion {m.Insertion}");
        }

        output.WriteLine($"   heatmaps: {png}");
        output.WriteLine($"   try: relu explain {netPath} --input \"<64 pixels in [0,1]>\" --width 4 --plot heat.png");
    }
}
