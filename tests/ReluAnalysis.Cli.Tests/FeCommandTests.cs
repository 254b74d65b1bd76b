using System.Text.Json;
using ReluAnalysis.FiniteElements;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Cli.Tests;

public class FeCommandTests
{
    [Fact]
    public void Fe_json_has_the_contract_keys_and_formula_widths()
    {
        JsonElement j = Relu.Json("fe", "--mesh", "square:8", "--function", "sinsin", "--dg", "--k", "1e9", "--json");
        Assert.Equal(33, j.GetProperty("lines").GetInt32());
        Assert.Equal(128, j.GetProperty("cells").GetInt32());
        Assert.Equal([66, 128], j.GetProperty("widths").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1e9, j.GetProperty("k").GetDouble());
        Assert.True(j.GetProperty("maxErrorOffBand").GetDouble() <= 1e-12);
        Assert.True(j.GetProperty("bandFraction").GetDouble() <= 1e-3);
        Assert.True(j.GetProperty("l1Error").GetDouble() < 1e-6);
    }

    [Fact]
    public void Fe_saved_network_evaluates_to_the_interpolant()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fe-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, _, err) = Relu.Run("fe", "--mesh", "jitter:4", "--function", "peak", "--save", path);
            Assert.True(exit == 0, err);
            ReluNetwork net = NetworkFile.Load(path);
            var f = PiecewiseLinearFunction.Interpolate(FeMesh.Jitter(4, 1), FeFunctions.Get("peak"), FeSpace.P1);
            Assert.Equal(f.Evaluate([0.3, 0.41]), net.Evaluate([0.3, 0.41])[0], 1e-12);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("interval:16")]
    [InlineData("square:3")]
    public void Fe_plot_writes_a_png(string mesh)
    {
        string png = Path.Combine(Path.GetTempPath(), $"fe-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, output, err) = Relu.Run("fe", "--mesh", mesh, "--dg", "--plot", png);
            Assert.True(exit == 0, err);
            Assert.Contains("widths", output);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(png)[..4]);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void Fe_exact_one_dimensional_network()
    {
        JsonElement j = Relu.Json("fe", "--mesh", "interval-random:12", "--exact", "--json");
        Assert.Equal([12], j.GetProperty("widths").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(JsonValueKind.Null, j.GetProperty("k").ValueKind);
        Assert.True(j.GetProperty("maxErrorOffBand").GetDouble() <= 1e-12);
    }

    [Theory]
    [InlineData("--mesh", "square:0")]
    [InlineData("--mesh", "square:x")]
    [InlineData("--mesh", "square:-2")]
    [InlineData("--mesh", "circle:4")]
    [InlineData("--mesh", "file:/nonexistent/mesh.txt")]
    [InlineData("--function", "nope")]
    [InlineData("--k", "0")]
    [InlineData("--k", "-1e3")]
    [InlineData("--k", "NaN")]
    [InlineData("--samples", "0")]
    [InlineData("--save", "net.txt")]
    public void Fe_bad_input_exits_2_with_one_line(string option, string value)
    {
        var (exit, _, err) = Relu.Run("fe", option, value);
        Assert.Equal(2, exit);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Fe_bad_mesh_file_names_file_and_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fe-{Guid.NewGuid():N}.mesh");
        try
        {
            File.WriteAllText(path, "dimension 2\nvertex 0 0\nvertex 1 0\nvertex 1 1\nvertex 0 1\ncell 0 1 2\ncell 0 1 3\n");
            var (exit, _, err) = Relu.Run("fe", "--mesh", $"file:{path}", "--dg");
            Assert.Equal(2, exit);
            Assert.Contains($"{path}:7", err);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
