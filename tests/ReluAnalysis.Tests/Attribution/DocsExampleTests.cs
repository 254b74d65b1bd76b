using ReluAnalysis.Attribution;
using ReluAnalysis.Datasets;
using ReluAnalysis.Networks;
using ReluAnalysis.Training;

namespace ReluAnalysis.Tests.Attribution;

public class DocsExampleTests
{
    /// <summary>The pathwise code block of README.md, apart from the data path.</summary>
    [Fact]
    public void DocsExample_RunsAndItsCommentsHold()
    {
        var digits = DigitsDataset.Load(TestData.DataFile("data", "digits.csv.gz"));
        var (train, test) = DataSplit.Stratified(digits.Labels, 0.2, seed: 0);
        ReluNetwork net = MlpTrainer.TrainClassifier([64, 64, 32, 10], digits.Rows(train), digits.LabelsOf(train),
            new TrainingOptions { Epochs = 40, Seed = 1 }).Network;

        var explainer = new PathwiseExplainer(net);
        double[] x = digits.Image(test[0]).ToArray();
        PathwiseExplanation e = explainer.Explain(x, new PathwiseOptions { Width = PathWidth.Units(4) });
        UnitDecomposition parts = explainer.DecomposeAtLayer(e, x, layer: 1);
        var deletion = Faithfulness.Curve(net, x, e.Attribution, new double[64], e.Class, FaithfulnessMode.Deletion);

        Assert.Equal(64, e.Attribution.Length);
        Assert.All(e.Path.Units, layer => Assert.InRange(layer.Count, 1, 4));
        double[] sum = parts.Sum();
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(e.Attribution[i], sum[i], 1e-12);
        }

        Assert.Equal(65, deletion.Scores.Length);
        Assert.True(deletion.Scores[0] > deletion.Scores[^1]);
    }
}
