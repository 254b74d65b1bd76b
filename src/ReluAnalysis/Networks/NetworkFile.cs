namespace ReluAnalysis.Networks;

/// <summary>Loads and saves networks, choosing the format by file extension (<c>.nnet</c>, <c>.json</c>, <c>.onnx</c>).</summary>
public static class NetworkFile
{
    /// <summary>Loads a network from <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is malformed, or the extension is not known.</exception>
    public static ReluNetwork Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Network file \"{path}\" does not exist.", path);
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".nnet" => NnetFormat.Read(path),
            ".json" => JsonNetworkFormat.Read(path),
            ".onnx" => OnnxFormat.Read(path),
            var ext => throw new FormatException($"{path}: extension \"{ext}\" is not a known network format; expected .nnet, .json or .onnx."),
        };
    }

    /// <summary>Saves <paramref name="network"/> to <paramref name="path"/> in the format of its extension (<c>.nnet</c> or <c>.json</c>).</summary>
    public static void Save(ReluNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".nnet":
                NnetFormat.Write(network, path);
                break;
            case ".json":
                JsonNetworkFormat.Write(network, path);
                break;
            default:
                throw new ArgumentException($"path \"{path}\" has an extension the library cannot write; expected .nnet or .json.", nameof(path));
        }
    }

    /// <summary>The format name of a path's extension ("nnet", "json", "onnx").</summary>
    public static string FormatOf(string path) => Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
}
