using System.Text.Json;
using ReluAnalysis.Networks;
using ReluAnalysis.NullSpace;

namespace ReluAnalysis.Cli.Tests;

public class StegoCommandTests
{
    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double MaxAbsDiff(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [Fact]
    public void Stego_json_is_the_exact_embedding_of_the_saved_network_and_local_keeps_the_pattern()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"stego-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string netPath = Path.Combine(dir, "net.json");
            JsonElement j = Relu.Json("stego", "--cover", "10", "--hidden", "23", "--json", "--save-network", netPath);
            ReluNetwork net = NetworkFile.Load(netPath);
            Assert.Equal([64, 16, 16, 10], net.LayerSizes());
            Assert.Equal(16, j.GetProperty("rank").GetInt32());
            Assert.Equal(48, j.GetProperty("nullDim").GetInt32());
            Assert.Equal(JsonValueKind.Null, j.GetProperty("keptFraction").ValueKind);

            // Recompute from the saved network: S = P_N C + P_R H and f(S) = f(H).
            double[] c = Doubles(j.GetProperty("cover")), h = Doubles(j.GetProperty("hidden")), s = Doubles(j.GetProperty("stego"));
            var split = NullSpaceProjector.ForFirstLayer(net);
            Assert.True(MaxAbsDiff(Steganography.Embed(split, c, h), s) <= 1e-15);
            Assert.True(MaxAbsDiff(net.Evaluate(s), net.Evaluate(h)) <= 1e-9);
            Assert.Equal(net.Evaluate(s), Doubles(j.GetProperty("logitsStego")));
            Assert.Equal(net.Evaluate(h), Doubles(j.GetProperty("logitsHidden")));
            Assert.True(j.GetProperty("maxLogitDiff").GetDouble() <= 1e-9);
            Assert.Equal(j.GetProperty("classHidden").GetInt32(), j.GetProperty("classStego").GetInt32());
            Assert.Equal(ImageQuality.Psnr(c, s), j.GetProperty("psnrStegoCover").GetDouble(), 1e-12);

            // The same network given back by file gives the same answer; --local keeps pattern and logits.
            JsonElement again = Relu.Json("stego", "--network", netPath, "--cover", "10", "--hidden", "23", "--json");
            Assert.Equal(s, Doubles(again.GetProperty("stego")));
            JsonElement local = Relu.Json("stego", "--network", netPath, "--cover", "10", "--hidden", "23", "--local", "--json");
            double[] sl = Doubles(local.GetProperty("stego"));
            Assert.Equal(net.PatternAt(h), net.PatternAt(sl));
            Assert.True(MaxAbsDiff(net.Evaluate(sl), net.Evaluate(h)) <= 1e-9);
            Assert.True(local.GetProperty("localNullDim").GetInt32() >= 54);
            Assert.True(local.GetProperty("psnrStegoCover").GetDouble() >= j.GetProperty("psnrStegoCover").GetDouble() - 1e-12);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Stego_pairs_report_the_blended_kept_fraction_and_plot_writes_a_png()
    {
        string png = Path.Combine(Path.GetTempPath(), $"stego-{Guid.NewGuid():N}.png");
        try
        {
            JsonElement j = Relu.Json("stego", "--pairs", "100", "--alpha", "0.65", "--plot", png, "--local", "--json");
            double kept = j.GetProperty("keptFraction").GetDouble();
            Assert.InRange(kept, 0.5, 1.0);
            var methods = j.GetProperty("pairs").GetProperty("methods").EnumerateArray().ToArray();
            Assert.Equal(kept, methods[1].GetProperty("keptFraction").GetDouble());
            Assert.Equal(1.0, methods[0].GetProperty("keptFraction").GetDouble());
            Assert.Equal(1.0, methods[2].GetProperty("patternKeptFraction").GetDouble());
            Assert.Equal(100, j.GetProperty("pairs").GetProperty("count").GetInt32());
            Assert.True(new FileInfo(png).Length > 1000);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData("--cover", "1797", "--cover")]
    [InlineData("--hidden", "-1", "--hidden")]
    [InlineData("--alpha", "1.5", "--alpha")]
    [InlineData("--alpha", "-0.1", "--alpha")]
    [InlineData("--pairs", "0", "--pairs")]
    public void Stego_bad_arguments_exit_2_with_one_line(string option, string value, string named)
    {
        var (exit, output, error) = Relu.Run("stego", option, value);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(named, error);
    }

    [Fact]
    public void Stego_network_of_the_wrong_input_size_exits_2()
    {
        var (exit, _, error) = Relu.Run("stego", "--network", Relu.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet"));
        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("5 inputs", error);
        Assert.Contains("64", error);
    }

    [Fact]
    public void Stego_tour_step_writes_its_plot_and_reports_exact_invariance()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"stego-tour-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var output = new StringWriter();
            new Tour.StegoTourStep().Run(dir, output, CancellationToken.None);
            string text = output.ToString();
            Assert.True(File.Exists(Path.Combine(dir, "stego.png")));
            Assert.Contains("null space dimension 48 of 64", text);
            Assert.Contains("hidden class kept exact 100.0 %", text);
            Assert.Contains("local 100.0 %", text);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
