
namespace ReluAnalysis.Cli.Plots;

/// <summary>Input image and attribution map side by side, for square inputs (8×8 digits, 28×28 MNIST, 12×12 motifs).</summary>
internal static class PathwisePlots
{
    /// <summary>The image side when <paramref name="length"/> is a perfect square of at least 4, else 0.</summary>
    public static int SquareSide(int length)
    {
        int side = (int)Math.Round(Math.Sqrt(length));
        return side >= 2 && side * side == length ? side : 0;
    }

    /// <summary>
    /// Draws one row per (input, attribution) pair: the input in grey scale, then each attribution in a diverging
    /// blue–white–red map with a symmetric range (red = positive), per map or, with <paramref name="sharedScale"/>, per row.
    /// </summary>
    public static void SaveHeatmaps(string path, IReadOnlyList<(string Title, double[] Input, IReadOnlyList<(string Name, double[] Map)> Maps)> rows, bool sharedScale = false)
    {
        int side = SquareSide(rows[0].Input.Length);
        if (side == 0)
        {
            throw new ArgumentException($"--plot: inputs of length {rows[0].Input.Length} are not square images (8×8 or 28×28 expected).");
        }

        var plt = new ScottPlot.Plot();
        int columns = 1 + rows.Max(r => r.Maps.Count);
        double gap = side * 0.25;
        for (int r = 0; r < rows.Count; r++)
        {
            var (title, input, maps) = rows[r];
            double top = -(r * (side + 2 * gap));
            Place(plt, input, side, 0, top, new ScottPlot.Colormaps.Grayscale(), input.Min(), input.Max());
            plt.Add.Text(title, 0, top + gap * 1.6).LabelFontSize = 22;
            double rowLimit = maps.Max(mp => mp.Map.Max(Math.Abs));
            for (int m = 0; m < maps.Count; m++)
            {
                double left = (m + 1) * (side + gap);
                double limit = Math.Max(1e-12, sharedScale ? rowLimit : maps[m].Map.Max(Math.Abs));
                Place(plt, maps[m].Map, side, left, top, new ScottPlot.Colormaps.Balance(), -limit, limit);
                plt.Add.Text(maps[m].Name, left, top + gap * 1.6).LabelFontSize = 22;
            }
        }

        plt.HideGrid();
        plt.Layout.Frameless();
        plt.Axes.SetLimits(-gap, columns * (side + gap), -(rows.Count - 1) * (side + 2 * gap) - side - gap, 2.5 * gap);
        int cell = Math.Max(8, 320 / side);
        plt.SavePng(path, Math.Max(480, (int)(columns * (side + gap) * cell)), Math.Max(240, (int)(rows.Count * (side + 2 * gap) * cell)));
    }

    private static void Place(ScottPlot.Plot plt, double[] values, int side, double left, double top, ScottPlot.IColormap map, double lo, double hi)
    {
        var grid = new double[side, side];
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                grid[i, j] = values[i * side + j];
            }
        }

        var hm = plt.Add.Heatmap(grid);
        hm.Colormap = map;
        hm.ManualRange = new ScottPlot.Range(lo, hi == lo ? lo + 1 : hi);
        hm.Extent = new ScottPlot.CoordinateRect(left, left + side, top - side, top);
    }
}
