using ScottPlot;
using ReluAnalysis.Splines;

namespace ReluAnalysis.Cli.Plots;

/// <summary>PNG plots of the fks command: the fit with its knots, and error against N on log-log axes.</summary>
internal static class FksPlots
{
    /// <summary>Writes a two-panel PNG: target, fit and knot positions; L2 error vs N for uniform and equidistributed knots.</summary>
    public static void FitAndConvergence(string path, TargetFunction target, FreeKnotSpline fit, string method, IReadOnlyList<(int N, double Uniform, double Equid)> convergence)
    {
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(2);
        ScottPlot.Plot top = multiplot.GetPlot(0);
        ScottPlot.Plot bottom = multiplot.GetPlot(1);

        const int samples = 2000;
        var xs = new double[samples + 1];
        var ys = new double[samples + 1];
        for (int i = 0; i <= samples; i++)
        {
            // Graded towards the lower end so the x^(2/3) corner is resolved.
            double t = (double)i / samples;
            xs[i] = target.Lower + (target.Upper - target.Lower) * (target.SingularPoints.Count > 0 ? t * t : t);
            ys[i] = target.Value(xs[i]);
        }

        var u = top.Add.ScatterLine(xs, ys);
        u.LegendText = $"target {target.Description}";
        u.LineWidth = 2;
        double[] kx = fit.Knots.ToArray();
        double[] ky = fit.Values.ToArray();
        var f = top.Add.Scatter(kx, ky);
        f.LegendText = $"fit ({method}, N = {fit.IntervalCount})";
        f.MarkerSize = 4;
        double yMin = ys.Min(), yMax = ys.Max();
        var marks = top.Add.Scatter(kx, kx.Select(_ => yMin - 0.05 * (yMax - yMin)).ToArray());
        marks.LineWidth = 0;
        marks.MarkerSize = 6;
        marks.MarkerShape = ScottPlot.MarkerShape.VerticalBar;
        marks.LegendText = "knots";
        top.Title($"{target.Name}: fit and knot positions");
        top.XLabel("x");
        top.YLabel("u(x)");
        top.ShowLegend(ScottPlot.Alignment.LowerRight);

        double[] logN = [.. convergence.Select(c => Math.Log10(c.N))];
        var uni = bottom.Add.Scatter(logN, convergence.Select(c => Math.Log10(c.Uniform)).ToArray());
        uni.LegendText = "interpolant, uniform knots";
        var eq = bottom.Add.Scatter(logN, convergence.Select(c => Math.Log10(c.Equid)).ToArray());
        eq.LegendText = "interpolant, equidistributed knots";
        var tickX = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture) };
        var tickY = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Math.Pow(10, v).ToString("G2", System.Globalization.CultureInfo.InvariantCulture) };
        bottom.Axes.Bottom.TickGenerator = tickX;
        bottom.Axes.Left.TickGenerator = tickY;
        bottom.Title("L2 error vs N (log-log)");
        bottom.XLabel("N (intervals)");
        bottom.YLabel("L2 error");
        bottom.ShowLegend(ScottPlot.Alignment.LowerLeft);
        multiplot.SavePng(path, 900, 1000);
    }
}
