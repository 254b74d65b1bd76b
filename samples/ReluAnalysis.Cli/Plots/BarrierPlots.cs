using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Cli.Plots;

/// <summary>PNG picture of a 2-D barrier certificate.</summary>
internal static class BarrierPlots
{
    /// <summary>Domain, unsafe set (red), uncertified cells (orange), certified pieces (green) and a few simulated trajectories (blue).</summary>
    public static void Certificate(BarrierProblem problem, BarrierCertificate c, string path, string title, int trajectories = 12)
    {
        var plt = new ScottPlot.Plot();
        Box d = problem.Domain;
        var frame = plt.Add.Rectangle(d.Lower[0], d.Upper[0], d.Lower[1], d.Upper[1]);
        frame.FillColor = ScottPlot.Colors.Transparent;
        frame.LineColor = ScottPlot.Colors.Black;

        // Unsafe set: polytopes clipped to the domain; a predicate by a fine grid of filled squares.
        foreach (Polytope p in problem.Unsafe.Polytopes)
        {
            double[][] poly = PolytopeVertices.Polygon(p.Intersect(d.ToPolytope()));
            if (poly.Length >= 3)
            {
                var u = plt.Add.Polygon(poly.Select(v => new ScottPlot.Coordinates(v[0], v[1])).ToArray());
                u.FillColor = ScottPlot.Colors.Red.WithAlpha(0.35);
                u.LineColor = ScottPlot.Colors.Red;
            }
        }

        if (problem.Unsafe.Function is { } h)
        {
            const int grid = 160;
            double wx = (d.Upper[0] - d.Lower[0]) / grid, wy = (d.Upper[1] - d.Lower[1]) / grid;
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < grid; i++)
            {
                for (int j = 0; j < grid; j++)
                {
                    double x = d.Lower[0] + (i + 0.5) * wx, y = d.Lower[1] + (j + 0.5) * wy;
                    if (h([x, y]) <= 0)
                    {
                        xs.Add(x);
                        ys.Add(y);
                    }
                }
            }

            var sc = plt.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            sc.MarkerSize = 3;
            sc.Color = ScottPlot.Colors.Red.WithAlpha(0.35);
            sc.LegendText = $"unsafe: {problem.Unsafe.Description}";
        }

        foreach (Box u in c.UncertifiedCells)
        {
            var r = plt.Add.Rectangle(u.Lower[0], u.Upper[0], u.Lower[1], u.Upper[1]);
            r.FillColor = ScottPlot.Colors.Orange.WithAlpha(0.35);
            r.LineWidth = 0;
        }

        foreach (BarrierPiece piece in c.Pieces)
        {
            double[][] poly = PolytopeVertices.Polygon(piece.Polytope);
            if (poly.Length < 3)
            {
                continue;
            }

            var g = plt.Add.Polygon(poly.Select(v => new ScottPlot.Coordinates(v[0], v[1])).ToArray());
            g.FillColor = ScottPlot.Colors.Green.WithAlpha(0.45);
            g.LineColor = ScottPlot.Colors.DarkGreen;
            g.LineWidth = 0.5f;
        }

        if (problem.InitialSet is { } x0)
        {
            var r = plt.Add.Rectangle(x0.Lower[0], x0.Upper[0], x0.Lower[1], x0.Upper[1]);
            r.FillColor = ScottPlot.Colors.Transparent;
            r.LineColor = ScottPlot.Colors.Blue;
            r.LineWidth = 2;
        }

        if (c.IsCertified && c.Pieces.Count > 0)
        {
            foreach (double[] start in BarrierSimulation.SamplePoints(c, 2, trajectories, 11))
            {
                List<double[]> path2 = BarrierSimulation.Trajectory(problem, start, 0.01, 1000);
                var line = plt.Add.ScatterLine(path2.Select(p => p[0]).ToArray(), path2.Select(p => p[1]).ToArray());
                line.Color = ScottPlot.Colors.Navy;
                line.LineWidth = 1.2f;
            }
        }

        if (c.Witness is { Length: 2 } w)
        {
            var m = plt.Add.Marker(w[0], w[1]);
            m.Color = ScottPlot.Colors.Black;
            m.Size = 10;
            m.Shape = ScottPlot.MarkerShape.Cross;
        }

        plt.Axes.SetLimits(d.Lower[0], d.Upper[0], d.Lower[1], d.Upper[1]);
        plt.Title(title);
        plt.XLabel("x1");
        plt.YLabel("x2");
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        plt.SavePng(path, 900, 800);
    }
}
