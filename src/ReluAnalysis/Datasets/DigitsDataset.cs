using System.Globalization;
using System.IO.Compression;

namespace ReluAnalysis.Datasets;

/// <summary>
/// The UCI optical-recognition digits set in its 8×8 form (1,797 images, as shipped with scikit-learn; CC BY 4.0):
/// gzip CSV, no header, 65 integers per row — 64 pixel values in 0..16 (row-major 8×8), then the label 0..9.
/// </summary>
public sealed class DigitsDataset
{
    /// <summary>Pixels per image (8×8).</summary>
    public const int PixelCount = 64;

    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;

    private DigitsDataset(double[] pixels, int[] labels)
    {
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Row-major <c>Count × 64</c> pixels scaled to [0, 1] (value / 16).</summary>
    public double[] Pixels { get; }

    /// <summary>Labels 0..9.</summary>
    public int[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image <paramref name="index"/>, 64 values in [0, 1].</summary>
    public ReadOnlySpan<double> Image(int index)
    {
        Guard.Index(index, Count, nameof(index));
        return Pixels.AsSpan(index * PixelCount, PixelCount);
    }

    /// <summary>Reads the gzip CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FormatException">A malformed row; the message names the file and line.</exception>
    public static DigitsDataset Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Digits file \"{path}\" does not exist.", path);
        }

        using FileStream file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>Reads a gzip CSV stream; <paramref name="sourceName"/> names it in error messages.</summary>
    public static DigitsDataset Load(Stream gzipStream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(gzipStream);
        using var gzip = new GZipStream(gzipStream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip);
        var pixels = new List<double>();
        var labels = new List<int>();
        int line = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            string[] parts = text.Split(',');
            if (parts.Length != PixelCount + 1)
            {
                throw new FormatException($"{sourceName}:{line}: {parts.Length} fields; expected {PixelCount + 1} (64 pixels and a label).");
            }

            for (int i = 0; i <= PixelCount; i++)
            {
                if (!int.TryParse(parts[i].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
                {
                    throw new FormatException($"{sourceName}:{line}: field {i + 1} \"{parts[i]}\" is not an integer.");
                }

                if (i < PixelCount)
                {
                    if (v is < 0 or > 16)
                    {
                        throw new FormatException($"{sourceName}:{line}: pixel {i} is {v}; expected 0..16.");
                    }

                    pixels.Add(v / 16.0);
                }
                else
                {
                    if (v is < 0 or > 9)
                    {
                        throw new FormatException($"{sourceName}:{line}: label {v}; expected 0..9.");
                    }

                    labels.Add(v);
                }
            }
        }

        if (labels.Count == 0)
        {
            throw new FormatException($"{sourceName}: no rows.");
        }

        return new DigitsDataset(pixels.ToArray(), labels.ToArray());
    }

    /// <summary>Gathers the rows <paramref name="indices"/> into a new row-major array.</summary>
    public double[] Rows(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var rows = new double[indices.Count * PixelCount];
        for (int r = 0; r < indices.Count; r++)
        {
            Image(indices[r]).CopyTo(rows.AsSpan(r * PixelCount, PixelCount));
        }

        return rows;
    }

    /// <summary>Labels of the rows <paramref name="indices"/>.</summary>
    public int[] LabelsOf(IReadOnlyList<int> indices) => indices.Select(i => Labels[i]).ToArray();
}
