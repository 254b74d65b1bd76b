using ReluAnalysis.NullSpace;

namespace ReluAnalysis.Cli.Plots;

/// <summary>Null-space steganography: cover, hidden image, stego and what the network sees, one row per embedding.</summary>
internal static class StegoPlots
{
    /// <summary>
    /// One row per result: cover, hidden, stego and <c>P_R(stego)</c> as 8×8 (or any square) grey-scale heatmaps, each
    /// on its own min–max range (as a viewer would display it).
    /// </summary>
    public static void Save(string path, IReadOnlyList<(string Label, StegoResult Result)> rows)
    {
        int side = PathwisePlots.SquareSide(rows[0].Result.Cover.Length);
        if (side == 0)
        {
            throw new ArgumentException($"--plot: inputs of length {rows[0].Result.Cover.Length} are not square images.");
        }

        var plt = new ScottPlot.Plot();
        double gap = side * 0.3;
        for (int r = 0; r < rows.Count; r++)
        {
            var (label, s) = rows[r];
            double top = -(r * (side + 2 * gap));
            (string, double[])[] panels =
            [
                ($"cover (class {s.ClassCover})", s.Cover),
                ($"hidden (class {s.ClassHidden})", s.Hidden),
                ($"{label}: class {s.ClassStego}, {s.PsnrStegoCover:F1} dB", s.Stego),
                ("network sees P_R(stego)", s.Seen),
            ];
            for (int p = 0; p < panels.Length; p++)
            {
                double left = p * (side + gap);
                double[] v = panels[p].Item2;
                Place(plt, v, side, left, top, v.Min(), v.Max());
                plt.Add.Text(panels[p].Item1, left, top + gap * 0.8).LabelFontSize = 16;
            }
        }

        plt.HideGrid();
        plt.Layout.Frameless();
        plt.Axes.SetLimits(-gap, 4 * (side + gap), -(rows.Count - 1) * (side + 2 * gap) - side - gap, 1.2 * gap);
        int cell = Math.Max(8, 320 / side);
        plt.SavePng(path, (int)(4 * (side + gap) * cell * 1.15), Math.Max(240, (int)(rows.Count * (side + 2 * gap) * cell)));
    }

    private static void Place(ScottPlot.Plot plt, double[] values, int side, double left, double top, double lo, double hi)
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
        hm.Colormap = new ScottPlot.Colormaps.Grayscale();
        hm.ManualRange = new ScottPlot.Range(lo, hi == lo ? lo + 1 : hi);
        hm.Extent = new ScottPlot.CoordinateRect(left, left + side, top - side, top);
    }
}
