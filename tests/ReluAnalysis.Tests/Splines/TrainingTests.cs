using ReluAnalysis.Splines;

namespace ReluAnalysis.Tests.Splines;

public class TrainingTests
{
    private static double InterpEquid(TargetFunction t, int n) =>
        SplineError.L2(FreeKnotSpline.Interpolate(t.Value, Equidistribution.Knots(t, n).Knots), t);

    private static double Median(IEnumerable<double> v)
    {
        double[] s = [.. v.Order()];
        return s[s.Length / 2];
    }

    [Theory]
    [InlineData("x^(2/3)", 16)]
    [InlineData("x^(2/3)", 32)]
    [InlineData("x^(2/3)", 64)]
    [InlineData("x^(2/3)", 128)]
    [InlineData("tanh100", 16)]
    [InlineData("tanh100", 32)]
    [InlineData("tanh100", 64)]
    [InlineData("tanh100", 128)]
    [InlineData("gauss100", 16)]
    [InlineData("gauss100", 32)]
    [InlineData("gauss100", 64)]
    public void TwoLevelFks_FromUniformKnots_ReachesTheEquidistributedInterpolant(string name, int n)
    {
        TargetFunction t = Targets.Get(name);
        FksTrainingResult r = FksTrainer.Train(t, n);
        Assert.Equal(SplineTrainingStatus.Completed, r.Status);
        double reference = InterpEquid(t, n);
        Assert.True(r.L2Error <= 1.1 * reference, $"{name}, N = {n}: {r.L2Error} vs interpolant on equidistributed knots {reference}");
        for (int i = 1; i < r.KnotLossHistory.Length; i++)
        {
            Assert.True(r.KnotLossHistory[i] <= r.KnotLossHistory[i - 1]);
        }

        // Level 2 is the exact L2 projection: no spline on these knots does better (perturbing weights only hurts).
        double[] w = r.Spline.Values.ToArray();
        w[n / 2] += 1e-3 * Math.Abs(w[n / 2]) + 1e-6;
        Assert.True(SplineError.L2(r.Spline.WithValues(w), t) > r.L2Error);
    }

    [Fact]
    public void TwoLevelFks_DirectAndJoint_AreConsistent()
    {
        TargetFunction t = Targets.TwoThirds;
        FksTrainingResult direct = FksTrainer.Train(t, 32, new FksTrainingOptions { Objective = KnotObjective.DirectEquidistribution });
        double best = SplineError.L2(L2Projection.BestApproximation(t, Equidistribution.Knots(t, 32).Knots), t);
        Assert.Equal(best, direct.L2Error, 12);
        FksTrainingResult joint = FksTrainer.Train(t, 32, new FksTrainingOptions { Objective = KnotObjective.DirectEquidistribution, JointEpochs = 300 });
        Assert.True(joint.L2Error <= direct.L2Error);
        FksTrainingResult interp = FksTrainer.Train(t, 32, new FksTrainingOptions { Objective = KnotObjective.Interpolation, KnotEpochs = 1500 });
        Assert.True(interp.L2Error <= 1.1 * InterpEquid(t, 32), $"{interp.L2Error}");
    }

