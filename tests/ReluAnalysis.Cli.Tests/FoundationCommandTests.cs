using System.Text.Json;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Cli.Tests;

public class FoundationCommandTests
{
    private static readonly string Acas11 = Relu.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet");

    [Fact]
    public void Info_json_has_the_contract_keys()
    {
        JsonElement j = Relu.Json("info", Acas11, "--json");
        Assert.Equal(5, j.GetProperty("inputs").GetInt32());
        Assert.Equal(5, j.GetProperty("outputs").GetInt32());
        Assert.Equal(Enumerable.Repeat(50, 6), j.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(13_305, j.GetProperty("parameters").GetInt32());
        Assert.Equal(373.94992, j.GetProperty("normalization").GetProperty("outputRange").GetDouble());
    }

    [Fact]
    public void Info_reads_onnx_through_the_reader_the_onnx_package_registers()
    {
        string onnx = Path.Combine(Relu.RepoRoot, "tests", "ReluAnalysis.Onnx.Tests", "data", "onnx", "normalised_mlp.onnx");
        JsonElement j = Relu.Json("info", onnx, "--json");
        Assert.Equal("onnx", j.GetProperty("format").GetString());
        Assert.Equal(4, j.GetProperty("inputs").GetInt32());
        Assert.Equal([8, 6], j.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(3, j.GetProperty("outputs").GetInt32());
    }

    [Fact]
    public void Eval_json_gives_outputs_and_patterns_of_the_network()
    {
        ReluNetwork net = NnetFormat.Read(Acas11);
        double[] x = [0.1, -0.2, 0.3, 0.0, 0.1];
        JsonElement j = Relu.Json("eval", Acas11, "--input", "0.1,-0.2,0.3,0,0.1", "--patterns", "--json");
        Assert.Equal(net.Evaluate(x), j.GetProperty("outputs").EnumerateArray().Select(e => e.GetDouble()));
        var p = net.PatternAt(x);
        Assert.Equal(Enumerable.Range(0, 6).Select(p.ToBitString), j.GetProperty("patterns").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Eval_normalize_applies_the_nnet_semantics()
    {
        JsonElement j = Relu.Json("eval", Acas11, "--input", "1,1,1,100,1", "--normalize", "--json");
        double[] y = j.GetProperty("outputs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] expected = [270.9496180507633, 280.8974763003331, 274.5525477628152, 288.1007100693911, 256.1803773657496];
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i], y[i], 1e-9);
        }
    }

    [Fact]
    public void Eval_reads_a_csv_of_inputs()
    {
        string csv = Path.Combine(Path.GetTempPath(), $"inputs-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(csv, ["0,0,0,0,0", "# comment", "0.1,0.1,0.1,0.1,0.1"]);
        try
        {
            JsonElement j = Relu.Json("eval", Acas11, "--inputs", csv, "--json");
            Assert.Equal(2, j.GetProperty("outputs").GetArrayLength());
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Theory]
    [InlineData("eval|{net}|--input|1,2,3", "input 0 has 3 values; the network expects 5")]
    [InlineData("eval|{net}|--input|1,NaN,3,4,5", "is not a finite number")]
    [InlineData("eval|missing.nnet|--input|1", "does not exist")]
    [InlineData("info|{net}|--no-such-flag", "--no-such-flag")]
    public void Bad_input_exits_2_with_one_line_and_no_stack_trace(string args, string message)
    {
        var (exit, _, err) = Relu.Run(args.Replace("{net}", Acas11).Split('|'));
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Tour_runs_every_step_and_succeeds()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"tour-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, err) = Relu.Run("tour", "--out", dir);
            Assert.True(exit == 0, err);
            Assert.Contains("f(1, 1, 1, 100, 1) = [270.94961805, 280.89747630, 274.55254776, 288.10071007, 256.18037737]", output);
            Assert.Contains("Tour finished", output);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
