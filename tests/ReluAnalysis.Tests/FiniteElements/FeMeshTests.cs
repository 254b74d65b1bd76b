using ReluAnalysis.FiniteElements;

namespace ReluAnalysis.Tests.FiniteElements;

public class FeMeshTests
{
    private const string Quads = """
        # two unit squares side by side, then a hexagon-free pentagon split
        dimension 2
        vertex 0 0
        vertex 1 0
        vertex 2 0
        vertex 2 1
        vertex 1 1
        vertex 0 1
        cell 0 1 4 5
        cell 1 2 3 4
        """;

    [Fact]
    public void File_mesh_of_polygons_merges_collinear_edges_and_builds_a_weak_network()
    {
        FeMesh mesh = FeMeshFile.Parse(Quads, "quads.mesh");
        Assert.Equal(2, mesh.CellCount);

        // x = 0, 1, 2 and y = 0, 1: the bottom and top edges of both squares are collinear.
        Assert.Equal(5, mesh.Hyperplanes.Count);
        Assert.Equal(2.0, mesh.Volume, 1e-14);
        var f = PiecewiseLinearFunction.Interpolate(mesh, x => x[0] * x[0] + x[1], FeSpace.DgP1);
        FeNetwork net = FeNetworkBuilder.TwoHiddenLayer(f);
        Assert.Equal([10, 2], net.Widths);
        FeErrorReport r = FeNetworkCheck.Measure(net, 5_000, 3);
        Assert.True(r.MaxErrorOffBand <= 1e-12);
    }

    [Fact]
    public void Hanging_node_polygon_is_accepted_and_its_collinear_edges_share_a_line()
    {
        const string text = "dimension 2\nvertex 0 0\nvertex 2 0\nvertex 2 1\nvertex 1 1\nvertex 0 1\nvertex 1 2\nvertex 0 2\nvertex 2 2\n" +
            "cell 0 1 2 3 4\ncell 4 3 5 6\ncell 3 2 7 5\n";
        FeMesh mesh = FeMeshFile.Parse(text, "hang.mesh");
        Assert.Equal(6, mesh.Hyperplanes.Count);
        Assert.Equal(4, mesh.Facets(0).Count);
    }

    [Theory]
    [InlineData("dimension 2\nvertex 0 0\nvertex 2 0\nvertex 1 0.2\nvertex 2 2\ncell 0 1 3 2\n", "bad.mesh:6", "not convex")]
    [InlineData("dimension 2\nvertex 0 0\nvertex 1 0\nvertex 1 1\nvertex 0 1\ncell 0 1 2\ncell 0 1 3\n", "bad.mesh:7", "overlaps bad.mesh:6")]
    [InlineData("dimension 2\nvertex 0 0\nvertex 1 0\nvertex 1 1\nvertex 0 1\nvertex 0.5 0.5\ncell 0 1 4\ncell 1 2 4\ncell 2 3 4\n", "bad.mesh:", "gap")]
    [InlineData("dimension 1\nvertex 0\nvertex 1\nvertex 1.5\nvertex 2\ncell 0 1\ncell 2 3\n", "bad.mesh:6", "gap")]
    [InlineData("dimension 1\nvertex 0\nvertex 1\nvertex 0.5\nvertex 2\ncell 0 1\ncell 2 3\n", "bad.mesh:6", "overlaps")]
    [InlineData("dimension 2\nvertex 0 0\nvertex 1 0\ncell 0 1 7\n", "bad.mesh:4", "out of range")]
    [InlineData("dimension 2\nvertex 0 zero\n", "bad.mesh:2", "not a finite number")]
    [InlineData("vertex 0 0\n", "bad.mesh:1", "must come first")]
    [InlineData("dimension 3\n", "bad.mesh:1", "dimension 1")]
    [InlineData("dimension 2\nvertex 0 0\nvertex 1 0\nvertex 2 0\ncell 0 1 2\n", "bad.mesh:5", "zero area")]
    public void Malformed_or_invalid_mesh_files_name_file_and_line(string text, string where, string what)
    {
        var e = Assert.Throws<FormatException>(() => FeMeshFile.Parse(text, "bad.mesh"));
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Theory]
    [InlineData("square:0")]
    [InlineData("square:-3")]
    [InlineData("square:2.5")]
    [InlineData("square:")]
    [InlineData("hexagon:4")]
    public void Bad_mesh_specs_are_rejected(string spec)
    {
        Assert.Throws<ArgumentException>(() => FeMesh.Parse(spec));
    }

    [Fact]
    public void Cells_tile_the_domain_and_locate_finds_the_containing_cell()
    {
        FeMesh mesh = FeMesh.Jitter(5, 2);
        Assert.Equal(mesh.Volume, Enumerable.Range(0, mesh.CellCount).Sum(mesh.CellVolume), 1e-12);
        for (int i = 0; i < mesh.CellCount; i++)
        {
            Assert.Equal(i, mesh.Locate(mesh.Centroid(i)));
        }

        Assert.Equal(-1, mesh.Locate([1.5, 0.5]));
    }
}
