using System.Text.Json;

namespace ReluAnalysis.Networks;

/// <summary>
/// The library's own JSON network format, version 1:
/// <code>
/// { "format": "reluanalysis-network", "version": 1,
///   "layers": [ { "weights": [[w00, w01, …], …], "bias": [b0, …] }, … ],
///   "normalization": { "minimums": […], "maximums": […], "means": […], "ranges": […],
///                      "outputMean": m, "outputRange": r } }
/// </code>
/// Weights are <c>[out][in]</c>; every layer but the last is followed by ReLU; <c>normalization</c> is
/// optional metadata. Numbers are written in shortest round-trip form, so values survive bit-exactly.
/// </summary>
public static class JsonNetworkFormat
{
    /// <summary>The value of the <c>format</c> key.</summary>
    public const string FormatName = "reluanalysis-network";

    /// <summary>The version written; readers accept this version only.</summary>
    public const int Version = 1;

    /// <summary>Reads a JSON network file.</summary>
    /// <exception cref="FormatException">Malformed JSON or content; the message names the file and line.</exception>
    public static ReluNetwork Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">Malformed JSON or content.</exception>
    public static ReluNetwork Parse(string json, string source = "<json>")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}:{(e.LineNumber ?? 0) + 1}: invalid JSON: {e.Message}", e);
        }

        using (doc)
        {
            try
            {
                return FromElement(doc.RootElement, source);
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException or FormatException)
            {
                throw e is FormatException fe && fe.Message.StartsWith(source, StringComparison.Ordinal)
                    ? fe
                    : new FormatException($"{source}: {e.Message}", e);
            }
        }
    }

    /// <summary>Writes <paramref name="network"/> to a file.</summary>
    public static void Write(ReluNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllText(path, ToJson(network));
    }

    /// <summary>Serialises <paramref name="network"/> (indented).</summary>
    public static string ToJson(ReluNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", Version);
            w.WriteStartArray("layers");
            foreach (DenseLayer layer in network.Layers)
            {
                w.WriteStartObject();
                w.WriteStartArray("weights");
                for (int i = 0; i < layer.Outputs; i++)
                {
                    WriteArray(w, null, layer.Row(i));
                }

                w.WriteEndArray();
                WriteArray(w, "bias", layer.Bias);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (network.Normalization is { } n)
            {
                w.WriteStartObject("normalization");
                WriteArray(w, "minimums", n.Minimums.ToArray());
                WriteArray(w, "maximums", n.Maximums.ToArray());
                WriteArray(w, "means", n.Means.ToArray());
                WriteArray(w, "ranges", n.Ranges.ToArray());
                w.WriteNumber("outputMean", n.OutputMean);
                w.WriteNumber("outputRange", n.OutputRange);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteArray(Utf8JsonWriter w, string? name, ReadOnlySpan<double> values)
    {
        if (name is null)
        {
            w.WriteStartArray();
        }
        else
        {
            w.WriteStartArray(name);
        }

        foreach (double v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static ReluNetwork FromElement(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{source}: expected a JSON object at the top level, found {root.ValueKind}.");
        }

        string? format = root.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format != FormatName)
        {
            throw new FormatException($"{source}: \"format\" is \"{format}\"; expected \"{FormatName}\".");
        }

        int version = root.GetProperty("version").GetInt32();
        if (version != Version)
        {
            throw new FormatException($"{source}: version {version} is not supported; expected {Version}.");
        }

        var layers = new List<DenseLayer>();
        int index = 0;
        foreach (JsonElement layer in root.GetProperty("layers").EnumerateArray())
        {
            var rows = layer.GetProperty("weights").EnumerateArray().Select(r => Numbers(r, $"layers[{index}].weights")).ToArray();
            double[] bias = Numbers(layer.GetProperty("bias"), $"layers[{index}].bias");
            if (rows.Length == 0 || rows.Any(r => r.Length != rows[0].Length))
            {
                throw new FormatException($"{source}: layers[{index}].weights must be a non-empty rectangular [out][in] array.");
            }

            layers.Add(new DenseLayer(rows.Length, rows[0].Length, rows.SelectMany(r => r).ToArray(), bias));
            index++;
        }

        InputNormalization? normalization = null;
        if (root.TryGetProperty("normalization", out var n) && n.ValueKind == JsonValueKind.Object)
        {
            normalization = new InputNormalization(
                Numbers(n.GetProperty("minimums"), "normalization.minimums", allowInfinite: true),
                Numbers(n.GetProperty("maximums"), "normalization.maximums", allowInfinite: true),
                Numbers(n.GetProperty("means"), "normalization.means"),
                Numbers(n.GetProperty("ranges"), "normalization.ranges"),
                n.GetProperty("outputMean").GetDouble(),
                n.GetProperty("outputRange").GetDouble());
        }

        return new ReluNetwork(layers, normalization);
    }

    private static double[] Numbers(JsonElement array, string what, bool allowInfinite = false)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{what} must be an array of numbers, found {array.ValueKind}.");
        }

        var result = new double[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double v) || (!allowInfinite && !double.IsFinite(v)))
            {
                throw new FormatException($"{what}[{i}] is {e.GetRawText()}; expected a finite number.");
            }

            result[i++] = v;
        }

        return result;
    }
}
