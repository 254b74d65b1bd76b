using System.Globalization;

namespace ReluAnalysis.Networks;

/// <summary>
/// Reads and writes the <c>.nnet</c> text format (Julian, Stanford 2016) used by the ACAS Xu networks.
/// </summary>
/// <remarks>
/// Layout: leading <c>//</c> comment lines; <c>numLayers, inputSize, outputSize, maxLayerSize</c>;
/// <c>numLayers + 1</c> layer sizes; a flag line; input minimums, maximums, means (<c>inputSize + 1</c>,
/// the last for the outputs) and ranges (likewise); then per layer the weight rows (<c>[out × in]</c>)
/// and one bias per line. Only the first <c>inputSize</c> (<c>inputSize + 1</c>) normalisation tokens are
/// read, so older files with extra tokens parse identically. The dialect without header whose first
/// line holds only <c>numLayers</c> and whose metadata lines are a single <c>0</c> is accepted and gives a
/// network without normalisation. The normalisation is kept as <see cref="ReluNetwork.Normalization"/>
/// and never applied implicitly. A flag other than 0 ("symmetric" files) is rejected.
/// </remarks>
public static class NnetFormat
{
    /// <summary>Reads a <c>.nnet</c> file.</summary>
    /// <exception cref="FormatException">The file is malformed; the message names the file and line.</exception>
    public static ReluNetwork Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads <c>.nnet</c> text from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">The text is malformed; the message names the source and line.</exception>
    public static ReluNetwork Read(TextReader reader, string source = "<nnet>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new LineReader(reader, source);
        string[] first = lines.Next("the layer-count line");
        int numLayers = lines.Int(first, 0, "numLayers");
        if (numLayers < 1 || numLayers > 10_000)
        {
            throw lines.Error($"numLayers is {numLayers}; expected between 1 and 10000");
        }

        bool dialect = first.Length == 1;
        string[] sizeTokens = lines.Next("the layer-size line");
        if (sizeTokens.Length < numLayers + 1)
        {
            throw lines.Error($"expected {numLayers + 1} layer sizes, found {sizeTokens.Length}");
        }

        var sizes = new int[numLayers + 1];
        for (int i = 0; i <= numLayers; i++)
        {
            sizes[i] = lines.Int(sizeTokens, i, $"layer size {i}");
            if (sizes[i] < 1 || sizes[i] > 1_000_000)
            {
                throw lines.Error($"layer size {i} is {sizes[i]}; expected a positive width");
            }
        }

        if (!dialect)
        {
            if (first.Length < 4)
            {
                throw lines.Error($"expected 4 values on the header line (numLayers, inputSize, outputSize, maxLayerSize), found {first.Length}", lines.FirstLine);
            }

            int inputSize = lines.Int(first, 1, "inputSize");
            int outputSize = lines.Int(first, 2, "outputSize");
            if (inputSize != sizes[0] || outputSize != sizes[^1])
            {
                throw lines.Error($"header says {inputSize} inputs and {outputSize} outputs but the sizes line says {sizes[0]} and {sizes[^1]}", lines.FirstLine);
            }
        }

        string[] flag = lines.Next("the flag line");
        int flagValue = lines.Int(flag, 0, "flag");
        if (flagValue != 0)
        {
            throw lines.Error($"flag is {flagValue}; only 0 is supported (symmetric .nnet files are not)");
        }

        int d = sizes[0];
        string[] mins = lines.Next("the input minimums");
        string[] maxs = lines.Next("the input maximums");
        string[] means = lines.Next("the means");
        int meansLine = lines.LineNumber;
        string[] ranges = lines.Next("the ranges");
        InputNormalization? normalization = null;
        if (means.Length > 1 || d == 0)
        {
            lines.RequireCount(mins, d, "input minimums", lines.LineNumber - 3);
            lines.RequireCount(maxs, d, "input maximums", lines.LineNumber - 2);
            lines.RequireCount(means, d + 1, "means", meansLine);
            lines.RequireCount(ranges, d + 1, "ranges", lines.LineNumber);
            double[] mn = lines.Doubles(mins, d, lines.LineNumber - 3);
            double[] mx = lines.Doubles(maxs, d, lines.LineNumber - 2);
            double[] me = lines.Doubles(means, d + 1, meansLine);
            double[] ra = lines.Doubles(ranges, d + 1, lines.LineNumber);
            normalization = new InputNormalization(mn, mx, me[..d], ra[..d], me[d], ra[d]);
        }

        var layers = new DenseLayer[numLayers];
        for (int k = 0; k < numLayers; k++)
        {
            int rows = sizes[k + 1], cols = sizes[k];

            // Grow with the data read rather than trusting the sizes line: a corrupted size must end in
            // a FormatException at the end of the file, not in a huge allocation.
            var w = new List<double>();
            var b = new List<double>();
            for (int i = 0; i < rows; i++)
            {
                string[] row = lines.Next($"weight row {i} of layer {k}");
                lines.RequireExact(row, cols, $"weights in row {i} of layer {k}");
                w.AddRange(lines.Doubles(row, cols, lines.LineNumber));
            }

            for (int i = 0; i < rows; i++)
            {
                string[] bias = lines.Next($"bias {i} of layer {k}");
                lines.RequireExact(bias, 1, $"values on the line of bias {i} of layer {k}");
                b.Add(lines.Doubles(bias, 1, lines.LineNumber)[0]);
            }

            layers[k] = new DenseLayer(rows, cols, w.ToArray(), b.ToArray());
        }

        lines.RequireEnd();
        return new ReluNetwork(layers, normalization);
    }