    [Theory]
    [InlineData("x^(2/3)", 32)]
    [InlineData("tanh100", 16)]
    [InlineData("tanh100", 32)]
    public void PreconditionedRelu_BeatsPlainAdam_AndMatchesTheOptimalInterpolant(string name, int width) =>
        CheckPreconditioned(name, width);

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("x^(2/3)", 64)]
    [InlineData("x^(2/3)", 128)]
    [InlineData("tanh100", 64)]
    [InlineData("tanh100", 128)]
    public void PreconditionedRelu_BeatsPlainAdam_AndMatchesTheOptimalInterpolant_Wide(string name, int width) =>
        CheckPreconditioned(name, width);

    private static void CheckPreconditioned(string name, int width)
    {
        TargetFunction t = Targets.Get(name);
        var pre = new List<double>();
        var adam = new List<double>();
        foreach (int seed in new[] { 1, 2, 3 })
        {
            ReluTrainingResult p = ShallowReluTrainer.Train(t, width, ReluTrainingOptions.PreconditionedTraining(seed));
            ReluTrainingResult a = ShallowReluTrainer.Train(t, width, ReluTrainingOptions.PlainAdam(seed));
            Assert.Equal([1, width, 1], p.Network.LayerSizes());
            Assert.Equal([1, width, 1], a.Network.LayerSizes());
            foreach (ReluTrainingResult r in new[] { p, a })
            {
                for (int i = 1; i < r.LossHistory.Length; i++)
                {
                    Assert.True(r.LossHistory[i] <= r.LossHistory[i - 1], "best-so-far loss must not increase");
                }

                Assert.Equal(r.FinalLoss, r.LossHistory[^1]);
            }

            pre.Add(p.L2Error);
            adam.Add(a.L2Error);
        }

        double optimal = InterpEquid(t, width);
        Assert.True(Median(pre) <= 2 * optimal, $"preconditioned median {Median(pre)} vs interpolant {optimal}");
        Assert.True(Median(pre) <= 0.1 * Median(adam), $"preconditioned median {Median(pre)} vs plain Adam median {Median(adam)}");
    }

    [Fact]
    public void TrainedNetwork_EqualsItsSpline_AndTheReportedError()
    {
        TargetFunction t = Targets.Gauss100;
        ReluTrainingResult r = ShallowReluTrainer.Train(t, 16, ReluTrainingOptions.EquidistributionLoss(2) with { Epochs = 500 });
        Assert.Equal(r.L2Error, SplineError.L2(r.Spline, t), 12);
        var rng = new Random(5);
        for (int i = 0; i < 1000; i++)
        {
            double x = rng.NextDouble();
            Assert.Equal(r.Network.Evaluate([x])[0], r.Spline.Evaluate(x), 10);
        }

        Assert.True(r.LossHistory[^1] <= r.LossHistory[0]);
        ReluTrainingResult solved = ShallowReluTrainer.Train(t, 16, ReluTrainingOptions.EquidistributionLoss(2) with { Epochs = 500, FinalWeightSolve = true });
        Assert.True(solved.L2Error <= r.L2Error * 1.0000001, $"one exact solve on the same breakpoints cannot be worse: {solved.L2Error} vs {r.L2Error}");
        Assert.Equal([1, 16, 1], solved.Network.LayerSizes());
    }

    [Fact]
    public void AlternatingPreconditioning_ImprovesRawEquidistributionTraining()
    {
        TargetFunction t = Targets.Tanh100;
        var o = ReluTrainingOptions.EquidistributionLoss(1) with { Epochs = 2000 };
        ReluTrainingResult raw = ShallowReluTrainer.Train(t, 32, o);
        ReluTrainingResult alternating = ShallowReluTrainer.Train(t, 32, o with { PreconditionInterval = 250 });
        Assert.Equal([1, 32, 1], alternating.Network.LayerSizes());
        Assert.True(alternating.L2Error < 0.5 * raw.L2Error, $"alternating {alternating.L2Error} vs raw {raw.L2Error}");
    }

    [Fact]
    public void Training_IsDeterministic_AndCancellable()
    {
        TargetFunction t = Targets.TwoThirds;
        var o = ReluTrainingOptions.PlainAdam(4) with { Epochs = 300 };
        Assert.Equal(ShallowReluTrainer.Train(t, 8, o).L2Error, ShallowReluTrainer.Train(t, 8, o).L2Error);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => ShallowReluTrainer.Train(t, 8, ReluTrainingOptions.PreconditionedTraining(1), cancellationToken: cts.Token));
        Assert.Throws<OperationCanceledException>(() => FksTrainer.Train(t, 8, cancellationToken: cts.Token));
    }
}
