// The digits benchmark of the pathwise-attribution spec (§8) and the planted-motif relevance-mass check.
// Usage: dotnet run -c Release --project samples/PathwiseSample [-- --out results.md] [--data path/to/digits.csv.gz] [--quick]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReluAnalysis.Attribution;
using ReluAnalysis.Datasets;
using ReluAnalysis.Networks;
using ReluAnalysis.Training;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string? outPath = null, dataPath = null;
bool quick = false;
for (int a = 0; a < args.Length; a++)
{
    switch (args[a])
    {
        case "--out": outPath = args[++a]; break;
        case "--data": dataPath = args[++a]; break;
        case "--quick": quick = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[a]}"); return 2;
    }
}

dataPath ??= FindData();
var total = Stopwatch.StartNew();
var md = new StringBuilder();
void Line(string s = "") { md.AppendLine(s); Console.WriteLine(s); }

DigitsDataset digits = DigitsDataset.Load(dataPath);
var (trainAll, test) = DataSplit.Stratified(digits.Labels, 0.2, 0);
var (trainPos, valPos) = DataSplit.Stratified(digits.LabelsOf(trainAll), 0.2, 1);
int[] train = DataSplit.Select(trainAll, trainPos), val = DataSplit.Select(trainAll, valPos);
Line($"Digits: {digits.Count} images; train {train.Length}, validation {val.Length}, test {test.Length} (stratified, seeds 0 and 1).");

var trainOptions = new TrainingOptions { Epochs = 40, BatchSize = 32, LearningRate = 1e-3, Seed = 1 };
TrainingResult shallow = MlpTrainer.TrainClassifier([64, 64, 32, 10], digits.Rows(train), digits.LabelsOf(train), trainOptions);
double accShallow = MlpTrainer.Accuracy(shallow.Network, digits.Rows(test), digits.LabelsOf(test));
Line($"MLP 64-64-32-10: {trainOptions.Epochs} epochs, Adam lr 1e-3, batch 32, seed 1: trained in {shallow.Elapsed.TotalSeconds:F1} s, test accuracy {accShallow:F4}.");
if (accShallow < 0.95)
{
    Line("Accuracy gate (0.95) failed: the benchmark stops.");
    return 1;
}

int[] widths = [1, 2, 4, 8, 16, 0];
string WidthName(int k) => k == 0 ? "all" : k.ToString(CultureInfo.InvariantCulture);
PathwiseOptions WidthOptions(int k) => new() { Width = k == 0 ? PathWidth.Unlimited : PathWidth.Units(k) };

(List<double[]> Xs, List<int> Cs) Correct(ReluNetwork net, int[] rows, int limit)
{
    var xs = new List<double[]>();
    var cs = new List<int>();
    foreach (int r in rows)
    {
        double[] x = digits.Image(r).ToArray();
        double[] y = net.Evaluate(x);
        int c = Array.IndexOf(y, y.Max());
        if (c == digits.Labels[r] && xs.Count < limit)
        {
            xs.Add(x);
            cs.Add(c);
        }
    }

    return (xs, cs);
}

int limit = quick ? 60 : int.MaxValue;

// K on the validation split: maximise insertion AUC − deletion AUC (zero substrate, zero insertion start).
var (valX, valC) = Correct(shallow.Network, val, limit);
var valResults = FaithfulnessEvaluation.Evaluate(shallow.Network, valX, valC, widths.Select(k => AttributionMethod.Pathwise(WidthOptions(k), $"K={WidthName(k)}")).ToList());
int bestK = widths[Enumerable.Range(0, widths.Length).MaxBy(i => valResults[i].Insertion.Mean - valResults[i].Deletion.Mean)];
Line();
Line($"Validation ({valX.Count} correctly classified images), pathwise D = all: K chosen by insertion − deletion AUC.");
Line();
Line("| K | deletion AUC | insertion AUC | insertion − deletion |");
Line("|---|---|---|---|");
foreach (var r in valResults)
{
    Line($"| {r.Method[2..]} | {r.Deletion} | {r.Insertion} | {r.Insertion.Mean - r.Deletion.Mean:F4} |");
}

