using ReluAnalysis.Networks;

namespace ReluAnalysis.Tests.Networks;

public class NnetFormatTests
{
    [Fact]
    public void All_available_AcasXu_networks_parse_with_the_published_shape()
    {
        int parsed = 0;
        for (int a = 1; a <= 5; a++)
        {
            for (int t = 1; t <= 9; t++)
            {
                string? path = TestData.AcasXuAnywhere(a, t);
                if (path is null)
                {
                    continue;
                }

                ReluNetwork net = NnetFormat.Read(path);
                Assert.Equal([5, 50, 50, 50, 50, 50, 50, 5], net.LayerSizes());
                Assert.Equal(13_305, net.ParameterCount);
                Assert.Equal(7.5188840201005975, net.Normalization!.OutputMean);
                Assert.Equal(373.94992, net.Normalization.OutputRange);
                parsed++;
            }
        }

        // The repository ships 12 of the 45; ../shared/data has all of them.
        Assert.True(parsed >= 12, $"parsed {parsed}");
    }

    [Fact]
    public void Normalisation_is_kept_as_metadata_and_not_applied()
    {
        ReluNetwork net = NnetFormat.Read(TestData.AcasXu(1, 1));
        var n = net.Normalization!;
        Assert.Equal([0.0, -3.141593, -3.141593, 100.0, 0.0], n.Minimums);
        Assert.Equal([19791.091, 0.0, 0.0, 650.0, 600.0], n.Means);
        double[] raw = [1.0, 1.0, 1.0, 100.0, 1.0];
        var normalised = new double[5];
        n.NormalizeInput(raw, normalised);
        double[] viaRaw = net.Evaluate(normalised);
        n.DenormalizeOutput(viaRaw);
        Assert.Equal(net.EvaluateNormalized(raw), viaRaw);
        Assert.NotEqual(net.Evaluate(raw), viaRaw);
    }

    [Fact]
    public void Extra_normalisation_tokens_parse_identically()
    {
        string[] lines = File.ReadAllLines(TestData.AcasXu(1, 1));
        int first = Array.FindIndex(lines, l => !l.StartsWith("//"));

        // Older copies: 7 minimums, 7 maximums, 8 means, 8 ranges.
        lines[first + 3] += "1.0,2.0,";
        lines[first + 4] += "3.0,4.0,";
        lines[first + 5] += "5.0,6.0,";
        lines[first + 6] += "7.0,8.0,";
        ReluNetwork a = NnetFormat.Read(TestData.AcasXu(1, 1));
        ReluNetwork b = NnetFormat.Read(new StringReader(string.Join("\n", lines)));
        Assert.Equal(a.Normalization, b.Normalization);
        Assert.Equal(JsonNetworkFormat.ToJson(a), JsonNetworkFormat.ToJson(b));
    }

    [Fact]
    public void Dialect_without_header_parses_without_normalisation()
    {
        const string text = """
            2
            2, 3, 1
            0
            0
            0
            0
            0
            1.0, -1.0
            0.5, 0.5
            -2.0, 1.0
            0.1
            0.0
            -0.3
            1.0, 2.0, 3.0
            0.25
            """;
        ReluNetwork net = NnetFormat.Read(new StringReader(text), "dialect.nnet");
        Assert.Null(net.Normalization);
        Assert.Equal([2, 3, 1], net.LayerSizes());

        // h = ReLU([1-(-1)... ]) at x = (1, 2): z = (-1+0.1, 1.5, 0-0.3) → h = (0, 1.5, 0); y = 2·1.5 + 0.25
        Assert.Equal(3.25, net.Evaluate([1.0, 2.0])[0], 15);
    }

    [Fact]
    public void Nnet_json_nnet_round_trip_is_bit_exact()
    {
        ReluNetwork original = NnetFormat.Read(TestData.AcasXu(1, 2));
        ReluNetwork viaJson = JsonNetworkFormat.Parse(JsonNetworkFormat.ToJson(original));
        var writer = new StringWriter();
        NnetFormat.Write(viaJson, writer);
        ReluNetwork back = NnetFormat.Read(new StringReader(writer.ToString()));
        Assert.Equal(original.Normalization, back.Normalization);
        for (int k = 0; k < original.Layers.Count; k++)
        {
            Assert.Equal(original.Layers[k].Weights.ToArray(), back.Layers[k].Weights.ToArray());
            Assert.Equal(original.Layers[k].Bias.ToArray(), back.Layers[k].Bias.ToArray());
        }

        // Random networks have full 17-digit weights; they survive too.
        ReluNetwork random = ReluNetwork.Random([3, 7, 2], seed: 9);
        var w2 = new StringWriter();
        NnetFormat.Write(random, w2);
        ReluNetwork r2 = JsonNetworkFormat.Parse(JsonNetworkFormat.ToJson(NnetFormat.Read(new StringReader(w2.ToString()))));
        Assert.Null(r2.Normalization);
        Assert.Equal(random.Layers[0].Weights.ToArray(), r2.Layers[0].Weights.ToArray());
    }

    [Fact]
    public void Truncated_file_fails_with_a_line_number()
    {
        string[] lines = File.ReadAllLines(TestData.AcasXu(1, 1));
        string truncated = string.Join("\n", lines.Take(200));
        var e = Assert.Throws<FormatException>(() => NnetFormat.Read(new StringReader(truncated), "cut.nnet"));
        Assert.StartsWith("cut.nnet:201:", e.Message);
        Assert.Contains("unexpected end of file", e.Message);
    }

    [Theory]
    [InlineData(11, "1.0,abc,3.0,4.0,5.0,", "cut.nnet:11: token 1 \"abc\" is not a number")]
    [InlineData(11, "1.0,2.0,3.0,4.0,", "cut.nnet:11: expected 5 weights in row 0 of layer 0, found 4")]
    [InlineData(11, "1.0,NaN,3.0,4.0,5.0,", "NaN and infinity are rejected")]
    [InlineData(6, "1,", "cut.nnet:6: flag is 1")]
    [InlineData(5, "5,50,50,50,50,50,50,6,", "header says 5 inputs and 5 outputs but the sizes line says 5 and 6")]
    public void Malformed_lines_name_file_line_and_problem(int lineNumber, string replacement, string expected)
    {
        string[] lines = File.ReadAllLines(TestData.AcasXu(1, 1));
        lines[lineNumber - 1] = replacement;
        var e = Assert.Throws<FormatException>(() => NnetFormat.Read(new StringReader(string.Join("\n", lines)), "cut.nnet"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Trailing_data_is_rejected()
    {
        string text = File.ReadAllText(TestData.AcasXu(1, 1)) + "\n1.0,\n";
        var e = Assert.Throws<FormatException>(() => NnetFormat.Read(new StringReader(text), "x.nnet"));
        Assert.Contains("expected nothing after the last bias", e.Message);
    }
}
