using System.Text.Json;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Onnx.Tests;

/// <summary>Fixtures exported by PyTorch (data/onnx/make_onnx.py) with PyTorch's float64 outputs.</summary>
public class OnnxFormatTests
{
    static OnnxFormatTests() => OnnxFormat.Register();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "data", "onnx", name);

    [Theory]
    [InlineData("normalised_mlp", new[] { 4, 8, 6, 3 })]
    [InlineData("matmul_add", new[] { 6, 5, 2 })]
    public void PyTorch_exports_load_and_agree_with_PyTorch(string name, int[] sizes)
    {
        ReluNetwork net = NetworkFile.Load(Fixture(name + ".onnx"));
        Assert.Equal(sizes, net.LayerSizes());
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture(name + ".expected.json")));
        var inputs = doc.RootElement.GetProperty("inputs").EnumerateArray().ToArray();
        var outputs = doc.RootElement.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(20, inputs.Length);
        for (int s = 0; s < inputs.Length; s++)
        {
            double[] x = inputs[s].EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double[] expected = outputs[s].EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double[] y = net.Evaluate(x);
            for (int o = 0; o < y.Length; o++)
            {
                Assert.True(Math.Abs(y[o] - expected[o]) <= 1e-12 * Math.Max(1.0, Math.Abs(expected[o])), $"sample {s} output {o}: {y[o]:R} vs PyTorch {expected[o]:R}");
            }
        }
    }

    [Fact]
    public void Unsupported_operator_is_named_with_its_node()
    {
        var e = Assert.Throws<NotSupportedException>(() => NetworkFile.Load(Fixture("sigmoid.onnx")));
        Assert.Contains("\"Sigmoid\"", e.Message);
        Assert.Contains("\"/Sigmoid\"", e.Message);
    }

    [Fact]
    public void Garbage_is_a_format_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, [0x08, 0xFF, 0xFF, 0x13, 0x37, 0x42]);
        try
        {
            Assert.Throws<FormatException>(() => NetworkFile.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
