using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Regions: an arrangement count against Zaslavsky's formula, and the linear regions of a small 2-D network with a picture.</summary>
internal sealed class RegionsTourStep : ITourStep
{
    public string Title => "Regions: hyperplane arrangements and the linear regions of a network";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        // Ten lines through points of a circle, in general position; all vertices inside the box.
        var rng = new Random(3);
        var rows = new List<double[]>();
        for (int i = 0; i < 10; i++)
        {
            double angle = rng.NextDouble() * Math.PI;
            rows.Add([Math.Cos(angle), Math.Sin(angle), 0.5 * (2 * rng.NextDouble() - 1)]);
        }

        var box = new Box([-50.0, -50.0], [50.0, 50.0]);
        ArrangementResult cells = ArrangementEnumerator.Enumerate(HyperplaneArrangement.FromRows(rows), box, cancellationToken: cancellationToken);
        output.WriteLine($"   10 random lines in R^2: {cells.Cells.Count} cells (general position: 1 + 10 + 45 = 56), {cells.Lp.Solved} LPs, {cells.Lp.Skipped} skipped");

        ReluNetwork net = ReluNetwork.Random([2, 16, 16, 1], 1, biasScale: 0.5);
        var square = new Box([-1.0, -1.0], [1.0, 1.0]);
        LinearRegionResult r = LinearRegionEnumerator.Enumerate(net, square, new LinearRegionOptions { ComputeHRepresentation = true }, cancellationToken: cancellationToken);
        string png = Path.Combine(outDir, "regions.png");
        Plots.RegionsPlots.Regions(r, square, png, $"random 2-16-16-1 network: {r.Regions.Count} linear regions");
        output.WriteLine($"   random 2-16-16-1 network on [-1,1]^2: {r.Regions.Count} linear regions ({r.Elapsed.TotalSeconds:F2} s, {r.Lp.Solved} LPs); picture {png}");
    }
}
