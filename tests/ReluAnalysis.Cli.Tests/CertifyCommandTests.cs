using System.Text.Json;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Cli.Tests;

public class CertifyCommandTests
{
    private static List<(double[][] A, double[] B)> Pieces(JsonElement j) =>
        j.GetProperty("pieces").EnumerateArray().Select(p => (
            p.GetProperty("A").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray(),
            p.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToList();

    private static bool Inside((double[][] A, double[] B) piece, double[] x) =>
        piece.A.Select((row, i) => row.Zip(x, (a, v) => a * v).Sum() <= piece.B[i]).All(ok => ok);

    [Fact]
    public void Diamond_json_pieces_are_exactly_the_unit_diamond()
    {
        JsonElement j = Relu.Json("certify", "--system", "diamond-node", "--json");
        Assert.Equal("certified", j.GetProperty("status").GetString());
        Assert.Equal(4, j.GetProperty("pieces").GetArrayLength());
        Assert.Equal(2.0, j.GetProperty("volume").GetDouble(), 9);
        Assert.True(j.GetProperty("regions").GetInt64() >= 4);
        Assert.True(j.GetProperty("lps").GetInt64() > 0);
        Assert.True(j.GetProperty("seconds").GetDouble() >= 0);
        Assert.All(j.GetProperty("pieces").EnumerateArray(), p => Assert.Matches("^[01]{4}$", p.GetProperty("pattern").GetString()));

        // Re-check without the library: a point is in the set iff it satisfies some piece's rows.
        var pieces = Pieces(j);
        var rng = new Random(4);
        for (int i = 0; i < 4000; i++)
        {
            double[] x = [4 * rng.NextDouble() - 2, 4 * rng.NextDouble() - 2];
            double norm = Math.Abs(x[0]) + Math.Abs(x[1]);
            if (Math.Abs(norm - 1) < 1e-9)
            {
                continue;
            }

            Assert.Equal(norm < 1, pieces.Any(p => Inside(p, x)));
        }
    }

    [Fact]
    public void Rotation_is_not_certified_with_exit_1_and_a_witness()
    {
        var (exit, output, _) = Relu.Run("certify", "--system", "diamond-rotation", "--json");
        Assert.Equal(1, exit);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("not-certified", j.GetProperty("status").GetString());
        Assert.Equal(0, j.GetProperty("pieces").GetArrayLength());
        Assert.Equal(2, j.GetProperty("witness").GetArrayLength());
        Assert.Equal("BoundaryNotDecreasing", j.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Unsafe_overlap_fails_and_shrink_certifies_above_one_half()
    {
        Assert.Equal(1, Relu.Run("certify", "--system", "unsafe-overlap").Exit);
        JsonElement j = Relu.Json("certify", "--system", "unsafe-overlap", "--shrink", "--json");
        Assert.InRange(j.GetProperty("level").GetDouble(), 0.5, 0.502);
    }

    [Fact]
    public void Two_diamonds_text_and_plot()
    {
        string png = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-barrier.png");
        try
        {
            var (exit, output, _) = Relu.Run("certify", "--system", "two-diamonds", "--plot", png);
            Assert.Equal(0, exit);
            Assert.Contains("certified", output);
            Assert.True(new FileInfo(png).Length > 1000);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void Bad_input_exits_2_with_one_line()
    {
        var cases = new[]
        {
            new[] { "certify", "--system", "nope" },
            ["certify", "--system", "diamond-node", "--cells", "0"],
            ["certify", "--system", "diamond-node", "--threads", "0"],
            ["certify", "--system", "skew3", "--plot", "x.png"],
            ["certify", "--system", "darboux", "--barrier", "/no/such/file.json"],
            ["certify"],
        };
        foreach (string[] args in cases)
        {
            var (exit, _, error) = Relu.Run(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)} exited {exit}");
            Assert.StartsWith("relu:", error.Trim());
        }

        // A barrier of the wrong input dimension.
        string file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-b3.json");
        try
        {
            JsonNetworkFormat.Write(ReluNetwork.Random([3, 4, 1], 1), file);
            var (exit, _, error) = Relu.Run("certify", "--system", "darboux", "--barrier", file);
            Assert.Equal(2, exit);
            Assert.Contains("barrier", error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
