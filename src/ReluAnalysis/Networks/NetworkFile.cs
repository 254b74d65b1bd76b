using System.Collections.Concurrent;

namespace ReluAnalysis.Networks;

/// <summary>
/// Loads and saves networks, choosing the format by file extension: <c>.nnet</c> and <c>.json</c> are built in; other
/// formats register a reader (the <c>ReluAnalysis.Onnx</c> package adds <c>.onnx</c> with <c>OnnxFormat.Register()</c>),
/// so the core package depends on no file-format library.
/// </summary>
public static class NetworkFile
{
    private static readonly ConcurrentDictionary<string, Func<string, ReluNetwork>> Readers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Registers <paramref name="reader"/> for files ending in <paramref name="extension"/> (with the dot, e.g. <c>".onnx"</c>);
    /// a later registration of the same extension replaces the earlier one. Thread-safe.
    /// </summary>
    /// <param name="extension">The extension, starting with a dot; <c>.nnet</c> and <c>.json</c> are built in and cannot be replaced.</param>
    /// <param name="reader">Reads a network from a path; malformed files should raise <see cref="FormatException"/>.</param>
    public static void RegisterReader(string extension, Func<string, ReluNetwork> reader)
    {
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(reader);
        if (extension.Length < 2 || extension[0] != '.')
        {
            throw new ArgumentException($"extension \"{extension}\" is not valid; expected a dot and a name, such as \".onnx\".", nameof(extension));
        }

        if (extension.Equals(".nnet", StringComparison.OrdinalIgnoreCase) || extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"extension \"{extension}\" is built in; expected another extension.", nameof(extension));
        }

        Readers[extension] = reader;
    }

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

        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".nnet" => NnetFormat.Read(path),
            ".json" => JsonNetworkFormat.Read(path),
            _ when Readers.TryGetValue(ext, out var reader) => reader(path),
            ".onnx" => throw new FormatException($"{path}: .onnx files are read by the ReluAnalysis.Onnx package; reference it and call OnnxFormat.Register() once (or call OnnxFormat.Read)."),
            _ => throw new FormatException($"{path}: extension \"{ext}\" is not a known network format; expected .nnet, .json{string.Concat(Readers.Keys.Order().Select(k => $" or {k}"))}."),
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