    /// <summary>Writes <paramref name="network"/> as a <c>.nnet</c> file with round-trip number formatting.</summary>
    public static void Write(ReluNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var writer = new StreamWriter(path);
        Write(network, writer);
    }

    /// <summary>Writes <paramref name="network"/> as <c>.nnet</c> text. Without normalisation the metadata lines are a single <c>0</c> each.</summary>
    public static void Write(ReluNetwork network, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(writer);
        int[] sizes = network.LayerSizes();
        writer.WriteLine("// Written by ReluAnalysis");
        writer.WriteLine($"{network.Layers.Count},{network.InputDimension},{network.OutputDimension},{sizes.Max()},");
        writer.WriteLine(string.Join(",", sizes) + ",");
        writer.WriteLine("0,");
        var n = network.Normalization;
        if (n is null)
        {
            for (int i = 0; i < 4; i++)
            {
                writer.WriteLine("0,");
            }
        }
        else
        {
            WriteRow(writer, n.Minimums);
            WriteRow(writer, n.Maximums);
            WriteRow(writer, [.. n.Means, n.OutputMean]);
            WriteRow(writer, [.. n.Ranges, n.OutputRange]);
        }

        foreach (DenseLayer layer in network.Layers)
        {
            for (int i = 0; i < layer.Outputs; i++)
            {
                WriteRow(writer, layer.Row(i).ToArray());
            }

            for (int i = 0; i < layer.Outputs; i++)
            {
                WriteRow(writer, [layer.Bias[i]]);
            }
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<double> values)
    {
        foreach (double v in values)
        {
            writer.Write(v.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(',');
        }

        writer.WriteLine();
    }

    private sealed class LineReader(TextReader reader, string source)
    {
        public int LineNumber { get; private set; }

        public int FirstLine { get; private set; }

        private bool _headerDone;

        public string[] Next(string what)
        {
            while (true)
            {
                string? line = reader.ReadLine();
                if (line is null)
                {
                    throw new FormatException($"{source}:{LineNumber + 1}: unexpected end of file; expected {what}.");
                }

                LineNumber++;
                string trimmed = line.Trim();
                if (!_headerDone && trimmed.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                if (trimmed.Length == 0)
                {
                    continue;
                }

                if (!_headerDone)
                {
                    _headerDone = true;
                    FirstLine = LineNumber;
                }

                return trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            }
        }

        public void RequireEnd()
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                LineNumber++;
                if (line.Trim().Length != 0)
                {
                    throw Error("expected nothing after the last bias, found more data");
                }
            }
        }

        public FormatException Error(string message, int? line = null) => new($"{source}:{line ?? LineNumber}: {message}.");

        public int Int(string[] tokens, int index, string what)
        {
            if (index >= tokens.Length || !int.TryParse(tokens[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            {
                string found = index < tokens.Length ? $"\"{tokens[index]}\"" : "nothing";
                throw Error($"expected an integer for {what}, found {found}");
            }

            return value;
        }

        public void RequireCount(string[] tokens, int count, string what, int line)
        {
            if (tokens.Length < count)
            {
                throw Error($"expected {count} {what}, found {tokens.Length}", line);
            }
        }

        public void RequireExact(string[] tokens, int count, string what)
        {
            if (tokens.Length != count)
            {
                throw Error($"expected {count} {what}, found {tokens.Length}");
            }
        }

        public double[] Doubles(string[] tokens, int count, int line)
        {
            var result = new double[count];
            for (int i = 0; i < count; i++)
            {
                if (!double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                {
                    throw Error($"token {i} \"{tokens[i]}\" is not a number", line);
                }

                if (!double.IsFinite(result[i]))
                {
                    throw Error($"token {i} is {tokens[i]}; NaN and infinity are rejected", line);
                }
            }

            return result;
        }
    }
}
