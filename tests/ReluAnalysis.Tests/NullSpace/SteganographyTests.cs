using ReluAnalysis.Networks;
using ReluAnalysis.NullSpace;
using ReluAnalysis.Patterns;
using ReluAnalysis.Training;
using static ReluAnalysis.Tests.NullSpace.NullSpaceProjectorTests;

namespace ReluAnalysis.Tests.NullSpace;

/// <summary>The trained 64-16-16-10 digits classifier, trained once for the class.</summary>
public sealed class StegoDigitsFixture
{
    public StegoDigitsFixture()
    {
        Digits = DigitsDataset.Load(TestData.DataFile("data", "digits.csv.gz"));
        Classifier = Steganography.TrainDigitsClassifier(Digits);
    }

    public DigitsDataset Digits { get; }

    public StegoClassifier Classifier { get; }
}

public class SteganographyTests(StegoDigitsFixture fixture) : IClassFixture<StegoDigitsFixture>
{
    private static double Scale(double[] y) => Math.Max(1.0, y.Max(Math.Abs));

    [Fact]
    public void Exact_MnistSizeRandomNet_KeepsTheHiddenLogits_AndSplitsTheProjections()
    {
        ReluNetwork net = ReluNetwork.Random([784, 32, 16, 10], 5);
        var split = NullSpaceProjector.ForFirstLayer(net);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] c = Uniform(784, 100 + trial), h = Uniform(784, 200 + trial);
            double[] s = Steganography.Embed(split, c, h);
            double[] ys = net.Evaluate(s), yh = net.Evaluate(h);
            Assert.True(MaxAbsDiff(ys, yh) <= 1e-9 * Scale(yh), $"logits differ by {MaxAbsDiff(ys, yh)}");
            Assert.True(MaxAbsDiff(split.ProjectOntoRowSpace(s), split.ProjectOntoRowSpace(h)) <= 1e-12);
            Assert.True(MaxAbsDiff(split.ProjectOntoNullSpace(s), split.ProjectOntoNullSpace(c)) <= 1e-12);

            // The cover dominates what a person sees: 752 of 784 dimensions come from it.
            Assert.True(ImageQuality.Psnr(c, s, 2.0) > ImageQuality.Psnr(h, s, 2.0));

