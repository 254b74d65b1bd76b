using System.Globalization;
using System.Text.Json;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Arrangements;

namespace ReluAnalysis.Cli.Tests;

public sealed class RegionsCommandTests : IDisposable
{
    private readonly List<string> _temporary = [];

    public void Dispose()
    {
        foreach (string path in _temporary)
        {
            File.Delete(path);
        }
    }

    private string Temp(string name, string? text = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        _temporary.Add(path);
        if (text is not null)
        {
            File.WriteAllText(path, text);
        }

        return path;
    }

    [Fact]
    public void Arrangement_json_counts_concurrent_lines_and_reports_a_duplicate()
    {
        // x = 0, y = 0, x − y = 0 through the origin: 6 cells; the fourth row repeats the first scaled by 2.
        string csv = Temp("lines.csv", "1,0,0\n0,1,0\n1,-1,0\n2,0,0\n");
        JsonElement j = Relu.Json("arrangement", csv, "--box", "-1:1,-1:1", "--json");
        Assert.Equal(6, j.GetProperty("cells").GetInt32());
        Assert.Equal(1, j.GetProperty("removed").GetInt32());
        ArrangementResult library = ArrangementEnumerator.Enumerate(HyperplaneArrangement.ReadCsv(csv), Box.Parse("-1:1,-1:1"));
        Assert.Equal(library.Lp.Solved, j.GetProperty("lps").GetInt64());
        Assert.Equal(library.Lp.Skipped, j.GetProperty("lpsSkipped").GetInt64());
        Assert.True(library.Lp.Solved + library.Lp.Skipped > 0);
        Assert.Equal(JsonValueKind.Number, j.GetProperty("seconds").ValueKind);
    }

    [Fact]
    public void Arrangement_of_a_grid_has_the_product_count()
    {
        // x = 1, 2, 3 and y = 1, 2 inside [0, 10]²: (3 + 1)(2 + 1) cells.
        string csv = Temp("grid.csv", "1,0,-1\n1,0,-2\n1,0,-3\n0,1,-1\n0,1,-2\n");
        Assert.Equal(12, Relu.Json("arrangement", csv, "--box", "0:10,0:10", "--json").GetProperty("cells").GetInt32());
    }

    [Fact]
    public void Regions_of_a_one_hidden_layer_network_equal_its_arrangement_cells()
    {
        ReluNetwork net = ReluNetwork.Random([2, 9, 1], seed: 5);
        string path = Temp("net.json");
        JsonNetworkFormat.Write(net, path);
        DenseLayer hidden = net.Layers[0];
        string csv = Temp("hidden.csv", string.Join("\n", Enumerable.Range(0, hidden.Outputs).Select(i =>
            string.Join(",", hidden.Row(i).ToArray().Append(hidden.Bias[i]).Select(v => v.ToString("R", CultureInfo.InvariantCulture))))));

        JsonElement regions = Relu.Json("regions", path, "--box", "-1:1,-1:1", "--json");
        JsonElement cells = Relu.Json("arrangement", csv, "--box", "-1:1,-1:1", "--json");
        Assert.Equal("complete", regions.GetProperty("status").GetString());
        Assert.Equal(cells.GetProperty("cells").GetInt32(), regions.GetProperty("regions").GetInt32());
        Assert.True(regions.GetProperty("lps").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Number, regions.GetProperty("seconds").ValueKind);
    }

    [Fact]
    public void Regions_limit_ends_with_a_status()
    {
        string path = Temp("net.json");
        JsonNetworkFormat.Write(ReluNetwork.Random([2, 16, 16, 1], seed: 3), path);
        JsonElement j = Relu.Json("regions", path, "--box", "-1:1,-1:1", "--max-regions", "5", "--json");
        Assert.Equal("limit", j.GetProperty("status").GetString());
        Assert.InRange(j.GetProperty("regions").GetInt32(), 1, 5);
    }

    [Theory]
    [InlineData("regions|{acas}|--box|0:1,0:1", "--box")]
    [InlineData("regions|{acas}|--box|1:0,0:1,0:1,0:1,0:1", "lo ≤ hi")]
    [InlineData("arrangement|missing.csv|--box|0:1", "does not exist")]
    public void Bad_regions_input_exits_2(string args, string message)
    {
        string acas = Relu.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet");
        var (exit, _, err) = Relu.Run(args.Replace("{acas}", acas).Split('|'));
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
    }
}

public class RegionsFixedSideTests
{
    [Fact]
    public void Regions_accepts_a_fixed_side_and_counts_the_slice_and_rejects_lower_above_upper()
    {
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-net.json");
        JsonNetworkFormat.Write(ReluNetwork.Random([3, 8, 1], seed: 5), path);
        string plot = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-slice.png");
        try
        {
            JsonElement fixedSide = Relu.Json("regions", path, "--box", "-1:1,0.2:0.2,-1:1", "--json", "--plot", plot);
            JsonElement slice = Relu.Json("regions", path, "--box", "-1:1,-1:1", "--slice", "0,2", "--at", "0,0.2,0", "--json");
            Assert.Equal(slice.GetProperty("regions").GetInt32(), fixedSide.GetProperty("regions").GetInt32());
            Assert.True(File.Exists(plot));
            var (exit, _, err) = Relu.Run("regions", path, "--box", "-1:1,0.3:0.2,-1:1", "--json");
            Assert.Equal(2, exit);
            Assert.Contains("lo ≤ hi", err);
        }
        finally
        {
            File.Delete(path);
            File.Delete(plot);
        }
    }
}
