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

    // Errors name the source, the JSON path ($.layers[2].bias[5]) and what was expected.
    private static ReluNetwork FromElement(JsonElement root, string source)
    {
        Expect(root, JsonValueKind.Object, "$", "an object", source);
        JsonElement format = Required(root, "format", "$", source);
        if (format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
        {
            throw Error(source, "$.format", $"expected \"{FormatName}\"", format);
        }

        JsonElement version = Required(root, "version", "$", source);
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int v))
        {
            throw Error(source, "$.version", $"expected the number {Version}", version);
        }

        if (v != Version)
        {
            throw new FormatException($"{source}: $.version: version {v} is not supported; expected {Version}.");
        }

        JsonElement layerArray = Required(root, "layers", "$", source);
        Expect(layerArray, JsonValueKind.Array, "$.layers", "an array of layers", source);
        if (layerArray.GetArrayLength() == 0)
        {
            throw new FormatException($"{source}: $.layers: expected at least one layer, found an empty array.");
        }

        var layers = new List<DenseLayer>();
        int index = 0;
        foreach (JsonElement layer in layerArray.EnumerateArray())
        {
            string at = $"$.layers[{index}]";
            Expect(layer, JsonValueKind.Object, at, "an object with \"weights\" and \"bias\"", source);
            JsonElement weights = Required(layer, "weights", at, source);
            Expect(weights, JsonValueKind.Array, $"{at}.weights", "an [out][in] array of rows", source);
            var rows = new double[weights.GetArrayLength()][];
            int r = 0;
            foreach (JsonElement row in weights.EnumerateArray())
            {
                rows[r] = Numbers(row, $"{at}.weights[{r}]", source);
                r++;
            }

            if (rows.Length == 0 || rows[0].Length == 0)
            {
                throw new FormatException($"{source}: {at}.weights: expected a non-empty [out][in] array of rows.");
            }

            int inputs = index == 0 ? rows[0].Length : layers[^1].Outputs;
            for (int i = 0; i < rows.Length; i++)
            {
                if (rows[i].Length != inputs)
                {
                    string why = index == 0 ? "the length of row 0" : $"the {inputs} outputs of $.layers[{index - 1}]";
                    throw new FormatException($"{source}: {at}.weights[{i}]: {rows[i].Length} values; expected {inputs} ({why}).");
                }
            }

            double[] bias = Numbers(Required(layer, "bias", at, source), $"{at}.bias", source);
            if (bias.Length != rows.Length)
            {
                throw new FormatException($"{source}: {at}.bias: {bias.Length} values; expected {rows.Length} (one per row of {at}.weights).");
            }

            layers.Add(new DenseLayer(rows.Length, inputs, rows.SelectMany(x => x).ToArray(), bias));
            index++;
        }

        InputNormalization? normalization = null;
        if (root.TryGetProperty("normalization", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            const string at = "$.normalization";
            Expect(n, JsonValueKind.Object, at, "an object", source);
            normalization = new InputNormalization(
                Numbers(Required(n, "minimums", at, source), $"{at}.minimums", source, allowInfinite: true),
                Numbers(Required(n, "maximums", at, source), $"{at}.maximums", source, allowInfinite: true),
                Numbers(Required(n, "means", at, source), $"{at}.means", source),
                Numbers(Required(n, "ranges", at, source), $"{at}.ranges", source),
                Number(Required(n, "outputMean", at, source), $"{at}.outputMean", source),
                Number(Required(n, "outputRange", at, source), $"{at}.outputRange", source));
        }

        return new ReluNetwork(layers, normalization);
    }

    /// <summary>The property <paramref name="name"/> of an object; a missing key names the path and a key differing only in case.</summary>
    private static JsonElement Required(JsonElement obj, string name, string at, string source)
    {
        if (obj.TryGetProperty(name, out JsonElement value))
        {
            return value;
        }

        string? near = obj.EnumerateObject().Select(p => p.Name).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        string hint = near is null ? string.Empty : $"; found \"{near}\" (keys are case-sensitive)";
        throw new FormatException($"{source}: {at}.{name}: expected the key \"{name}\", which is missing{hint}.");
    }

    private static void Expect(JsonElement e, JsonValueKind kind, string at, string what, string source)
    {
        if (e.ValueKind != kind)
        {
            throw Error(source, at, $"expected {what}", e);
        }
    }

    private static FormatException Error(string source, string at, string expected, JsonElement found)
    {
        string text = found.GetRawText();
        if (text.Length > 40)
        {
            text = text[..40] + "…";
        }

        return new FormatException($"{source}: {at}: {expected}, found {Describe(found.ValueKind)} {text}.");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number",
        JsonValueKind.True or JsonValueKind.False => "the boolean",
        _ => "the value",
    };

    private static double Number(JsonElement e, string at, string source, bool allowInfinite = false)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double v) || (!allowInfinite && !double.IsFinite(v)))
        {
            throw Error(source, at, "expected a finite number", e);
        }

        return v;
    }

    private static double[] Numbers(JsonElement array, string at, string source, bool allowInfinite = false)
    {
        Expect(array, JsonValueKind.Array, at, "an array of numbers", source);
        var result = new double[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            result[i] = Number(e, $"{at}[{i}]", source, allowInfinite);
            i++;
        }

        return result;
    }
}
