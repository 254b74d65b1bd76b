using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Stability;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Minima stability: GD with a large step on 30 noisy samples of sin(pi x); sharpness against 2/eta, TV_g against the bound.</summary>
internal sealed class StabilityTourStep : ITourStep
{
    public string Title => "Stability: GD with eta = 0.4 on 30 noisy samples of sin(pi x), width 100 (30,000 steps)";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        StabilityDataset data = StabilityDataset.Generate(StabilityTargets.Sin, 30, 0.5, 1);
        var options = new StabilityTrainingOptions { LearningRate = 0.4, Steps = 30_000, Width = 100, Seed = 1, RecordCount = 100 };
        StabilityTrainingResult result = StabilityTrainer.Train(data.X, data.Y, options, null, cancellationToken);
        if (result.Report is not { } r)
        {
            output.WriteLine("   GD diverged");
            return;
        }

        output.WriteLine($"   lambda_max {r.LambdaMax.ToString("F3", inv)} (tail mean {result.LambdaMaxTailMean!.Value.ToString("F3", inv)}) vs 2/eta = {result.TwoOverEta.ToString("F3", inv)}");
        output.WriteLine($"   TV_g {r.WeightedTotalVariation.ToString("F4", inv)} <= bound 1/eta - 1/2 + C_x sqrt(2L) = {r.BoundEta!.Value.ToString("F4", inv)} (with lambda_max: {r.BoundLambda.ToString("F4", inv)})");
        output.WriteLine($"   loss {r.Loss.ToString("F4", inv)} vs sigma^2/2 = 0.125 (no interpolation); {r.Knots.EffectiveKnots} effective knots; interior MSE {StabilityAnalysis.MeanSquaredError(result.Network, data.Target.Value).ToString("F4", inv)}");
        string png = Path.Combine(outDir, "stability_sin_eta04.png");
        StabilityPlots.FitAndSharpness(png, data, result);
        output.WriteLine($"   plot: {png}");
    }
}
