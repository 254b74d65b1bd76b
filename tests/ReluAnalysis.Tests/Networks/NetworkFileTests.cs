using ReluAnalysis.Networks;

namespace ReluAnalysis.Tests.Networks;

/// <summary>Dispatch by extension: .nnet and .json built in, other formats by registration (ONNX lives in ReluAnalysis.Onnx).</summary>
public class NetworkFileTests
{
    [Fact]
    public void Onnx_without_the_onnx_package_names_the_package_to_reference()
    {
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, [1, 2, 3]);
        try
        {
            var e = Assert.Throws<FormatException>(() => NetworkFile.Load(path));
            Assert.Equal($"{path}: .onnx files are read by the ReluAnalysis.Onnx package; reference it and call OnnxFormat.Register() once (or call OnnxFormat.Read).", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_registered_reader_serves_its_extension()
    {
        ReluNetwork net = ReluNetwork.Random([2, 3, 1], seed: 4);
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.testnet");
        File.WriteAllText(path, JsonNetworkFormat.ToJson(net));
        try
        {
            Assert.Contains("expected .nnet, .json", Assert.Throws<FormatException>(() => NetworkFile.Load(path)).Message);
            NetworkFile.RegisterReader(".testnet", p => JsonNetworkFormat.Read(p));
            Assert.Equal(JsonNetworkFormat.ToJson(net), JsonNetworkFormat.ToJson(NetworkFile.Load(path)));
            Assert.Throws<ArgumentException>(() => NetworkFile.RegisterReader(".json", p => net));
            Assert.Throws<ArgumentException>(() => NetworkFile.RegisterReader("onnx", p => net));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
