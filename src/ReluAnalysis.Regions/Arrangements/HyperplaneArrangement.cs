using System.Globalization;

namespace ReluAnalysis.Regions.Arrangements;

/// <summary>
/// A finite set of affine hyperplanes <c>t_i(x) = a_i·x + b_i = 0</c>, <c>i = 0..n−1</c>, in <c>R^d</c>.
/// </summary>
public sealed class HyperplaneArrangement
{
    private readonly double[] _normals;
    private readonly double[] _offsets;

    /// <summary>Creates an arrangement from copies of the normals (row-major <c>n × d</c>) and offsets (length <c>n</c>).</summary>
    /// <exception cref="ArgumentException">Shapes disagree or a value is NaN or infinite.</exception>
    public HyperplaneArrangement(int dimension, ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets)
    {
        Guard.Positive(dimension, nameof(dimension));
        Guard.Length(normals.Length, offsets.Length * dimension, nameof(normals));
        Guard.Finite(normals, nameof(normals));
        Guard.Finite(offsets, nameof(offsets));
        Dimension = dimension;
        _normals = normals.ToArray();
        _offsets = offsets.ToArray();
    }

    /// <summary>Dimension <c>d</c> of the space.</summary>
    public int Dimension { get; }

    /// <summary>Number of hyperplanes <c>n</c>.</summary>
    public int Count => _offsets.Length;

    /// <summary>Normal <c>a_i</c>.</summary>
    public ReadOnlySpan<double> Normal(int i)
    {
        Guard.Index(i, Count, nameof(i));
        return _normals.AsSpan(i * Dimension, Dimension);
    }

    /// <summary>Offset <c>b_i</c>.</summary>
    public double Offset(int i)
    {
        Guard.Index(i, Count, nameof(i));
        return _offsets[i];
    }

    /// <summary>Row-major normals, <c>n × d</c>.</summary>
    public ReadOnlySpan<double> Normals => _normals;

    /// <summary>Offsets.</summary>
    public ReadOnlySpan<double> Offsets => _offsets;

    /// <summary><c>t_i(x) = a_i·x + b_i</c>.</summary>
    public double Evaluate(int i, ReadOnlySpan<double> x)
    {
        Guard.Length(x.Length, Dimension, nameof(x));
        ReadOnlySpan<double> a = Normal(i);
        double t = _offsets[i];
        for (int j = 0; j < a.Length; j++)
        {
            t += a[j] * x[j];
        }

        return t;
    }

    /// <summary>Creates an arrangement from rows <c>a_1,…,a_d,b</c> (each of length <c>d + 1</c>).</summary>
    /// <exception cref="ArgumentException">Rows are empty or of unequal length.</exception>
    public static HyperplaneArrangement FromRows(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || rows[0].Length < 2)
        {
            throw new ArgumentException("rows must hold at least one row of the form a_1,…,a_d,b with d ≥ 1.", nameof(rows));
        }

        int d = rows[0].Length - 1;
        var normals = new double[rows.Count * d];
        var offsets = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != d + 1)
            {
                throw new ArgumentException($"rows[{i}] has {rows[i].Length} values; expected {d + 1} (a_1,…,a_{d},b).", nameof(rows));
            }

            rows[i].AsSpan(0, d).CopyTo(normals.AsSpan(i * d, d));
            offsets[i] = rows[i][d];
        }

        return new HyperplaneArrangement(d, normals, offsets);
    }

    /// <summary>Reads a CSV file with one hyperplane per line, <c>a_1,…,a_d,b</c> (invariant culture; blank lines and lines starting with '#' skipped).</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the file and line.</exception>
    public static HyperplaneArrangement ReadCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var rows = new List<double[]>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNo++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            string[] parts = trimmed.Split(',', StringSplitOptions.TrimEntries);
            var row = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]) || !double.IsFinite(row[i]))
                {
                    throw new FormatException($"{path}, line {lineNo}: value {i} \"{parts[i]}\" is not a finite number.");
                }
            }

            if (row.Length < 2 || (rows.Count > 0 && row.Length != rows[0].Length))
            {
                throw new FormatException($"{path}, line {lineNo}: {row.Length} values; expected {(rows.Count > 0 ? rows[0].Length : 2)} or more (a_1,…,a_d,b) consistently.");
            }

            rows.Add(row);
        }

        if (rows.Count == 0)
        {
            throw new FormatException($"{path}: no hyperplanes; expected lines a_1,…,a_d,b.");
        }

        return FromRows(rows);
    }
}
