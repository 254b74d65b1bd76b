using System.Text.Json;
using ReluAnalysis.Networks;
using ReluAnalysis.Stability;

namespace ReluAnalysis.Cli.Tests;

public class StabilityCommandTests
{
    [Fact]
    public void Stability_json_has_the_contract_keys_and_the_saved_network_reproduces_them()
    {
        string path = Path.Combine(Path.GetTempPath(), $"stability-{Guid.NewGuid():N}.json");
        try
        {
            JsonElement j = Relu.Json("stability", "--target", "abs", "--n", "12", "--noise", "0.3", "--eta", "0.5", "--steps", "3000", "--width", "20", "--seed", "4", "--save", path, "--json");
            foreach (string key in new[] { "lambdaMax", "twoOverEta", "tvg", "bound", "knots", "loss", "mse", "x", "y", "status" })
            {
                Assert.True(j.TryGetProperty(key, out _), $"missing key {key}");
            }

            Assert.Equal("completed", j.GetProperty("status").GetString());
            Assert.Equal(4.0, j.GetProperty("twoOverEta").GetDouble(), 1e-15);
            double[] x = [.. j.GetProperty("x").EnumerateArray().Select(e => e.GetDouble())];
            double[] y = [.. j.GetProperty("y").EnumerateArray().Select(e => e.GetDouble())];
            Assert.Equal(12, x.Length);
            Assert.Equal(12, y.Length);
            Assert.All(x, v => Assert.InRange(v, -1.0, 1.0));

            // Anyone can recompute the reported quantities from the saved network and the reported data.
            ReluNetwork network = JsonNetworkFormat.Read(path);
            Assert.Equal([1, 20, 1], network.LayerSizes());
            StabilityReport r = StabilityAnalysis.Analyze(UnivariateReluNet.FromNetwork(network), x, y, 0.5);
            Assert.Equal(r.LambdaMax, j.GetProperty("lambdaMax").GetDouble(), 1e-9 * r.LambdaMax);
            Assert.Equal(r.WeightedTotalVariation, j.GetProperty("tvg").GetDouble(), 1e-12);
            Assert.Equal(r.BoundEta!.Value, j.GetProperty("bound").GetDouble(), 1e-12);
            Assert.Equal(r.Knots.EffectiveKnots, j.GetProperty("knots").GetInt32());
            double loss = 0.0;
            for (int i = 0; i < x.Length; i++)
            {
                double e = network.Evaluate([x[i]])[0] - y[i];
                loss += e * e;
            }

            Assert.Equal(loss / (2 * x.Length), j.GetProperty("loss").GetDouble(), 1e-12);
            Assert.True(r.WeightedTotalVariation <= r.BoundLambda);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Stability_reports_divergence_as_a_status_not_as_numbers()
    {
        var (exit, output, _) = Relu.Run("stability", "--eta", "50", "--steps", "2000", "--width", "10", "--n", "10", "--json");
        Assert.Equal(1, exit);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("diverged", j.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("lambdaMax").ValueKind);
        Assert.DoesNotContain("NaN", output);

        var (textExit, text, _) = Relu.Run("stability", "--eta", "50", "--steps", "2000", "--width", "10", "--n", "10");
        Assert.Equal(1, textExit);
        Assert.Contains("diverged", text);
    }

    [Fact]
    public void Stability_plot_writes_a_png_and_text_mode_prints_the_bound()
    {
        string png = Path.Combine(Path.GetTempPath(), $"stability-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, output, _) = Relu.Run("stability", "--target", "step-smooth", "--steps", "2000", "--width", "16", "--plot", png);
            Assert.Equal(0, exit);
            Assert.Contains("TV_g", output);
            Assert.Contains("2/eta = 10", output);
            byte[] head = File.ReadAllBytes(png)[..8];
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData("--eta", "0", "--eta")]
    [InlineData("--eta", "-0.1", "--eta")]
    [InlineData("--eta", "NaN", "--eta")]
    [InlineData("--n", "1", "--n")]
    [InlineData("--width", "0", "--width")]
    [InlineData("--noise", "-0.5", "--noise")]
    [InlineData("--steps", "0", "--steps")]
    [InlineData("--target", "cosh", "--target")]
    public void Stability_bad_input_is_one_line_and_exit_2(string option, string value, string named)
    {
        string[] args = option == "--steps" ? ["stability", option, value] : ["stability", option, value, "--steps", "10"];
        var (exit, output, error) = Relu.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line);
    }
}
