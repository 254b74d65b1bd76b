using ReluAnalysis.Networks;

namespace ReluAnalysis.Tests.Networks;

/// <summary>Malformed JSON network files: every failure names the file, the JSON path and what was expected.</summary>
public class JsonNetworkFormatTests
{
    private const string Layer0 = """{"weights":[[1,2],[3,4],[5,6]],"bias":[0,0,0]}""";
    private const string Layer1 = """{"weights":[[1,0,1]],"bias":[0.5]}""";

    private static string Net(string layers, string head = "\"format\":\"reluanalysis-network\",\"version\":1,") =>
        $"{{{head}\"layers\":[{layers}]}}";

    [Theory]
    // A key with the wrong case: named, with the key that is there.
    [InlineData("{\"format\":\"reluanalysis-network\",\"version\":1,\"Layers\":[]}", "net.json: $.layers: expected the key \"layers\", which is missing; found \"Layers\" (keys are case-sensitive).")]
    // A mistyped value.
    [InlineData("{\"format\":\"reluanalysis-network\",\"version\":\"1\",\"layers\":[]}", "net.json: $.version: expected the number 1, found a string \"1\".")]
    [InlineData("{\"format\":\"reluanalysis-network\",\"version\":2,\"layers\":[]}", "net.json: $.version: version 2 is not supported; expected 1.")]
    [InlineData("{\"format\":\"onnx\",\"version\":1,\"layers\":[]}", "net.json: $.format: expected \"reluanalysis-network\", found a string \"onnx\".")]
    [InlineData("{\"version\":1,\"layers\":[]}", "net.json: $.format: expected the key \"format\", which is missing.")]
    [InlineData("[1,2]", "net.json: $: expected an object, found an array [1,2].")]
    [InlineData("{\"format\":\"reluanalysis-network\",\"version\":1,\"layers\":{}}", "net.json: $.layers: expected an array of layers, found an object {}.")]
    [InlineData("{\"format\":\"reluanalysis-network\",\"version\":1,\"layers\":[]}", "net.json: $.layers: expected at least one layer, found an empty array.")]
    public void Header_errors_name_the_path_and_the_expectation(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => JsonNetworkFormat.Parse(json, "net.json"));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData(Layer0 + "," + """{"weights":[[1,0,1]],"bias":[0.5, "x"]}""", "net.json: $.layers[1].bias[1]: expected a finite number, found a string \"x\".")]
    [InlineData(Layer0 + "," + """{"weights":[[1,0,1]],"bias":[0.5,1]}""", "net.json: $.layers[1].bias: 2 values; expected 1 (one per row of $.layers[1].weights).")]
    [InlineData(Layer0 + "," + """{"weights":[[1,0]],"bias":[0.5]}""", "net.json: $.layers[1].weights[0]: 2 values; expected 3 (the 3 outputs of $.layers[0]).")]
    [InlineData("""{"weights":[[1,2],[3]],"bias":[0,0]}""", "net.json: $.layers[0].weights[1]: 1 values; expected 2 (the length of row 0).")]
    [InlineData("""{"weights":[[1,2],[3,null]],"bias":[0,0]}""", "net.json: $.layers[0].weights[1][1]: expected a finite number, found the value null.")]
    [InlineData("""{"Weights":[[1,2]],"bias":[0]}""", "net.json: $.layers[0].weights: expected the key \"weights\", which is missing; found \"Weights\" (keys are case-sensitive).")]
    [InlineData("""{"weights":[[1,2]]}""", "net.json: $.layers[0].bias: expected the key \"bias\", which is missing.")]
    [InlineData("""{"weights":[],"bias":[]}""", "net.json: $.layers[0].weights: expected a non-empty [out][in] array of rows.")]
    [InlineData("""[[1,2]]""", "net.json: $.layers[0]: expected an object with \"weights\" and \"bias\", found an array [[1,2]].")]
    public void Layer_errors_name_the_element(string layers, string message)
    {
        var e = Assert.Throws<FormatException>(() => JsonNetworkFormat.Parse(Net(layers), "net.json"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Normalization_errors_name_the_key()
    {
        string json = Net(Layer0 + "," + Layer1).TrimEnd('}') + ""","normalization":{"minimums":[0,0],"maximums":[1,1],"means":[0,0],"ranges":[1,1],"outputMean":"0","outputRange":1}}""";
        var e = Assert.Throws<FormatException>(() => JsonNetworkFormat.Parse(json, "net.json"));
        Assert.Equal("net.json: $.normalization.outputMean: expected a finite number, found a string \"0\".", e.Message);
    }

    [Fact]
    public void Invalid_json_names_the_file_and_line()
    {
        var e = Assert.Throws<FormatException>(() => JsonNetworkFormat.Parse("{\n\"format\": \"reluanalysis-network\",\n\"version\": 1,,\n}", "net.json"));
        Assert.StartsWith("net.json:3: invalid JSON:", e.Message);
    }

    [Fact]
    public void A_valid_file_parses_and_errors_from_a_file_name_it()
    {
        ReluNetwork net = JsonNetworkFormat.Parse(Net(Layer0 + "," + Layer1));
        Assert.Equal([1 + 0 + 5 + 0.5], net.Evaluate([1, 0]));
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-bad.json");
        File.WriteAllText(path, Net(Layer0 + "," + Layer1, "\"format\":\"reluanalysis-network\",\"version\":\"1\","));
        try
        {
            var e = Assert.Throws<FormatException>(() => NetworkFile.Load(path));
            Assert.Equal($"{path}: $.version: expected the number 1, found a string \"1\".", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
