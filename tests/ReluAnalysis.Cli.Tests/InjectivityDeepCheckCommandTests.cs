using System.Text.Json;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Cli.Tests;

public sealed class InjectivityDeepCheckCommandTests : IDisposable
{
    private readonly List<string> _files = [];

    public void Dispose()
    {
        foreach (string f in _files)
        {
            File.Delete(f);
        }
    }

    private string Save(ReluNetwork net)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-net.json");
        JsonNetworkFormat.Write(net, path);
        _files.Add(path);
        return path;
    }

    /// <summary>x ↦ ReLU(B ReLU([I; −I] x)) on R^3; B = [I; −I] keeps x⁺, x⁻ (injective), B = [I I] gives |x| (not).</summary>
    private static ReluNetwork TwoLayer(bool absolute)
    {
        var w1 = new double[18];
        for (int i = 0; i < 3; i++)
        {
            w1[i * 3 + i] = 1;
            w1[(3 + i) * 3 + i] = -1;
        }

        int m2 = absolute ? 3 : 12;
        var w2 = new double[m2 * 6];
        for (int i = 0; i < (absolute ? 3 : 6); i++)
        {
            if (absolute)
            {
                w2[i * 6 + i] = 1;
                w2[i * 6 + 3 + i] = 1;
            }
            else
            {
                w2[i * 6 + i] = 1;
                w2[(6 + i) * 6 + i] = -1;
            }
        }

        return DeepInjectivityChecker.AsNetwork([new DenseLayer(6, 3, w1, new double[6]), new DenseLayer(m2, 6, w2, new double[m2])]);
    }

    [Fact]
    public void Injective_network_exits_0_with_the_json_contract()
    {
        string path = Save(TwoLayer(absolute: false));
        var (exit, output, error) = Relu.Run("injectivity", "deep-check", path, "--json");
        Assert.True(exit == 0, error);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("injective", j.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("witness").ValueKind);
        Assert.Equal(8, j.GetProperty("regions").GetInt32());
        Assert.True(j.GetProperty("lps").GetInt64() > 0);
        Assert.True(j.GetProperty("seconds").GetDouble() > 0);
    }

    [Fact]
    public void Absolute_value_network_exits_1_with_a_replayable_witness()
    {
        ReluNetwork net = TwoLayer(absolute: true);
        var (exit, output, error) = Relu.Run("injectivity", "deep-check", Save(net), "--json");
        Assert.True(exit == 1, error);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("not-injective", j.GetProperty("result").GetString());
        double[][] w = j.GetProperty("witness").EnumerateArray().Select(p => p.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.Equal(2, w.Length);
        Assert.True(w[0].Zip(w[1], (a, b) => Math.Abs(a - b)).Max() > 1e-3, "the witness points coincide");
        double[] f = net.Evaluate(w[0]), g = net.Evaluate(w[1]);
        Assert.True(f.Zip(g, (a, b) => Math.Abs(a - b)).Max() < 1e-9, "f(x) != f(x')");
    }

    [Theory]
    [InlineData("--timeout", "-1", "--timeout")]
    [InlineData("--timeout", "nan", "--timeout")]
    [InlineData("--box", "-1:1,-1:1", "--box")]
    [InlineData("--box", "1:-1,0:1,0:1", "1:-1")]
    public void Bad_arguments_exit_2_naming_the_argument(string option, string value, string named)
    {
        var (exit, _, error) = Relu.Run("injectivity", "deep-check", Save(TwoLayer(absolute: true)), option, value);
        Assert.Equal(2, exit);
        Assert.Contains(named, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void A_missing_network_file_exits_2()
    {
        var (exit, _, error) = Relu.Run("injectivity", "deep-check", "/nonexistent/net.json");
        Assert.Equal(2, exit);
        Assert.Contains("net.json", error);
    }

    [Fact]
    public void Deep_monte_carlo_in_three_dimensions_is_zero_below_twice_the_input_dimension()
    {
        // m1 = 5 < 2n = 6: the first layer is never injective, so no two-layer net is (a closed-form fact).
        JsonElement j = Relu.Json("injectivity", "deep", "--n", "3", "--m1", "5", "--alphas", "1,2", "--trials", "6", "--json");
        Assert.Equal(3, j.GetProperty("n").GetInt32());
        JsonElement[] points = j.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(2, points.Length);
        foreach (JsonElement p in points)
        {
            Assert.Equal(0.0, p.GetProperty("probability").GetDouble());
            Assert.Equal(6, p.GetProperty("trials").GetInt32());
            Assert.Equal(0.0, p.GetProperty("wilson95")[0].GetDouble(), 1e-12);
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("5")]
    public void Deep_rejects_an_input_dimension_outside_two_to_four(string n)
    {
        var (exit, _, error) = Relu.Run("injectivity", "deep", "--n", n, "--trials", "2");
        Assert.Equal(2, exit);
        Assert.Contains("--n", error);
    }
}
