using ReluAnalysis.Stability;

namespace ReluAnalysis.Tests.Stability;

public class StabilityTrainerTests
{
    [Fact]
    public void Large_step_GD_settles_at_the_edge_of_stability_and_the_bound_holds_along_the_run()
    {
        StabilityDataset data = StabilityDataset.Generate(StabilityTargets.Sin, 20, 0.5, 3);
        var options = new StabilityTrainingOptions { LearningRate = 0.4, Steps = 20_000, Width = 24, Seed = 3, RecordCount = 40 };
        StabilityTrainingResult result = StabilityTrainer.Train(data.X, data.Y, options);
        Assert.Equal(StabilityStatus.Completed, result.Status);
        StabilityReport r = result.Report!;
        Assert.True(result.LambdaMaxTailMean <= 1.10 * result.TwoOverEta, $"tail λ_max {result.LambdaMaxTailMean} vs 2/η {result.TwoOverEta}");
        Assert.True(result.LambdaMaxTailMean >= 0.5 * result.TwoOverEta, $"tail λ_max {result.LambdaMaxTailMean} far below 2/η {result.TwoOverEta}");
        Assert.True(r.WeightedTotalVariation <= r.BoundLambda);
        if (r.LambdaMax <= result.TwoOverEta)
        {
            Assert.True(r.WeightedTotalVariation <= r.BoundEta);
        }

        // No interpolation of the noise at a large step: the loss stays of the order of σ²/2.
        Assert.True(r.Loss >= 0.5 * 0.5 * 0.5 / 2, $"loss {r.Loss}");
        double cx = r.ResidualConstant;
        Assert.Equal(41, result.History.Count);
        Assert.Equal(0, result.History[0].Step);
        Assert.Equal(options.Steps, result.History[^1].Step);
        foreach (StabilityRecord rec in result.History)
        {
            Assert.True(rec.WeightedTotalVariation <= rec.LambdaMax / 2 - 0.5 + cx * Math.Sqrt(2 * rec.Loss) + 1e-9, $"step {rec.Step}");
        }

        // Deterministic: the same options give the same iterate, bit for bit.
        StabilityTrainingResult again = StabilityTrainer.Train(data.X, data.Y, options);
        Assert.Equal(result.Network.Parameters.ToArray(), again.Network.Parameters.ToArray());
    }

    [Fact]
    public void Final_loss_and_history_loss_come_from_the_same_function_as_the_network()
    {
        StabilityDataset data = StabilityDataset.Generate(StabilityTargets.Abs, 9, 0.1, 2);
        StabilityTrainingResult result = StabilityTrainer.Train(data.X, data.Y, new StabilityTrainingOptions { LearningRate = 0.05, Steps = 500, Width = 5, RecordCount = 5 });
        double loss = 0.0;
        for (int j = 0; j < data.X.Length; j++)
        {
            double e = result.Network.Network.Evaluate([data.X[j]])[0] - data.Y[j];
            loss += e * e;
        }

        Assert.Equal(loss / (2 * data.X.Length), result.Report!.Loss, 1e-14);
        Assert.Equal(result.Report.Loss, result.History[^1].Loss, 1e-14);
        Assert.True(result.History[^1].Loss < result.History[0].Loss);
    }

    [Fact]
    public void Huge_step_is_reported_as_divergence_without_numbers()
    {
        StabilityDataset data = StabilityDataset.Generate(StabilityTargets.Sin, 10, 0.5, 1);
        StabilityTrainingResult result = StabilityTrainer.Train(data.X, data.Y, new StabilityTrainingOptions { LearningRate = 50, Steps = 5_000, Width = 8 });
        Assert.Equal(StabilityStatus.Diverged, result.Status);
        Assert.Null(result.Report);
        Assert.Null(result.LambdaMaxTailMean);
        Assert.True(result.StepsRun < 5_000);
        Assert.All(result.Network.Parameters.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void A_stationary_start_converges_at_step_zero()
    {
        var net = new UnivariateReluNet([1.0, -1.0, 0.2, 0.1, 0.5, -0.3, 0.05]);
        double[] x = [-0.9, -0.4, 0.0, 0.3, 0.8];
        double[] y = [.. x.Select(net.Evaluate)];
        StabilityTrainingResult result = StabilityTrainer.Train(x, y, net, new StabilityTrainingOptions { LearningRate = 0.1, Steps = 100 });
        Assert.Equal(StabilityStatus.Converged, result.Status);
        Assert.Equal(0, result.StepsRun);
        Assert.Equal(net.Parameters.ToArray(), result.Network.Parameters.ToArray());
    }

    [Fact]
    public void Sweep_runs_are_identical_across_thread_counts()
    {
        var options = new LearningRateSweepOptions
        {
            LearningRates = [0.1, 0.3],
            Seeds = [1, 2],
            SampleCount = 8,
            Training = new StabilityTrainingOptions { Steps = 400, Width = 6, RecordCount = 4 },
        };
        IReadOnlyList<LearningRateSweepRun> one = LearningRateSweep.Run(options with { MaxDegreeOfParallelism = 1 });
        IReadOnlyList<LearningRateSweepRun> two = LearningRateSweep.Run(options with { MaxDegreeOfParallelism = 2 });
        Assert.Equal(4, one.Count);
        Assert.Equal([0.1, 0.1, 0.3, 0.3], one.Select(r => r.LearningRate));
        for (int i = 0; i < one.Count; i++)
        {
            Assert.Equal(one[i].Result.Network.Parameters.ToArray(), two[i].Result.Network.Parameters.ToArray());
            Assert.Equal(one[i].InteriorMse, two[i].InteriorMse);
        }
    }

    [Fact]
    public void Bad_options_name_the_property()
    {
        double[] x = [0.0, 1.0], y = [0.0, 1.0];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => StabilityTrainer.Train(x, y, new StabilityTrainingOptions { LearningRate = 0 }));
        Assert.Equal("LearningRate", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => StabilityTrainer.Train(x, y, new StabilityTrainingOptions { LearningRate = double.NaN }));
        Assert.Equal("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => StabilityTrainer.Train(x, y, new StabilityTrainingOptions { Steps = 0 })).ParamName);
        Assert.Throws<ArgumentException>(() => StabilityTrainer.Train([0.0], [1.0]));
        Assert.Throws<ArgumentException>(() => StabilityTrainer.Train([0.0, double.NaN], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => StabilityTargets.Get("cosh"));
        Assert.Throws<ArgumentOutOfRangeException>(() => StabilityDataset.Generate(StabilityTargets.Sin, 1, 0.1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StabilityDataset.Generate(StabilityTargets.Sin, 5, -0.1, 1));
    }
}
