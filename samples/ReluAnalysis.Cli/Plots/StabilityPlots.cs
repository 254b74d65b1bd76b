using ReluAnalysis.Stability;
using ScottPlot;

namespace ReluAnalysis.Cli.Plots;

/// <summary>PNG of the stability command: data, fit, truth and knots; λ_max along the run against 2/η.</summary>
internal static class StabilityPlots
{
    public static void FitAndSharpness(string path, StabilityDataset data, StabilityTrainingResult result)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Plot top = multiplot.GetPlot(0);
        Plot bottom = multiplot.GetPlot(1);

        const int samples = 801;
        var t = new double[samples];
        var truth = new double[samples];
        var fit = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            t[i] = -1.0 + 2.0 * i / (samples - 1);
            truth[i] = data.Target.Value(t[i]);
            fit[i] = result.Network.Evaluate(t[i]);
        }

        var truthLine = top.Add.ScatterLine(t, truth);
        truthLine.LegendText = $"truth {data.Target.Description}";
        truthLine.LineWidth = 2;
        truthLine.LinePattern = LinePattern.Dashed;
        var fitLine = top.Add.ScatterLine(t, fit);
        fitLine.LegendText = $"GD fit, eta = {CliApp.Format(result.LearningRate)}, k = {result.Network.Width}";
        fitLine.LineWidth = 2;
        var points = top.Add.ScatterPoints(data.X, data.Y);
        points.LegendText = $"data (n = {data.X.Length}, sigma = {CliApp.Format(data.Noise)})";
        points.MarkerSize = 7;
        if (result.Report is { } report && report.Knots.KnotPositions.Length > 0)
        {
            double[] kx = report.Knots.KnotPositions;
            double low = Math.Min(data.Y.Min(), fit.Min());
            double high = Math.Max(data.Y.Max(), fit.Max());
            var marks = top.Add.ScatterPoints(kx, [.. kx.Select(_ => low - 0.05 * (high - low))]);
            marks.MarkerShape = MarkerShape.VerticalBar;
            marks.MarkerSize = 12;
            marks.LegendText = $"effective knots ({kx.Length})";
        }

        string status = result.Status == StabilityStatus.Diverged ? " (diverged)" : "";
        top.Title($"Stability: {data.Target.Name}, eta = {CliApp.Format(result.LearningRate)}{status}");
        top.XLabel("x");
        top.YLabel("f(x)");
        top.ShowLegend(Alignment.UpperRight);

        double[] steps = [.. result.History.Select(r => (double)r.Step)];
        var lambda = bottom.Add.ScatterLine(steps, [.. result.History.Select(r => r.LambdaMax)]);
        lambda.LegendText = "lambda_max at the recorded iterates";
        lambda.LineWidth = 2;
        var floor = bottom.Add.ScatterLine(steps, [.. result.History.Select(r => 1 + 2 * r.WeightedTotalVariation)]);
        floor.LegendText = "1 + 2 TV_g";
        floor.LinePattern = LinePattern.Dotted;
        var threshold = bottom.Add.HorizontalLine(result.TwoOverEta);
        threshold.LegendText = "2 / eta";
        threshold.LinePattern = LinePattern.Dashed;
        bottom.Title("Sharpness along the run");
        bottom.XLabel("GD step");
        bottom.YLabel("lambda_max");
        bottom.ShowLegend(Alignment.UpperRight);
        multiplot.SavePng(path, 900, 1000);
    }
}
