using System.Text.Json;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Cli.Tests;

public class VerifyCommandTests
{
    private static string Acas(string name) => Relu.Data("acasxu", name);

    private static string Temp(string name, string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Violated_json_has_the_contract_keys_exit_1_and_a_replaying_counterexample()
    {
        string net = Acas("ACASXU_run2a_1_7_batch_2000.nnet");
        var (exit, output, error) = Relu.Run("verify", net, Acas("prop_3.vnnlib"), "--json");
        Assert.True(exit == 1, $"exit {exit}: {error}");
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("violated", j.GetProperty("result").GetString());
        double[] x = j.GetProperty("counterexample").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        double[] y = j.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(5, x.Length);
        double[] replay = NetworkFile.Load(net).Evaluate(x);
        Assert.Equal(replay, y);

        // φ3: COC (y0) is minimal.
        Assert.True(y.Skip(1).All(v => y[0] <= v));
        Assert.True(j.GetProperty("regions").GetInt64() >= 0);
        Assert.True(j.GetProperty("lps").GetInt64() >= 0);
        Assert.True(j.GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Holds_exits_0_with_null_counterexample()
    {
        var (exit, output, error) = Relu.Run("verify", Acas("ACASXU_run2a_1_7_batch_2000.nnet"), Acas("prop_1.vnnlib"), "--json", "--threads", "1");
        Assert.True(exit == 0, $"exit {exit}: {error}");
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("holds", j.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("counterexample").ValueKind);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("output").ValueKind);
        Assert.True(j.GetProperty("regions").GetInt64() > 0);
    }

    /// <summary>1_1 φ3 holds either way: with region leaves (the default) some boxes are decided by their linear regions; with `--region-leaf 0 --region-depth 1000000` none is.</summary>
    [Fact]
    public void Region_leaf_flags_switch_region_leaves_and_keep_the_verdict()
    {
        string net = Acas("ACASXU_run2a_1_1_batch_2000.nnet"), prop = Acas("prop_3.vnnlib");
        var (exit, output, error) = Relu.Run("verify", net, prop, "--json");
        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("linearRegions").GetInt64() > 0);
        (exit, output, error) = Relu.Run("verify", net, prop, "--json", "--region-leaf", "0", "--region-depth", "1000000");
        Assert.True(exit == 0, $"exit {exit}: {error}");
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("holds", j.GetProperty("result").GetString());
        Assert.Equal(0, j.GetProperty("linearRegions").GetInt64());
    }

    [Fact]
    public void Tiny_timeout_gives_unknown_and_exit_3()
    {
        var (exit, output, _) = Relu.Run("verify", Acas("ACASXU_run2a_1_1_batch_2000.nnet"), Acas("prop_3.vnnlib"), "--json", "--timeout", "0.001");
        Assert.Equal(3, exit);
        Assert.Equal("unknown", JsonDocument.Parse(output).RootElement.GetProperty("result").GetString());
    }

    [Fact]
    public void Instances_csv_runs_each_line_relative_to_the_csv_and_writes_results()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-bench");
        Directory.CreateDirectory(dir);
        try
        {
            File.Copy(Acas("ACASXU_run2a_1_9_batch_2000.nnet"), Path.Combine(dir, "n.nnet"));
            File.Copy(Acas("prop_4.vnnlib"), Path.Combine(dir, "p4.vnnlib"));
            File.Copy(Acas("ACASXU_run2a_1_7_batch_2000.nnet"), Path.Combine(dir, "m.nnet"));
            File.Copy(Acas("prop_1.vnnlib"), Path.Combine(dir, "p1.vnnlib"));
            File.WriteAllText(Path.Combine(dir, "instances.csv"), "n.nnet,p4.vnnlib,60\nm.nnet,p1.vnnlib,60\n");
            string results = Path.Combine(dir, "results.csv");
            var (exit, _, error) = Relu.Run("verify", "--instances", Path.Combine(dir, "instances.csv"), "--output", results);
            Assert.True(exit == 0, $"exit {exit}: {error}");
            string[] lines = File.ReadAllLines(results);
            Assert.Equal("network,property,result,seconds", lines[0]);
            Assert.StartsWith("n,p4,violated,", lines[1]);
            Assert.StartsWith("m,p1,holds,", lines[2]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_shipped_acasxu_instances_csv_lists_186_instances_that_resolve_beside_the_repository()
    {
        string csv = Relu.Data("acasxu", "instances.csv");
        string[] lines = File.ReadAllLines(csv).Where(l => l.Length > 0).ToArray();
        Assert.Equal(186, lines.Length);
        Assert.Equal(45, lines.Count(l => l.Contains("prop_1.vnnlib")));
        Assert.Single(lines, l => l.Contains("1_9_batch_2000.onnx") && l.Contains("prop_7.vnnlib"));
        string root = Path.GetDirectoryName(csv)!;
        if (Directory.Exists(Path.Combine(Relu.RepoRoot, "..", "shared", "data", "acasxu")))
        {
            Assert.All(lines, l => Assert.All(l.Split(',').Take(2), p => Assert.True(File.Exists(Path.Combine(root, p)), p)));
        }
    }

    [Theory]
    [InlineData("--timeout", "0", "--timeout")]
    [InlineData("--timeout", "-3", "--timeout")]
    [InlineData("--timeout", "NaN", "--timeout")]
    [InlineData("--threads", "-1", "--threads")]
    [InlineData("--threads", "1000", "--threads")]
    [InlineData("--region-leaf", "-1", "--region-leaf")]
    [InlineData("--region-depth", "-2", "--region-depth")]
    public void Bad_numbers_exit_2_naming_the_argument(string option, string value, string named)
    {
        var (exit, _, error) = Relu.Run("verify", Acas("ACASXU_run2a_1_1_batch_2000.nnet"), Acas("prop_1.vnnlib"), option, value);
        Assert.Equal(2, exit);
        Assert.Contains(named, error);
    }

    [Fact]
    public void Bad_inputs_exit_2_with_a_one_line_reason()
    {
        string bad = Temp("bad.vnnlib", "(declare-const X_0 Real)\n(assert (<= X_0 1)\n");
        string tooFew = Temp("two.vnnlib", "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(assert (<= X_0 1))(assert (>= X_0 0))(assert (<= X_1 1))(assert (>= X_1 0))(assert (<= Y_0 0))\n");
        string badCsv = Temp("instances.csv", "a.onnx,b.vnnlib\n");
        try
        {
            string net = Acas("ACASXU_run2a_1_1_batch_2000.nnet");
            var (e1, _, m1) = Relu.Run("verify", net, bad);
            Assert.Equal(2, e1);
            Assert.Contains(":2:1:", m1);
            var (e2, _, m2) = Relu.Run("verify", net, tooFew);
            Assert.Equal(2, e2);
            Assert.Contains("2 inputs", m2);
            Assert.Equal(2, Relu.Run("verify", net, Acas("no-such.vnnlib")).Exit);
            Assert.Equal(2, Relu.Run("verify", net).Exit);
            var (e3, _, m3) = Relu.Run("verify", "--instances", badCsv);
            Assert.Equal(2, e3);
            Assert.Contains(":1:", m3);
            Assert.Equal(2, Relu.Run("verify", net, Acas("prop_1.vnnlib"), "--instances", badCsv).Exit);
        }
        finally
        {
            File.Delete(bad);
            File.Delete(tooFew);
            File.Delete(badCsv);
        }
    }
}