            StegoResult r = Steganography.Hide(net, c, h);
            Assert.Equal(s, r.Stego);
            Assert.Equal(r.ClassHidden, r.ClassStego);
            Assert.True(r.PatternKept);
            Assert.Equal(752, r.NullDimension);
        }
    }

    [Fact]
    public void Symmetric_KeepsTheCoverLogits()
    {
        ReluNetwork net = ReluNetwork.Random([784, 32, 16, 10], 6);
        var split = NullSpaceProjector.ForFirstLayer(net);
        double[] c = Uniform(784, 1), h = Uniform(784, 2);
        double[] s = Steganography.EmbedSymmetric(split, c, h);
        double[] yc = net.Evaluate(c);
        Assert.True(MaxAbsDiff(net.Evaluate(s), yc) <= 1e-9 * Scale(yc));
        Assert.True(MaxAbsDiff(split.ProjectOntoRowSpace(s), split.ProjectOntoRowSpace(c)) <= 1e-12);
        Assert.True(MaxAbsDiff(split.ProjectOntoNullSpace(s), split.ProjectOntoNullSpace(h)) <= 1e-12);
    }

    [Fact]
    public void RankDeficientFirstLayer_LargerNullSpace_StillExact()
    {
        // 64-16-8-10 whose first layer repeats its first 6 rows: rank 10, null dimension 54.
        ReluNetwork random = ReluNetwork.Random([64, 16, 8, 10], 7);
        double[] w = random.Layers[0].Weights.ToArray();
        for (int i = 10; i < 16; i++)
        {
            Array.Copy(w, (i - 10) * 64, w, i * 64, 64);
        }

        var net = new ReluNetwork([new DenseLayer(16, 64, w, random.Layers[0].Bias), random.Layers[1], random.Layers[2]]);
        StegoResult r = Steganography.Hide(net, fixture.Digits.Image(0), fixture.Digits.Image(1));
        Assert.Equal(10, r.Rank);
        Assert.Equal(54, r.NullDimension);
        Assert.True(r.MaxLogitDifference <= 1e-9 * Scale(r.LogitsHidden));
    }

    [Fact]
    public void Blended_ScalesTheRowSpaceImage_AndRescalesToTheDisplayRange()
    {
        ReluNetwork net = fixture.Classifier.Network;
        var split = NullSpaceProjector.ForFirstLayer(net);
        double[] c = fixture.Digits.Image(3).ToArray(), h = fixture.Digits.Image(4).ToArray();
        double[] s = Steganography.Blend(split, c, h, 0.7);
        Assert.Equal(1.0, s.Max(Math.Abs), 1e-15);

        // W₁S = κ W₁H with κ = 0.3 / max|0.7 P_N C + 0.3 P_R H|.
        double[] pn = split.ProjectOntoNullSpace(c), pr = split.ProjectOntoRowSpace(h);
        double kappa = 0.3 / pn.Zip(pr, (a, b) => Math.Abs(0.7 * a + 0.3 * b)).Max();
        Assert.True(MaxAbsDiff(split.ProjectOntoRowSpace(s), pr.Select(v => kappa * v).ToArray()) <= 1e-12);
        Assert.True(MaxAbsDiff(split.ProjectOntoNullSpace(s), pn.Select(v => kappa * 0.7 / 0.3 * v).ToArray()) <= 1e-12);
        Assert.Equal(2.0, Steganography.Blend(split, c, h, 0.7, 2.0).Max(Math.Abs), 1e-15);

        // α = 0 is the rescaled row-space image alone.
        double[] s0 = Steganography.Blend(split, c, h, 0.0);
        double k0 = 1 / pr.Max(Math.Abs);
        Assert.True(MaxAbsDiff(s0, pr.Select(v => k0 * v).ToArray()) <= 1e-15);
    }

    [Fact]
    public void DigitsClassifier_IsNarrowAccurateAndDeterministic()
    {
        StegoClassifier a = fixture.Classifier;
        Assert.Equal([64, 16, 16, 10], a.Network.LayerSizes());
        Assert.True(a.TestAccuracy >= 0.9, $"test accuracy {a.TestAccuracy}");
        Assert.Equal(48, NullSpaceProjector.ForFirstLayer(a.Network).NullDimension);
    }

    [Fact]
    public void Local_KeepsLogitsAndPattern_TakesTheLargestSafeStep_AndIsCloserToTheCover()
    {
        ReluNetwork net = fixture.Classifier.Network;
        int[] rows = fixture.Classifier.TestRows;
        int limited = 0;
        for (int k = 0; k < 20; k++)
        {
            double[] c = fixture.Digits.Image(rows[2 * k]).ToArray(), h = fixture.Digits.Image(rows[2 * k + 1]).ToArray();
            StegoResult exact = Steganography.Hide(net, c, h);
            StegoResult local = Steganography.Hide(net, c, h, new StegoOptions { Method = StegoMethod.Local });

            // Checked by evaluating the network, not from the result's own fields.
            double[] yh = net.Evaluate(h);
            Assert.True(MaxAbsDiff(net.Evaluate(local.Stego), yh) <= 1e-9 * Scale(yh));
            Assert.Equal(net.PatternAt(h), net.PatternAt(local.Stego));

            // The local null space is that of the region's Jacobian and contains the first layer's.
            ActivationPattern sigma = net.PatternAt(h);
            var jac = NullSpaceProjector.ForRegion(net, sigma);
            Assert.Equal(jac.NullDimension, local.LocalNullDimension);

            // Cross-check the backward-step Jacobian against the forward local affine map: same rank, A_σ P_N = 0.
            LocalAffineMap map = LocalAffineMap.For(net, sigma);
            Assert.Equal(NullSpaceProjector.Of(map.Outputs, map.Inputs, map.Matrix).Rank, jac.Rank);
            double[] pn = jac.ProjectOntoNullSpace(c);
            for (int o = 0; o < map.Outputs; o++)
            {
                Assert.Equal(0.0, map.Gradient(o).ToArray().Zip(pn, (a, b) => a * b).Sum(), 1e-12);
            }
            Assert.True(local.LocalNullDimension >= exact.NullDimension + 54 - 48);

            // The step is StepFraction of the largest pattern-keeping step (or 1), and the stego is no farther from the cover.
            double tMax = local.MaxStep!.Value, t = local.Step!.Value;
            Assert.Equal(Math.Min(1.0, 0.9 * tMax), t);
            double[] dir = local.Stego.Zip(exact.Stego, (a, b) => (a - b) / t).ToArray();
            Assert.True(local.PsnrStegoCover >= exact.PsnrStegoCover - 1e-12);
            if (double.IsFinite(tMax) && 0.9 * tMax < 1)
            {
                limited++;
                double[] beyond = exact.Stego.Zip(dir, (a, b) => a + 1.001 * tMax * b).ToArray();
                Assert.NotEqual(sigma, net.PatternAt(beyond));
            }
        }

        Assert.True(limited > 0, "no pair hit a region boundary; the largest-step check did not run");
    }

    [Fact]
    public void Statistics_PracticalRecipe_KeepsMostHiddenClasses_AndIsThreadIndependent()
    {
        ReluNetwork net = fixture.Classifier.Network;
        double[] pool = fixture.Digits.Rows(fixture.Classifier.TestRows);
        StegoStatistics s = Steganography.Statistics(net, pool, new StegoStatisticsOptions { Pairs = 1000, Seed = 3, MaxDegreeOfParallelism = 2 });
        Assert.Equal(1000, s.Pairs);
        Assert.Equal(48, s.NullDimension);
        Assert.Equal(1.0, s.Exact.KeptFraction);
        Assert.True(s.Exact.MaxLogitDifference <= 1e-9);
        Assert.Equal(1.0, s.Local.KeptFraction);
        Assert.Equal(1.0, s.Local.PatternKeptFraction);
        Assert.True(s.Local.MaxLogitDifference <= 1e-9);
        Assert.True(s.Local.MeanPsnr >= s.Exact.MeanPsnr);
        Assert.True(s.MeanLocalNullDimension >= 54);
        Assert.True(s.Blended.KeptFraction > 0.5, $"blended kept fraction {s.Blended.KeptFraction}");
        Assert.True(double.IsFinite(s.Blended.MeanPsnr) && double.IsFinite(s.Exact.MeanPsnr));
        Assert.InRange(s.DifferentClassPairs, 800, 950);

        StegoStatistics one = Steganography.Statistics(net, pool, new StegoStatisticsOptions { Pairs = 200, Seed = 3, MaxDegreeOfParallelism = 1 });
        StegoStatistics two = Steganography.Statistics(net, pool, new StegoStatisticsOptions { Pairs = 200, Seed = 3, MaxDegreeOfParallelism = 2 });
        Assert.Equal(one with { Elapsed = TimeSpan.Zero }, two with { Elapsed = TimeSpan.Zero });
    }

    [Fact]
    public void BadArguments_NameTheParameterAndValue()
    {
        ReluNetwork net = fixture.Classifier.Network;
        double[] x = fixture.Digits.Image(0).ToArray();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Steganography.Hide(net, x, x, new StegoOptions { Method = StegoMethod.Blended, Alpha = 1.5 }));
        Assert.Contains("Alpha", e.Message);
        Assert.Contains("1.5", e.Message);
        Assert.Contains("cover", Assert.Throws<ArgumentException>(() => Steganography.Hide(net, new double[5], x)).Message);
        Assert.Contains("options.Pairs", Assert.Throws<ArgumentOutOfRangeException>(() => Steganography.Statistics(net, x.Concat(x).ToArray(), new StegoStatisticsOptions { Pairs = 0 })).Message);
        Assert.Throws<ArgumentException>(() => Steganography.Statistics(net, x));
        x[3] = double.NaN;
        Assert.Throws<ArgumentException>(() => Steganography.Hide(net, x, x));
    }
}
