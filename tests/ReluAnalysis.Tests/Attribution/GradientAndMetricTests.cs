using ReluAnalysis.Attribution;
using ReluAnalysis.Networks;
using static ReluAnalysis.Tests.Attribution.AttributionTestNets;

namespace ReluAnalysis.Tests.Attribution;

public class GradientAndMetricTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void T14_IntegratedGradientsCompleteness(int seed)
    {
        ReluNetwork net = Small(seed);
        for (int t = 0; t < 5; t++)
        {
            double[] x = Point(4, 11 * seed + t, 1.0);
            int c = Array.IndexOf(net.Evaluate(x), net.Evaluate(x).Max());
            double delta = net.Evaluate(x)[c] - net.Evaluate(new double[4])[c];
            double[] mid = GradientAttribution.IntegratedGradients(net, x, c);
            Assert.True(Math.Abs(mid.Sum() - delta) <= 1e-2 * Math.Max(1, Math.Abs(delta)), $"midpoint: {mid.Sum()} vs {delta}");
            ExactIntegratedGradients exact = GradientAttribution.IntegratedGradientsExact(net, x, c);
            Assert.True(Math.Abs(exact.Attribution.Sum() - delta) <= 1e-10 * Math.Max(1, Math.Abs(delta)), $"exact: {exact.Attribution.Sum()} vs {delta}");
            Assert.True(exact.Pieces >= 1);

            // With a non-zero baseline too.
            double[] b = Point(4, 99 + t, 1.0);
            double deltaB = net.Evaluate(x)[c] - net.Evaluate(b)[c];
            Assert.True(Math.Abs(GradientAttribution.IntegratedGradientsExact(net, x, c, b).Attribution.Sum() - deltaB) <= 1e-10 * Math.Max(1, Math.Abs(deltaB)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void T14_ExactIntegratedGradients_OnADeeperNetwork(int seed)
    {
        ReluNetwork net = ReluNetwork.Random([6, 16, 12, 8, 4], seed, 0.2);
        for (int t = 0; t < 5; t++)
        {
            double[] x = Point(6, 11 * seed + t, 2.0);
            ExactIntegratedGradients exact = GradientAttribution.IntegratedGradientsExact(net, x, 0);
            double delta = net.Evaluate(x)[0] - net.Evaluate(new double[6])[0];
            Assert.True(Math.Abs(exact.Attribution.Sum() - delta) <= 1e-10 * Math.Max(1, Math.Abs(delta)));
            Assert.True(Math.Abs(exact.CompletenessGap) <= 1e-10 * Math.Max(1, Math.Abs(delta)));
            Assert.True(exact.Pieces > 1, "the segment should cross region boundaries");
            Assert.Equal(PathEnumerationStatus.Complete, exact.Status);

            // A piece limit is a status: the partial integral covers [0, ReachedAlpha].
            ExactIntegratedGradients partial = GradientAttribution.IntegratedGradientsExact(net, x, 0, maxPieces: 1);
            Assert.Equal(PathEnumerationStatus.LimitReached, partial.Status);
            Assert.InRange(partial.ReachedAlpha, 1e-15, 1 - 1e-15);
            double[] end = x.Select(v => v * partial.ReachedAlpha).ToArray();
            double partialDelta = net.Evaluate(end)[0] - net.Evaluate(new double[6])[0];
            Assert.Equal(partialDelta, partial.Attribution.Sum(), 1e-9);
        }
    }

    [Fact]
    public void ExactIG_ConvergesToMidpointIG()
    {
        ReluNetwork net = ReluNetwork.Random([4, 10, 8, 3], 4, 0.2);
        double[] x = Point(4, 2, 2.0);
        double[] exact = GradientAttribution.IntegratedGradientsExact(net, x, 0).Attribution;
        double[] fine = GradientAttribution.IntegratedGradients(net, x, 0, steps: 20000);
        Close(exact, fine, 1e-3, "IG(20000 steps) vs exact");
    }

    [Fact]
    public void Saliency_IsFiniteDifferenceGradient()
    {
        ReluNetwork net = Small(3);
        double[] x = Point(4, 1, 2.0);
        double[] g = GradientAttribution.Saliency(net, x, 1);
        for (int j = 0; j < 4; j++)
        {
            double[] xp = (double[])x.Clone();
            xp[j] += 1e-7;
            double fd = (net.Evaluate(xp)[1] - net.Evaluate(x)[1]) / 1e-7;
            Assert.Equal(g[j], fd, 1e-5);
        }
    }

    [Fact]
    public void T13_ConstantCurve_AndHandComputedTrapezoid()
    {
        Assert.Equal(0.37, Faithfulness.TrapezoidAuc([0.37, 0.37, 0.37, 0.37, 0.37]), 1e-15);
        // 4 steps: (0.9 + 0.6 + 0.5 + 0.2 + 0.1 − 0.45 − 0.05)/4 = 1.8/4.
        Assert.Equal(0.45, Faithfulness.TrapezoidAuc([0.9, 0.6, 0.5, 0.2, 0.1]), 1e-15);
        Assert.Throws<ArgumentException>(() => Faithfulness.TrapezoidAuc([1.0]));

        // A network whose class probability does not depend on the input gives a constant curve.
        var w = new double[2 * 3];
        var net = new ReluNetwork([new DenseLayer(2, 3, w, [0.3, -0.2])]);
        double p = 1 / (1 + Math.Exp(-0.5));
        var curve = Faithfulness.Curve(net, [1, 2, 3], [0.1, 0.3, 0.2], new double[3], 0, FaithfulnessMode.Deletion);
        Assert.Equal(4, curve.Scores.Length);
        Assert.Equal(p, curve.Auc, 1e-15);
    }

    [Fact]
    public void T13_ExactOrderingBeatsRandomOnALinearModel()
    {
        // Logit 0 = Σ w_j x_j with w, x ≥ 0, logit 1 = constant: contributions are non-negative.
        const int d = 16;
        var rng = new Random(5);
        var w = new double[2 * d];
        double[] x = new double[d];
        for (int j = 0; j < d; j++)
        {
            w[j] = rng.NextDouble();
            x[j] = rng.NextDouble();
        }

        var net = new ReluNetwork([new DenseLayer(2, d, w, [0.0, 2.0])]);
        double[] e = GradientAttribution.GradientTimesInput(net, x, 0);
        Assert.All(e, v => Assert.True(v >= 0));
        var del = Faithfulness.Curve(net, x, e, new double[d], 0, FaithfulnessMode.Deletion);
        var ins = Faithfulness.Curve(net, x, e, new double[d], 0, FaithfulnessMode.Insertion);
        Assert.Equal(del.Scores[0], ins.Scores[^1], 1e-15);
        Assert.Equal(ins.Scores[0], del.Scores[^1], 1e-15);
        for (int trial = 0; trial < 20; trial++)
        {
            int[] order = Enumerable.Range(0, d).OrderBy(_ => rng.Next()).ToArray();
            var rdel = Faithfulness.CurveForOrder(net, x, order, new double[d], 0, FaithfulnessMode.Deletion);
            var rins = Faithfulness.CurveForOrder(net, x, order, new double[d], 0, FaithfulnessMode.Insertion);
            Assert.True(del.Auc <= rdel.Auc + 1e-15, $"deletion {del.Auc} vs random {rdel.Auc}");
            Assert.True(ins.Auc >= rins.Auc - 1e-15, $"insertion {ins.Auc} vs random {rins.Auc}");
        }
    }

    [Fact]
    public void StepSize_CoversEveryComponent_AndRelevanceMass()
    {
        ReluNetwork net = Small(2);
        double[] x = Point(4, 3);
        var curve = Faithfulness.Curve(net, x, [4, 3, 2, 1], new double[4], 0, FaithfulnessMode.Deletion, stepSize: 3);
        Assert.Equal(3, curve.Scores.Length); // ceil(4/3) + 1
        double pAtZero = Softmax(net.Evaluate(new double[4]), 0);
        Assert.Equal(pAtZero, curve.Scores[^1], 1e-15);
        Assert.Equal(Softmax(net.Evaluate(x), 0), curve.Scores[0], 1e-15);

        Assert.Equal(0.75, Faithfulness.RelevanceMass([3, -5, 1, 0], [true, true, false, false]), 1e-15);
        Assert.Equal(0.0, Faithfulness.RelevanceMass([-1, -2], [true, false]));
    }

    private static double Softmax(double[] y, int c)
    {
        double m = y.Max();
        return Math.Exp(y[c] - m) / y.Sum(v => Math.Exp(v - m));
    }
}
