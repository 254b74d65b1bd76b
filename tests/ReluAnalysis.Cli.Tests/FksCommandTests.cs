using System.Text.Json;
using ReluAnalysis.Networks;
using ReluAnalysis.Splines;

namespace ReluAnalysis.Cli.Tests;

public class FksCommandTests
{
    [Fact]
    public void Fks_json_has_the_contract_keys_and_the_equidistributed_knots()
    {
        JsonElement j = Relu.Json("fks", "--target", "x^(2/3)", "--knots", "16", "--json");
        double[] knots = [.. j.GetProperty("knots").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(17, knots.Length);
        for (int i = 0; i <= 16; i++)
        {
            Assert.Equal(Math.Pow(i / 16.0, 15.0 / 7.0), knots[i], 1e-10);
        }

        Assert.Equal(5.256e-4, j.GetProperty("l2").GetDouble(), 5.256e-4 * 1e-3);
        Assert.True(j.GetProperty("linf").GetDouble() >= j.GetProperty("l2").GetDouble());
        Assert.Equal(JsonValueKind.Number, j.GetProperty("seconds").ValueKind);
    }

    [Theory]
    [InlineData("fks")]
    [InlineData("relu-precond")]
    [InlineData("relu-adam")]
    [InlineData("relu-equi")]
    public void Fks_methods_report_the_error_of_the_saved_network(string method)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fks-{Guid.NewGuid():N}.json");
        try
        {
            JsonElement j = Relu.Json("fks", "--target", "tanh100", "--knots", "8", "--method", method, "--epochs", "200", "--save", path, "--json");
            ReluNetwork net = NetworkFile.Load(path);
            Assert.Equal([1, 8, 1], net.LayerSizes());
            double l2 = SplineError.L2(ReluSplineMap.ToSpline(net), Targets.Tanh100);
            Assert.Equal(l2, j.GetProperty("l2").GetDouble(), l2 * 1e-9);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fks_plot_writes_a_png()
    {
        string png = Path.Combine(Path.GetTempPath(), $"fks-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, output, _) = Relu.Run("fks", "--target", "gauss100", "--knots", "12", "--plot", png);
            Assert.Equal(0, exit);
            Assert.Contains("L2 error", output);
            byte[] head = File.ReadAllBytes(png)[..8];
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData("--target", "nope")]
    [InlineData("--knots", "0")]
    [InlineData("--method", "lbfgs")]
    public void Fks_bad_input_exits_2(string option, string value)
    {
        var (exit, _, _) = Relu.Run("fks", option, value);
        Assert.Equal(2, exit);
    }
}
