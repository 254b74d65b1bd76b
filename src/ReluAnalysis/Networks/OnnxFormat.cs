namespace ReluAnalysis.Networks;

/// <summary>Reads multilayer perceptrons exported to ONNX.</summary>
public static class OnnxFormat
{
    /// <summary>Reads an ONNX model file.</summary>
    public static ReluNetwork Read(string path) => throw new NotSupportedException($"{path}: ONNX reading is not implemented yet.");
}