Line();
Line($"Chosen K = {WidthName(bestK)}.");

var (testX, testC) = Correct(shallow.Network, test, limit);
var methods = new List<AttributionMethod>();
methods.AddRange(widths.Select(k => AttributionMethod.Pathwise(WidthOptions(k), $"pathwise K={WidthName(k)}{(k == bestK ? " (chosen)" : "")}")));
methods.Add(AttributionMethod.GradientTimesInput);
methods.Add(AttributionMethod.Pathwise(PathwiseOptions.GradientTimesInput, "pathwise K=all, filter off"));
methods.Add(AttributionMethod.IntegratedGradients(64));
methods.Add(AttributionMethod.ExactIntegratedGradients);
methods.Add(AttributionMethod.Saliency);
methods.Add(AttributionMethod.Random(7));

var watch = Stopwatch.StartNew();
var primary = FaithfulnessEvaluation.Evaluate(shallow.Network, testX, testC, methods);
double evalSeconds = watch.Elapsed.TotalSeconds;
var blurred = FaithfulnessEvaluation.Evaluate(shallow.Network, testX, testC, methods,
    new FaithfulnessOptions { InsertionStart = x => FaithfulnessEvaluation.GaussianBlur3x3(x, 8, 8) });
Line();
Line($"Test set, 64-64-32-10 ({testX.Count} correctly classified images; step = 1 pixel, 64 steps; deletion substrate 0). Mean ± standard error.");
Line();
Line("| method | deletion AUC ↓ | insertion AUC ↑ (zero start) | insertion AUC ↑ (3×3 blur start) |");
Line("|---|---|---|---|");
for (int i = 0; i < methods.Count; i++)
{
    Line($"| {primary[i].Method} | {primary[i].Deletion} | {primary[i].Insertion} | {blurred[i].Insertion} |");
}

// Kept units and fallback frequency per K.
Line();
Line("Pathwise path sizes on the test images (mean kept units in hidden layers 0 / 1, share of explanations where the fallback fired):");
Line();
Line("| K | units layer 0 (of 64) | units layer 1 (of 32) | fallback |");
Line("|---|---|---|---|");
var explainer = new PathwiseExplainer(shallow.Network);
foreach (int k in widths)
{
    double u0 = 0, u1 = 0;
    int fb = 0;
    for (int s = 0; s < testX.Count; s++)
    {
        PathwiseExplanation e = explainer.Explain(testX[s], WidthOptions(k) with { TargetClass = testC[s] });
        u0 += e.Path.Units[0].Count;
        u1 += e.Path.Units[1].Count;
        fb += e.Status == PathSelectionStatus.FallbackUsed ? 1 : 0;
    }

    Line($"| {WidthName(k)} | {u0 / testX.Count:F1} | {u1 / testX.Count:F1} | {(double)fb / testX.Count:P1} |");
}

// Acceptance checks.
Line();
var gi = primary.Single(r => r.Method == "gradient×input");
var giPath = primary.Single(r => r.Method == "pathwise K=all, filter off");
bool identical = gi.DeletionAucs.SequenceEqual(giPath.DeletionAucs) && gi.InsertionAucs.SequenceEqual(giPath.InsertionAucs);
Line($"- Pathwise with K = all, D = all, filter off gives AUCs identical to Gradient×Input on every image: {(identical ? "yes" : "NO")}.");
var rnd = primary.Single(r => r.Method == "random");
var beaten = primary.Where(r => r.Method != "random").Select(r => (r.Method,
    Del: r.Deletion.Upper95 < rnd.Deletion.Lower95, Ins: r.Insertion.Lower95 > rnd.Insertion.Upper95)).ToList();
