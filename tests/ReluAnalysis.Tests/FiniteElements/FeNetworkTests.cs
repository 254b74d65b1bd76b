using ReluAnalysis.FiniteElements;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests.FiniteElements;

public class FeNetworkTests
{
    [Theory]
    [InlineData(10, 1)]
    [InlineData(27, 2)]
    [InlineData(50, 3)]
    public void OneD_continuous_P1_is_exactly_a_one_hidden_layer_network(int cells, int seed)
    {
        FeMesh mesh = FeMesh.IntervalRandom(cells, seed);
        var rng = new Random(seed + 100);
        var nodal = new Dictionary<double, double>();
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            nodal[mesh.Coordinate(v, 0)] = 2 * rng.NextDouble() - 1;
        }

        var f = PiecewiseLinearFunction.Interpolate(mesh, x => nodal[x[0]], FeSpace.P1);
        FeNetwork net = FeNetworkBuilder.OneHiddenLayer(f);
        Assert.Equal([cells], net.Network.HiddenSizes);
        Assert.Equal(net.FormulaWidths, net.Widths);
        // Rounding of Σ c_i σ(x − x_i) is bounded by ε_mach Σ |c_i| (|x − x_i| ≤ 1): random meshes have tiny cells and
        // slope jumps c_i up to ~1e3, so the bound is relative to that sum rather than the spec's absolute 1e-13.
        double scale = 1 + net.Network.Layers[1].Weights.ToArray().Sum(Math.Abs);
        double bound = 1e-13 * Math.Max(1.0, scale / 100);
        FeErrorReport report = FeNetworkCheck.Measure(net, 10_000, seed);
        Assert.True(report.MaxError <= bound, $"max error {report.MaxError}, bound {bound}");
        foreach (var (x, y) in nodal)
        {
            Assert.True(Math.Abs(net.Network.Evaluate([x])[0] - y) <= bound, $"node {x}");
        }
    }

    [Theory]
    [InlineData("square:8", FeSpace.P1)]
    [InlineData("square:8", FeSpace.DgP1)]
    [InlineData("square:5", FeSpace.P0)]
    [InlineData("jitter:6", FeSpace.P1)]
    [InlineData("jitter:6", FeSpace.DgP1)]
    [InlineData("jitter:6", FeSpace.P0)]
    [InlineData("interval-random:20", FeSpace.DgP1)]
    public void TwoD_weak_representation_is_exact_off_the_band_with_formula_widths(string spec, FeSpace space)
    {
        FeMesh mesh = FeMesh.Parse(spec);
        Assert.Equal(mesh.FormulaLineCount, mesh.Hyperplanes.Count);
        var f = PiecewiseLinearFunction.Interpolate(mesh, FeFunctions.Get("sinsin"), space);
        FeNetwork net = FeNetworkBuilder.TwoHiddenLayer(f, new FeNetworkOptions { K = 1e9 });
        Assert.Equal([2 * mesh.Hyperplanes.Count, mesh.CellCount], net.Widths);
        Assert.Equal(net.FormulaWidths, net.Widths);
        FeErrorReport report = FeNetworkCheck.Measure(net, 10_000, 7);
        Assert.True(report.OffBandFraction > 0.99, $"off-band fraction {report.OffBandFraction}");
        Assert.True(report.MaxErrorOffBand <= 1e-12, $"off-band error {report.MaxErrorOffBand}");
        Assert.True(report.BandFraction <= 1e-3, $"band fraction {report.BandFraction}");

        FeNetwork minimal = FeNetworkBuilder.TwoHiddenLayer(f, new FeNetworkOptions { K = 1e3, Variant = FeLayerVariant.Minimal });
        Assert.Equal([mesh.Hyperplanes.Count, mesh.CellCount], minimal.Widths);
        FeErrorReport r2 = FeNetworkCheck.Measure(minimal, 4_000, 8);
        Assert.True(r2.MaxErrorOffBand <= 1e-10, $"minimal off-band error {r2.MaxErrorOffBand}");
    }

    [Fact]
    public void Structured_square_has_4N_plus_1_lines_and_2N2_cells()
    {
        foreach (int n in new[] { 1, 2, 3, 8, 16 })
        {
            FeMesh mesh = FeMesh.Square(n);
            Assert.Equal(4 * n + 1, mesh.Hyperplanes.Count);
            Assert.Equal(2 * n * n, mesh.CellCount);
            Assert.Equal(4, mesh.Hyperplanes.Count(h => h.OnBoundary));
            Assert.Equal(1.0, mesh.Volume, 1e-14);
        }
    }

    [Theory]
    [InlineData(FeSpace.DgP1)]
    [InlineData(FeSpace.P1)]
    public void Weak_convergence_L1_error_and_band_scale_like_one_over_k(FeSpace space)
    {
        FeMesh mesh = FeMesh.Square(4);
        var f = PiecewiseLinearFunction.Interpolate(mesh, FeFunctions.Get("peak"), space);
        double[] points = FeNetworkCheck.SamplePoints(mesh, 40_000, 11);
        var scaledL1 = new List<double>();
        var scaledBand = new List<double>();
        foreach (double k in new[] { 1e2, 1e3, 1e4 })
        {
            FeNetwork net = FeNetworkBuilder.TwoHiddenLayer(f, new FeNetworkOptions { K = k });
            FeErrorReport r = FeNetworkCheck.Measure(net, points);
            scaledL1.Add(k * r.L1Error);
            scaledBand.Add(k * r.BandFraction);
        }

        Assert.True(scaledL1.Max() < 2 * scaledL1.Min(), $"k·L1 = {string.Join(", ", scaledL1)}");
        Assert.True(scaledBand.Max() < 2 * scaledBand.Min(), $"k·band = {string.Join(", ", scaledBand)}");
    }

    [Fact]
    public void Network_equals_the_interpolant_on_its_own_cell_for_every_k_at_centroids()
    {
        FeMesh mesh = FeMesh.Jitter(4, 3);
        var f = PiecewiseLinearFunction.Interpolate(mesh, FeFunctions.Get("peak"), FeSpace.DgP1);
        FeNetwork net = FeNetworkBuilder.TwoHiddenLayer(f, new FeNetworkOptions { K = 1e12 });
        var centroids = new double[mesh.CellCount * 2];
        for (int i = 0; i < mesh.CellCount; i++)
        {
            mesh.Centroid(i).CopyTo(centroids.AsSpan(2 * i));
        }

        double[] out1 = new BatchEvaluator(net.Network, 1).Evaluate(centroids, withPatterns: false).Outputs;
        for (int i = 0; i < mesh.CellCount; i++)
        {
            Assert.Equal(f.EvaluatePiece(i, mesh.Centroid(i)), out1[i], 1e-12);
        }
    }

    [Fact]
    public void Linear_function_is_reproduced_by_P1_and_DG()
    {
        FeMesh mesh = FeMesh.Jitter(3, 5);
        foreach (FeSpace space in new[] { FeSpace.P1, FeSpace.DgP1 })
        {
            var f = PiecewiseLinearFunction.Interpolate(mesh, FeFunctions.Get("linear"), space);
            for (int i = 0; i < mesh.CellCount; i++)
            {
                Assert.Equal(2.0, f.Gradient(i)[0], 1e-12);
                Assert.Equal(-1.0, f.Gradient(i)[1], 1e-12);
                Assert.Equal(1.0, f.Offset(i), 1e-12);
            }
        }
    }

    [Fact]
    public void Bad_steepness_and_P1_on_polygons_are_rejected()
    {
        var f = PiecewiseLinearFunction.Interpolate(FeMesh.Square(2), FeFunctions.Get("sinsin"), FeSpace.P1);
        Assert.Throws<ArgumentOutOfRangeException>(() => FeNetworkBuilder.TwoHiddenLayer(f, new FeNetworkOptions { K = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeNetworkBuilder.TwoHiddenLayer(f, new FeNetworkOptions { K = double.NaN }));
        FeMesh quads = FeMeshFile.Parse("dimension 2\nvertex 0 0\nvertex 1 0\nvertex 1 1\nvertex 0 1\ncell 0 1 2 3\n");
        Assert.Throws<ArgumentException>(() => PiecewiseLinearFunction.Interpolate(quads, FeFunctions.Get("sinsin"), FeSpace.P1));
        Assert.Throws<ArgumentException>(() => FeFunctions.Get("nope"));
    }
}
