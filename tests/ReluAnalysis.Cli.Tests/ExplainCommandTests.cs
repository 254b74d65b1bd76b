using System.Globalization;
using System.Text.Json;
using ReluAnalysis.Attribution;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Cli.Tests;

public class ExplainCommandTests
{
    private static readonly string Acas11 = Relu.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet");
    private const string Input = "0.1,-0.2,0.3,0,0.1";
    private static readonly double[] X = [0.1, -0.2, 0.3, 0.0, 0.1];

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Fact]
    public void Explain_json_has_class_attribution_and_units_of_the_library_result()
    {
        ReluNetwork net = NnetFormat.Read(Acas11);
        JsonElement j = Relu.Json("explain", Acas11, "--input", Input, "--width", "3", "--depth", "2", "--json");
        PathwiseExplanation e = new PathwiseExplainer(net).Explain(X, new PathwiseOptions { Width = PathWidth.Units(3), Depth = 2 });
        Assert.Equal(e.Class, j.GetProperty("class").GetInt32());
        Assert.Equal(e.Attribution, Doubles(j.GetProperty("attribution")));
        var units = j.GetProperty("units").EnumerateArray().Select(l => l.EnumerateArray().Select(u => u.GetInt32()).ToArray()).ToArray();
        Assert.Equal(6, units.Length);
        Assert.All(units[4..], l => Assert.InRange(l.Length, 1, 3));
        for (int k = 0; k < 6; k++)
        {
            Assert.Equal(e.Path.Units[k], units[k]);
        }
    }

    [Fact]
    public void Explain_pathwise_without_selection_equals_gradinput_and_class_is_honoured()
    {
        JsonElement p = Relu.Json("explain", Acas11, "--input", Input, "--no-filter", "--class", "2", "--json");
        JsonElement g = Relu.Json("explain", Acas11, "--input", Input, "--method", "gradinput", "--class", "2", "--json");
        Assert.Equal(2, p.GetProperty("class").GetInt32());
        Assert.Equal(Doubles(g.GetProperty("attribution")), Doubles(p.GetProperty("attribution")));
    }

    [Fact]
    public void Explain_ig_is_complete_and_saliency_is_the_gradient()
    {
        ReluNetwork net = NnetFormat.Read(Acas11);
        JsonElement ig = Relu.Json("explain", Acas11, "--input", Input, "--method", "ig", "--steps", "0", "--json");
        int c = ig.GetProperty("class").GetInt32();
        double delta = net.Evaluate(X)[c] - net.Evaluate(new double[5])[c];
        Assert.Equal(delta, Doubles(ig.GetProperty("attribution")).Sum(), 1e-9);
        JsonElement s = Relu.Json("explain", Acas11, "--input", Input, "--method", "saliency", "--json");
        Assert.Equal(GradientAttribution.Saliency(net, X), Doubles(s.GetProperty("attribution")));
    }

    [Fact]
    public void Explain_plot_writes_a_png_for_square_inputs()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"explain-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string netPath = Path.Combine(dir, "digits.json");
            NetworkFile.Save(ReluNetwork.Random([64, 16, 10], 1), netPath);
            string x = string.Join(",", Enumerable.Range(0, 64).Select(i => (i % 7 / 7.0).ToString(CultureInfo.InvariantCulture)));
            string png = Path.Combine(dir, "heat.png");
            var (exit, output, error) = Relu.Run("explain", netPath, "--input", x, "--width", "2", "--plot", png);
            Assert.True(exit == 0, error);
            Assert.Contains("hidden layer 0", output);
            Assert.True(new FileInfo(png).Length > 1000);
            Assert.Equal(2, Relu.Run("explain", Acas11, "--input", Input, "--plot", png).Exit); // 5 inputs: not an image
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--input", "1,2")]
    [InlineData("--width", "0")]
    [InlineData("--depth", "7")]
    [InlineData("--class", "5")]
    [InlineData("--method", "lrp")]
    public void Explain_bad_input_exits_with_2(string option, string value)
    {
        string[] args = option == "--input"
            ? ["explain", Acas11, "--input", value]
            : ["explain", Acas11, "--input", Input, option, value];
        var (exit, _, error) = Relu.Run(args);
        Assert.Equal(2, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