Line($"- Beats random with non-overlapping 95 % intervals (deletion and insertion): {string.Join("; ", beaten.Select(b => $"{b.Method}: {(b.Del ? "yes" : "no")}/{(b.Ins ? "yes" : "no")}"))}.");
var best = primary[Array.IndexOf(widths, bestK)];
var ig = primary.Single(r => r.Method == "IG (64 steps)");
Line($"- Paper's claim (best pathwise setting, K = {WidthName(bestK)} chosen on validation, vs Gradient×Input and IG): deletion {best.Deletion.Mean:F4} vs {gi.Deletion.Mean:F4} / {ig.Deletion.Mean:F4} → {(best.Deletion.Mean <= Math.Min(gi.Deletion.Mean, ig.Deletion.Mean) ? "pathwise ≤ both" : "pathwise NOT ≤ both")}; insertion {best.Insertion.Mean:F4} vs {gi.Insertion.Mean:F4} / {ig.Insertion.Mean:F4} → {(best.Insertion.Mean >= Math.Max(gi.Insertion.Mean, ig.Insertion.Mean) ? "pathwise ≥ both" : "pathwise NOT ≥ both")}.");
int dCount = 0, iCount = 0;
for (int s = 0; s < testX.Count; s++)
{
    dCount += best.DeletionAucs[s] <= gi.DeletionAucs[s] ? 1 : 0;
    iCount += best.InsertionAucs[s] >= gi.InsertionAucs[s] ? 1 : 0;
}

Line($"- Per image, chosen pathwise vs Gradient×Input: deletion AUC ≤ on {dCount}/{testX.Count}, insertion AUC ≥ on {iCount}/{testX.Count}.");

// Timing of single explanations.
watch.Restart();
int reps = 0;
while (watch.ElapsedMilliseconds < 500)
{
    explainer.Explain(testX[reps % testX.Count], WidthOptions(bestK));
    reps++;
}

Line($"- One pathwise explanation (K = {WidthName(bestK)}) of the 64-64-32-10 MLP: {watch.Elapsed.TotalMilliseconds * 1000 / reps:F1} µs on average (Stopwatch, {reps} calls; shared 2-core machine).");
Line($"- Evaluation of {methods.Count} methods × {testX.Count} images (two curves each): {evalSeconds:F1} s.");

// Ablation on the same images: the 1/C share filter and the depth, one at a time.
var ablation = new List<AttributionMethod>();
foreach (int k in new[] { 1, 4, 16 })
{
    ablation.Add(AttributionMethod.Pathwise(WidthOptions(k) with { ShareFilter = false }, $"pathwise K={k}, filter off"));
}

foreach (int k in new[] { 1, 4, 16, 0 })
{
    ablation.Add(AttributionMethod.Pathwise(WidthOptions(k) with { Depth = 1 }, $"pathwise K={WidthName(k)}, D=1"));
}

var ablationRes = FaithfulnessEvaluation.Evaluate(shallow.Network, testX, testC, ablation);
Line();
Line("Ablation on the same test images (64-64-32-10): share filter off, or only the last hidden layer constrained (D = 1).");
Line();
Line("| method | deletion AUC ↓ | insertion AUC ↑ |");
Line("|---|---|---|");
foreach (var r in ablationRes)
{
    Line($"| {r.Method} | {r.Deletion} | {r.Insertion} |");
}

