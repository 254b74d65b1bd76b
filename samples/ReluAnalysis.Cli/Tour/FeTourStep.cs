using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.FiniteElements;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Finite elements as ReLU networks: DG-P1 of sin(πx)sin(πy) on square:8 with k = 1e9, and the exact 1-D network.</summary>
internal sealed class FeTourStep : ITourStep
{
    public string Title => "Finite elements: DG-P1 sin(pi x) sin(pi y) on square:8 as a two-hidden-layer network (k = 1e9)";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        FeMesh mesh = FeMesh.Square(8);
        var f = PiecewiseLinearFunction.Interpolate(mesh, FeFunctions.Get("sinsin"), FeSpace.DgP1);
        FeNetwork net = FeNetworkBuilder.TwoHiddenLayer(f);
        FeErrorReport r = FeNetworkCheck.Measure(net, 10_000, 1);
        output.WriteLine($"   lines n = {net.Lines} (4N + 1 = 33), cells m = {net.Cells}, widths [{string.Join(", ", net.Widths)}] = (2n, m)");
        output.WriteLine($"   max error off the band {r.MaxErrorOffBand.ToString("E2", inv)}, L1 error {r.L1Error.ToString("E2", inv)}, error > 1e-12 at {(100 * r.BandFraction).ToString("F3", inv)} % of 10^4 points");
        string path = Path.Combine(outDir, "fe_square8_dg.png");
        FePlots.NetworkAndBand(path, net, "square:8, sinsin (DgP1)");
        output.WriteLine($"   plot: {path}");
        cancellationToken.ThrowIfCancellationRequested();
        var f1 = PiecewiseLinearFunction.Interpolate(FeMesh.IntervalRandom(20, 1), FeFunctions.Get("sinsin"), FeSpace.P1);
        FeErrorReport r1 = FeNetworkCheck.Measure(FeNetworkBuilder.OneHiddenLayer(f1), 10_000, 1);
        output.WriteLine($"   1-D P1 on interval-random:20 as a [1, 20, 1] network: max error {r1.MaxError.ToString("E2", inv)}");
    }
}
