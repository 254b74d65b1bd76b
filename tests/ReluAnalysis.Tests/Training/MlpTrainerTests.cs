using System.Security.Cryptography;
using ReluAnalysis.Datasets;
using ReluAnalysis.Networks;
using ReluAnalysis.Training;

namespace ReluAnalysis.Tests.Training;

public class MlpTrainerTests
{
    internal static string DigitsPath => TestData.DataFile("data", "digits.csv.gz");

    [Fact]
    public void Digits_FileIntegrity()
    {
        Assert.Equal("46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a",
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(DigitsPath))));
        DigitsDataset data = DigitsDataset.Load(DigitsPath);
        Assert.Equal(1797, data.Count);
        Assert.Equal(1.0, data.Pixels.Max());
        int[] counts = Enumerable.Range(0, 10).Select(c => data.Labels.Count(l => l == c)).ToArray();
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], counts);
    }

    [Fact]
    public void Digits_MalformedRowsNameFileAndLine()
    {
        var ex = Assert.Throws<FormatException>(() => DigitsDataset.Load(Gzip("0,1,2\n"), "bad.csv.gz"));
        Assert.Contains("bad.csv.gz:1", ex.Message);
        string row = string.Join(",", Enumerable.Repeat("3", 64)) + ",7\n";
        string badPixel = string.Join(",", Enumerable.Repeat("3", 63)) + ",17,7\n";
        var ex2 = Assert.Throws<FormatException>(() => DigitsDataset.Load(Gzip(row + badPixel), "x.gz"));
        Assert.Contains("x.gz:2", ex2.Message);
        Assert.Equal(1, DigitsDataset.Load(Gzip(row), "ok").Count);
    }

    [Fact]
    public void StratifiedSplit_KeepsClassProportions()
    {
        DigitsDataset data = DigitsDataset.Load(DigitsPath);
        var (train, test) = DataSplit.Stratified(data.Labels, 0.2, 7);
        Assert.Equal(data.Count, train.Length + test.Length);
        Assert.Empty(train.Intersect(test));
        for (int c = 0; c < 10; c++)
        {
            int n = data.Labels.Count(l => l == c);
            Assert.Equal((int)Math.Round(n * 0.2, MidpointRounding.AwayFromZero), test.Count(i => data.Labels[i] == c));
        }

        Assert.Equal(test, DataSplit.Stratified(data.Labels, 0.2, 7).Test);
    }

    [Fact]
    public void DigitsMlp_ReachesTheAccuracyGate_Deterministically()
    {
        DigitsDataset data = DigitsDataset.Load(DigitsPath);
        var (train, test) = DataSplit.Stratified(data.Labels, 0.2, 0);
        var options = new TrainingOptions { Epochs = 40, Seed = 1 };
        TrainingResult a = MlpTrainer.TrainClassifier([64, 64, 32, 10], data.Rows(train), data.LabelsOf(train), options);
        Assert.Equal(TrainingStatus.Completed, a.Status);
        double acc = MlpTrainer.Accuracy(a.Network, data.Rows(test), data.LabelsOf(test));
        Assert.True(acc >= 0.95, $"test accuracy {acc}");
        Assert.True(a.EpochLosses[^1] < a.EpochLosses[0] / 5);

        TrainingResult b = MlpTrainer.TrainClassifier([64, 64, 32, 10], data.Rows(train), data.LabelsOf(train), options with { Epochs = 2 });
        TrainingResult b2 = MlpTrainer.TrainClassifier([64, 64, 32, 10], data.Rows(train), data.LabelsOf(train), options with { Epochs = 2 });
        Assert.Equal(b.Network.Layers[0].Weights.ToArray(), b2.Network.Layers[0].Weights.ToArray());
    }

    [Fact]
    public void Regression_FitsALinearTarget()
    {
        var rng = new Random(3);
        int n = 256;
        var x = new double[n * 2];
        var y = new double[n];
        for (int s = 0; s < n; s++)
        {
            x[2 * s] = rng.NextDouble() * 2 - 1;
            x[2 * s + 1] = rng.NextDouble() * 2 - 1;
            y[s] = 0.5 * x[2 * s] - 0.3 * x[2 * s + 1] + 0.2;
        }

        TrainingResult r = MlpTrainer.TrainRegressor([2, 16, 1], x, y, new TrainingOptions { Epochs = 200, LearningRate = 1e-2, Seed = 2 });
        Assert.True(r.EpochLosses[^1] < 1e-3, $"final MSE {r.EpochLosses[^1]}");
        ReluNetwork net = r.Network;
        Assert.Equal(0.2, net.Evaluate([0.0, 0.0])[0], 0.05);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MlpTrainer.TrainClassifier([2, 3], new double[4], [0, 3]));
        Assert.Throws<ArgumentException>(() => MlpTrainer.TrainClassifier([2, 3], new double[3], [0]));
        Assert.Throws<ArgumentException>(() => MlpTrainer.TrainClassifier([2, 3], [0, double.NaN], [0]));
    }

    [Theory]
    [InlineData(TrainingLoss.SoftmaxCrossEntropy)]
    [InlineData(TrainingLoss.MeanSquaredError)]
    public void BatchGradient_MatchesCentralDifferences(TrainingLoss loss)
    {
        int[] sizes = [3, 5, 4, 3];
        ReluNetwork init = ReluNetwork.Random(sizes, 4, 0.3);
        double[] theta = init.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).ToArray();
        var rng = new Random(5);
        double[] x = Enumerable.Range(0, 4 * 3).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] t = loss == TrainingLoss.SoftmaxCrossEntropy ? [0, 2, 1, 2] : Enumerable.Range(0, 4 * 3).Select(_ => rng.NextDouble()).ToArray();
        var grad = new double[theta.Length];
        MlpTrainer.BatchLossAndGradient(sizes, theta, x, t, loss, grad);
        var scratch = new double[theta.Length];
        const double h = 1e-6;
        for (int i = 0; i < theta.Length; i++)
        {
            double keep = theta[i];
            theta[i] = keep + h;
            double up = MlpTrainer.BatchLossAndGradient(sizes, theta, x, t, loss, scratch);
            theta[i] = keep - h;
            double down = MlpTrainer.BatchLossAndGradient(sizes, theta, x, t, loss, scratch);
            theta[i] = keep;
            Assert.True(Math.Abs((up - down) / (2 * h) - grad[i]) <= 1e-6 * Math.Max(1, Math.Abs(grad[i])), $"parameter {i}: fd {(up - down) / (2 * h)}, backprop {grad[i]}");
        }
    }

    private static MemoryStream Gzip(string text)
    {
        var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var w = new StreamWriter(gz))
        {
            w.Write(text);
        }

        ms.Position = 0;
        return ms;
    }
}
