using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Cli.Plots;

/// <summary>PNG pictures of 2-D linear regions from their exact polygons.</summary>
internal static class RegionsPlots
{
    /// <summary>Fills every region's polygon with its own colour (golden-angle hues) and draws the boundaries.</summary>
    public static void Regions(LinearRegionResult result, Box box, string path, string title)
    {
        var plt = new ScottPlot.Plot();
        int k = 0;
        foreach (LinearRegion region in result.Regions)
        {
            double[][] poly = PolytopeVertices.Polygon(region.HRepresentation!);
            if (poly.Length < 3)
            {
                continue;
            }

            var coords = poly.Select(p => new ScottPlot.Coordinates(p[0], p[1])).ToArray();
            var polygon = plt.Add.Polygon(coords);
            float hue = (float)((k++ * 0.618033988749895) % 1.0);
            polygon.FillColor = ScottPlot.Color.FromHSL(hue, 0.55f, 0.7f);
            polygon.LineColor = ScottPlot.Colors.Black;
            polygon.LineWidth = 0.6f;
        }

        plt.Axes.SetLimits(box.Lower[0], box.Upper[0], box.Lower[1], box.Upper[1]);
        plt.Title(title);
        plt.XLabel("x0");
        plt.YLabel("x1");
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        plt.SavePng(path, 900, 800);
    }
}
