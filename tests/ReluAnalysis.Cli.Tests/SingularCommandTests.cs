using System.Text.Json;
using ReluAnalysis.Networks;
using ReluAnalysis.SingularPerturbation;

namespace ReluAnalysis.Cli.Tests;

public class SingularCommandTests
{
    [Fact]
    public void Singular_json_has_the_contract_keys_and_epsilon_robust_errors()
    {
        JsonElement a = Relu.Json("singular", "--eps", "1e-6", "--mesh", "shishkin:64", "--json");
        JsonElement b = Relu.Json("singular", "--eps", "1e-8", "--mesh", "shishkin:64", "--json");
        Assert.Equal(1e-6, a.GetProperty("eps").GetDouble());
        Assert.Equal("shishkin:64", a.GetProperty("mesh").GetString());
        Assert.Equal(64, a.GetProperty("neurons").GetInt32());
        foreach (string key in new[] { "maxError", "balancedError" })
        {
            Assert.Equal(a.GetProperty(key).GetDouble(), b.GetProperty(key).GetDouble(), a.GetProperty(key).GetDouble() * 1e-2);
        }

        // Energy norm ∝ sqrt(eps) while the layers dominate (below ~1e-6 the eps-independent error next to the transition point takes over).
        double e3 = Relu.Json("singular", "--eps", "1e-3", "--mesh", "shishkin:64", "--json").GetProperty("energyError").GetDouble();
        double e5 = Relu.Json("singular", "--eps", "1e-5", "--mesh", "shishkin:64", "--json").GetProperty("energyError").GetDouble();
        Assert.InRange(e3 / e5, 9, 11);
    }

    [Fact]
    public void Singular_hp_network_is_saved_and_reproduces_the_reported_max_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"singular-{Guid.NewGuid():N}.json");
        try
        {
            JsonElement j = Relu.Json("singular", "--eps", "1e-4", "--mesh", "hp:4", "--save", path, "--json");
            ReluNetwork net = NetworkFile.Load(path);
            Assert.Equal(j.GetProperty("neurons").GetInt32(), net.HiddenNeuronCount);
            double max = 0;
            for (int i = 0; i <= 4000; i++)
            {
                double x = i < 2000 ? -1 + 4e-4 * i / 2000 : -1 + 2.0 * (i - 2000) / 2000;
                max = Math.Max(max, Math.Abs(net.Evaluate([x])[0] - ReactionDiffusionProblem.ClosedForm(x, 1e-4)));
            }

            // The reported max uses 200 points per element (spec B.4); a finer sampling can only find a little more.
            double reported = j.GetProperty("maxError").GetDouble();
            Assert.InRange(max, 0.95 * reported, 1.1 * reported);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Singular_uniform_mesh_is_not_robust()
    {
        JsonElement j = Relu.Json("singular", "--eps", "1e-6", "--mesh", "uniform:128", "--json");
        Assert.True(j.GetProperty("maxError").GetDouble() > 0.5);
    }

    [Fact]
    public void Singular_plot_writes_a_png()
    {
        string png = Path.Combine(Path.GetTempPath(), $"singular-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, output, err) = Relu.Run("singular", "--eps", "1e-3", "--mesh", "shishkin:16", "--plot", png);
            Assert.True(exit == 0, err);
            Assert.Contains("balanced error", output);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(png)[..4]);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData("--eps", "0")]
    [InlineData("--eps", "-1e-3")]
    [InlineData("--eps", "1.5")]
    [InlineData("--eps", "NaN")]
    [InlineData("--eps", "abc")]
    [InlineData("--mesh", "shishkin:30")]
    [InlineData("--mesh", "shishkin:0")]
    [InlineData("--mesh", "uniform:-8")]
    [InlineData("--mesh", "uniform:2.5")]
    [InlineData("--mesh", "hp:0")]
    [InlineData("--mesh", "bakhvalov:16")]
    [InlineData("--squaring-depth", "0")]
    [InlineData("--save", "net.txt")]
    public void Singular_bad_input_exits_2_with_one_line(string option, string value)
    {
        var (exit, _, err) = Relu.Run("singular", option, value);
        Assert.Equal(2, exit);
        Assert.Single(err.Trim().Split('\n'));
    }
}