// Deeper model: depth D.
TrainingResult deep = MlpTrainer.TrainClassifier([64, 128, 64, 32, 10], digits.Rows(train), digits.LabelsOf(train), trainOptions);
double accDeep = MlpTrainer.Accuracy(deep.Network, digits.Rows(test), digits.LabelsOf(test));
Line();
Line($"Deeper MLP 64-128-64-32-10 (same training): test accuracy {accDeep:F4}.");
if (accDeep >= 0.95)
{
    var (dx, dc) = Correct(deep.Network, test, limit);
    var deepMethods = new List<AttributionMethod>();
    foreach (int? depth in new int?[] { 1, 2, null })
    {
        foreach (int k in new[] { 1, 4, 16, 0 })
        {
            deepMethods.Add(AttributionMethod.Pathwise(WidthOptions(k) with { Depth = depth }, $"pathwise K={WidthName(k)} D={(depth?.ToString(CultureInfo.InvariantCulture) ?? "all")}"));
        }
    }

    deepMethods.Add(AttributionMethod.GradientTimesInput);
    deepMethods.Add(AttributionMethod.IntegratedGradients(64));
    deepMethods.Add(AttributionMethod.Random(7));
    var deepRes = FaithfulnessEvaluation.Evaluate(deep.Network, dx, dc, deepMethods);
    Line();
    Line($"Test set, 64-128-64-32-10 ({dx.Count} correctly classified images).");
    Line();
    Line("| method | deletion AUC ↓ | insertion AUC ↑ |");
    Line("|---|---|---|");
    foreach (var r in deepRes)
    {
        Line($"| {r.Method} | {r.Deletion} | {r.Insertion} |");
    }
}
else
{
    Line("Accuracy gate failed for the deeper model; its table is skipped.");
}

// Planted motifs: relevance mass.
var motif = PlantedMotifDataset.Generate(quick ? 600 : 1600, classes: 4, seed: 3);
var (mTrain, mTest) = DataSplit.Stratified(motif.Labels, 0.25, 0);
double[] Rows(int[] idx) => idx.SelectMany(motif.Image).ToArray();
TrainingResult mNet = MlpTrainer.TrainClassifier([144, 64, 32, 4], Rows(mTrain), mTrain.Select(i => motif.Labels[i]).ToArray(), trainOptions with { Epochs = 30 });
double accMotif = MlpTrainer.Accuracy(mNet.Network, Rows(mTest), mTest.Select(i => motif.Labels[i]).ToArray());
Line();
Line($"Planted motifs: {motif.Count} images 12×12 (noise N(0, 0.3), one 3×3 class motif at one of 4 positions, two 2×2 distractor blobs), 4 classes; MLP 144-64-32-4, test accuracy {accMotif:F4}.");
var motifMethods = new List<AttributionMethod>();
motifMethods.AddRange(widths.Select(k => AttributionMethod.Pathwise(WidthOptions(k), $"pathwise K={WidthName(k)}")));
motifMethods.Add(AttributionMethod.GradientTimesInput);
motifMethods.Add(AttributionMethod.IntegratedGradients(64));
motifMethods.Add(AttributionMethod.Saliency);
motifMethods.Add(AttributionMethod.Random(7));
Line();
Line("| method | relevance mass ↑ | top pixel on motif ↑ |");
Line("|---|---|---|");
var correctMotif = mTest.Where(i =>
{
    double[] y = mNet.Network.Evaluate(motif.Image(i));
    return Array.IndexOf(y, y.Max()) == motif.Labels[i];
}).ToArray();
foreach (AttributionMethod m in motifMethods)
{
    var masses = new List<double>();
    int top = 0;
    foreach (int i in correctMotif)
    {
        double[] e = m.Attribute(mNet.Network, motif.Image(i), motif.Labels[i]);
        bool[] rel = motif.RelevantOf(i);
        masses.Add(Faithfulness.RelevanceMass(e, rel));
        top += rel[Faithfulness.RankDescending(e)[0]] ? 1 : 0;
    }

    Line($"| {m.Name} | {MeanWithError.Of(masses)} | {(double)top / correctMotif.Length:P1} |");
}

Line();
Line($"Motif pixels are {correctMotif.Average(i => motif.RelevantOf(i).Count(b => b)) / PlantedMotifDataset.PixelCount:P1} of each image (the relevance mass of a uniform map). Whole benchmark: {total.Elapsed.TotalSeconds:F1} s.");
if (outPath is not null)
{
    File.WriteAllText(outPath, md.ToString());
}

return 0;

static string FindData()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "data", "digits.csv.gz")))
    {
        dir = dir.Parent;
    }

    return dir is null ? throw new FileNotFoundException("data/digits.csv.gz not found above the program; pass --data.") : Path.Combine(dir.FullName, "data", "digits.csv.gz");
}
