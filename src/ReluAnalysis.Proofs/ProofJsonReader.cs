using System.Text.Json;

namespace ReluAnalysis.Proofs;

/// <summary>Typed reads of a proof file's JSON; every error is a <see cref="FormatException"/> naming the file and the JSON path.</summary>
internal sealed class ProofJsonReader(string source)
{
    public string Source => source;

    /// <summary>Parses <paramref name="json"/>; invalid JSON raises a <see cref="FormatException"/> naming <paramref name="source"/> and the line.</summary>
    public static JsonDocument ParseDocument(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    /// <summary>Checks the <c>format</c> and <c>version</c> fields of the root object.</summary>
    public void Header(JsonElement root, string format, int version)
    {
        Object(root, "$");
        string found = String(Required(root, "format", "$"), "$.format");
        if (found != format)
        {
            throw Error("$.format", $"\"{found}\"", $"\"{format}\"");
        }

        int v = Int(Required(root, "version", "$"), "$.version");
        if (v != version)
        {
            throw Error("$.version", v.ToString(System.Globalization.CultureInfo.InvariantCulture), version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public FormatException Error(string path, string found, string expected) =>
        new($"{source}: {path}: found {found}; expected {expected}.");

    public JsonElement Required(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out JsonElement v) ? v : throw new FormatException($"{source}: {path}: the property \"{name}\" is missing.");

    public void Object(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, e.ValueKind.ToString(), "an object");
        }
    }

    public void Array(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, e.ValueKind.ToString(), "an array");
        }
    }

    public string String(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(path, e.ValueKind.ToString(), "a string");

    public double Double(JsonElement e, string path)
    {
        // JSON numbers cannot be NaN or ±∞; strings such as "NaN" are rejected as non-numbers.
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double v) || !double.IsFinite(v))
        {
            throw Error(path, e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.ValueKind.ToString(), "a finite number");
        }

        return v;
    }

    public int Int(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) && v >= 0 ? v : throw Error(path, e.GetRawText(), "a non-negative integer");

    public double[] Doubles(JsonElement e, string path) => Elements(e, path, Double);

    public int[] Ints(JsonElement e, string path) => Elements(e, path, Int);

    private T[] Elements<T>(JsonElement e, string path, Func<JsonElement, string, T> read)
    {
        Array(e, path);
        var v = new T[e.GetArrayLength()];
        int i = 0;
        foreach (JsonElement x in e.EnumerateArray())
        {
            v[i] = read(x, $"{path}[{i}]");
            i++;
        }

        return v;
    }

    public SparseMultipliers Sparse(JsonElement e, string path)
    {
        Array(e, path);
        var list = new List<(int, double)>(e.GetArrayLength());
        int i = 0;
        foreach (JsonElement pair in e.EnumerateArray())
        {
            string q = $"{path}[{i++}]";
            Array(pair, q);
            if (pair.GetArrayLength() != 2)
            {
                throw Error(q, $"{pair.GetArrayLength()} entries", "a pair [row, multiplier]");
            }

            list.Add((Int(pair[0], q + "[0]"), Double(pair[1], q + "[1]")));
        }

        return new SparseMultipliers(list);
    }
}
