using ScottPlot;
using ReluAnalysis.FiniteElements;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Cli.Plots;

/// <summary>PNG of the fe command: the network's output over the mesh and where it differs from the function (the error band).</summary>
internal static class FePlots
{
    public static void NetworkAndBand(string path, FeNetwork net, string title)
    {
        FeMesh mesh = net.Function.Mesh;
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(2);
        ScottPlot.Plot top = multiplot.GetPlot(0);
        ScottPlot.Plot bottom = multiplot.GetPlot(1);
        var evaluator = new BatchEvaluator(net.Network, 1);
        if (mesh.Dimension == 1)
        {
            const int samples = 4001;
            double lo = mesh.BoundsLower()[0], hi = mesh.BoundsUpper()[0];
            double[] xs = [.. Enumerable.Range(0, samples).Select(i => lo + (hi - lo) * i / (samples - 1))];
            double[] ys = evaluator.Evaluate(xs, withPatterns: false).Outputs;
            double[] fs = [.. xs.Select(x => net.Function.Evaluate([x]))];
            var fl = top.Add.ScatterLine(xs, fs);
            fl.LegendText = $"interpolant ({net.Function.Space})";
            fl.LineWidth = 3;
            var nl = top.Add.ScatterLine(xs, ys);
            nl.LegendText = "network";
            nl.LinePattern = ScottPlot.LinePattern.Dashed;
            foreach (MeshHyperplane h in mesh.Hyperplanes)
            {
                var v = top.Add.VerticalLine(-h.Offset / h.Normal[0]);
                v.LineWidth = 0.5f;
                v.Color = ScottPlot.Colors.Gray;
            }

            top.ShowLegend(ScottPlot.Alignment.LowerCenter);
            var err = bottom.Add.ScatterLine(xs, [.. ys.Select((y, i) => Math.Log10(Math.Max(1e-17, Math.Abs(y - fs[i]))))]);
            err.LegendText = "log10 |network − interpolant|";
            bottom.ShowLegend(ScottPlot.Alignment.UpperRight);
            bottom.XLabel("x");
        }
        else
        {
            const int side = 300;
            double[] lo = mesh.BoundsLower(), hi = mesh.BoundsUpper();
            var points = new double[side * side * 2];
            var inside = new bool[side * side];
            for (int r = 0; r < side; r++)
            {
                for (int c = 0; c < side; c++)
                {
                    // Row 0 is drawn at the top: y decreases with the row.
                    int p = r * side + c;
                    points[2 * p] = lo[0] + (hi[0] - lo[0]) * (c + 0.5) / side;
                    points[2 * p + 1] = hi[1] - (hi[1] - lo[1]) * (r + 0.5) / side;
                    inside[p] = mesh.Locate(points.AsSpan(2 * p, 2)) >= 0;
                    if (!inside[p])
                    {
                        points[2 * p] = mesh.Centroid(0)[0];
                        points[2 * p + 1] = mesh.Centroid(0)[1];
                    }
                }
            }

            double[] ys = evaluator.Evaluate(points, withPatterns: false).Outputs;
            var value = new double[side, side];
            var error = new double[side, side];
            for (int r = 0; r < side; r++)
            {
                for (int c = 0; c < side; c++)
                {
                    int p = r * side + c;
                    value[r, c] = inside[p] ? ys[p] : double.NaN;
                    error[r, c] = inside[p] ? Math.Log10(Math.Max(1e-17, Math.Abs(ys[p] - net.Function.Evaluate(points.AsSpan(2 * p, 2))))) : double.NaN;
                }
            }

            var extent = new ScottPlot.CoordinateRect(lo[0], hi[0], lo[1], hi[1]);
            var hm = top.Add.Heatmap(value);
            hm.Colormap = new ScottPlot.Colormaps.Viridis();
            hm.Extent = extent;
            top.Add.ColorBar(hm);
            var he = bottom.Add.Heatmap(error);
            he.Colormap = new ScottPlot.Colormaps.Turbo();
            he.ManualRange = new ScottPlot.Range(-17, 0);
            he.Extent = extent;
            bottom.Add.ColorBar(he);
            foreach (ScottPlot.Plot plt in new[] { top, bottom })
            {
                for (int i = 0; i < mesh.CellCount; i++)
                {
                    ReadOnlySpan<int> cell = mesh.CellVertices(i);
                    for (int k = 0; k < cell.Length; k++)
                    {
                        int a = cell[k], b = cell[(k + 1) % cell.Length];
                        var line = plt.Add.Line(mesh.Coordinate(a, 0), mesh.Coordinate(a, 1), mesh.Coordinate(b, 0), mesh.Coordinate(b, 1));
                        line.LineWidth = 0.6f;
                        line.Color = ScottPlot.Colors.White.WithAlpha(0.6);
                    }
                }

                plt.Axes.SetLimits(lo[0], hi[0], lo[1], hi[1]);
                plt.XLabel("x");
                plt.YLabel("y");
            }
        }

        top.Title($"{title}: network output, widths [{string.Join(", ", net.Widths)}]");
        bottom.Title($"log10 |network − interpolant| (band half-width (G+B)/k = {net.BandHalfWidth:G3})");
        multiplot.SavePng(path, 800, 1400);
    }
}
