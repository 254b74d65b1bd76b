using ReluAnalysis.Attribution;
using ReluAnalysis.Datasets;
using ReluAnalysis.Networks;
using static ReluAnalysis.Tests.Attribution.AttributionTestNets;

namespace ReluAnalysis.Tests.Attribution;

public class EvaluationTests
{
    [Fact]
    public void MeanWithError_MatchesTheFormula()
    {
        var m = MeanWithError.Of([1.0, 2.0, 3.0, 6.0]);
        Assert.Equal(3.0, m.Mean, 1e-15);
        // sample sd = sqrt(((−2)²+(−1)²+0²+3²)/3) = sqrt(14/3); se = sd/2.
        Assert.Equal(Math.Sqrt(14.0 / 3.0) / 2.0, m.StandardError, 1e-15);
        Assert.Equal(4, m.Count);
        Assert.Equal(0.0, MeanWithError.Of([5.0]).StandardError);
    }

    [Fact]
    public void Evaluation_GradientTimesInputEqualsPathwiseWithoutSelection_AndBeatsRandom()
    {
        ReluNetwork net = ReluNetwork.Random([16, 24, 12, 4], 3, 0.1);
        var xs = Enumerable.Range(0, 40).Select(s => Point(16, s, 1.0)).ToList();
        var cs = xs.Select(x => Array.IndexOf(net.Evaluate(x), net.Evaluate(x).Max())).ToList();
        var res = FaithfulnessEvaluation.Evaluate(net, xs, cs,
        [
            AttributionMethod.GradientTimesInput,
            AttributionMethod.Pathwise(PathwiseOptions.GradientTimesInput),
            AttributionMethod.Random(1),
        ]);
        Assert.Equal(res[0].DeletionAucs, res[1].DeletionAucs);
        Assert.Equal(res[0].InsertionAucs, res[1].InsertionAucs);
        Assert.True(res[0].Deletion.Mean < res[2].Deletion.Mean);
        Assert.True(res[0].Insertion.Mean > res[2].Insertion.Mean);
        // Same input, same random order.
        Assert.Equal(AttributionMethod.Random(1).Attribute(net, xs[0], 0), AttributionMethod.Random(1).Attribute(net, xs[0], 0));
    }

    [Fact]
    public void GaussianBlur_KeepsConstantsAndMass()
    {
        var flat = Enumerable.Repeat(0.7, 64).ToArray();
        Assert.All(FaithfulnessEvaluation.GaussianBlur3x3(flat, 8, 8), v => Assert.Equal(0.7, v, 1e-15));
        var spike = new double[64];
        spike[27] = 1;
        double[] b = FaithfulnessEvaluation.GaussianBlur3x3(spike, 8, 8);
        Assert.Equal(1.0, b.Sum(), 1e-12); // interior spike: weights sum to one
        Assert.True(b[27] > b[28] && b[28] > b[36]);
    }

    [Fact]
    public void PlantedMotifs_AreDeterministicAndLabelledByTheirMotif()
    {
        var a = PlantedMotifDataset.Generate(40, 4, seed: 9);
        var b = PlantedMotifDataset.Generate(40, 4, seed: 9);
        Assert.Equal(a.Pixels, b.Pixels);
        for (int s = 0; s < a.Count; s++)
        {
            int on = a.RelevantOf(s).Count(f => f);
            Assert.Equal(a.Motifs[a.Labels[s]].Count(f => f), on);
            Assert.InRange(on, 4, 6);
        }

        Assert.Equal(4, a.Motifs.Select(m => string.Concat(m.Select(f => f ? '1' : '0'))).Distinct().Count());
    }

    [Fact]
    public void DecomposeAtLayer_RespectsTheInputMask()
    {
        ReluNetwork net = Small(4);
        var explainer = new PathwiseExplainer(net);
        double[] x = Point(4, 6, 2.0);
        bool[] mask = [false, true, true, false];
        PathwiseExplanation e = explainer.Explain(x, new PathwiseOptions { Width = PathWidth.Units(2), InputMask = mask });
        UnitDecomposition parts = explainer.DecomposeAtLayer(e, x, 1, mask);
        Close(e.Attribution, parts.Sum(), 1e-12, "masked decomposition");
        Assert.All(parts.Attributions, p => Assert.Equal(0.0, p[0]));
    }

    [Fact]
    public void SelectOnMaskedInput_IsTheExplanationOfTheMaskedPoint()
    {
        ReluNetwork net = Small(5);
        var explainer = new PathwiseExplainer(net);
        double[] x = Point(4, 9, 2.0);
        bool[] mask = [true, true, false, true];
        double[] masked = x.Select((v, i) => mask[i] ? v : 0.0).ToArray();
        var opts = new PathwiseOptions { Width = PathWidth.Units(2) };
        PathwiseExplanation strict = explainer.Explain(x, opts with { InputMask = mask, SelectOnMaskedInput = true });
        PathwiseExplanation direct = explainer.Explain(masked, opts);
        Assert.Equal(direct.Attribution, strict.Attribution);
        Assert.Equal(direct.Logits, strict.Logits);
        Assert.Equal(direct.Path.ToString(), strict.Path.ToString());
    }
}
