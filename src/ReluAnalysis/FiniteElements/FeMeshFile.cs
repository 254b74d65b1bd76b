using System.Globalization;

namespace ReluAnalysis.FiniteElements;

/// <summary>
/// Reads meshes of convex cells from a line-oriented text file.
/// </summary>
/// <remarks>
/// <para>Format (one record per line, <c>#</c> starts a comment, blank lines ignored, numbers in invariant culture):</para>
/// <code>
/// dimension 2          # 1 or 2, first record
/// vertex 0 0           # d coordinates; vertices are numbered 0, 1, … in order of appearance
/// vertex 1 0
/// vertex 1 1
/// vertex 0 1
/// cell 0 1 2           # 1-D: two vertex indices; 2-D: a convex polygon loop (either orientation)
/// cell 0 2 3
/// </code>
/// <para>Errors raise <see cref="FormatException"/> naming the file and line: malformed records, indices out of range,
/// degenerate or non-convex cells, overlapping cells (both lines named), and gaps (cells not covering the convex hull
/// of their vertices, i.e. a hole or a non-convex domain).</para>
/// </remarks>
public static class FeMeshFile
{
    /// <summary>Reads a mesh file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FormatException">Malformed or invalid mesh, with file and line.</exception>
    public static FeMesh Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Mesh file \"{path}\" does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses mesh text; <paramref name="source"/> names it in error messages.</summary>
    /// <param name="text">The file contents.</param>
    /// <param name="source">File name for messages.</param>
    public static FeMesh Parse(string text, string source = "<mesh>")
    {
        ArgumentNullException.ThrowIfNull(text);
        int dimension = 0, line = 0, dimensionLine = 0;
        var vertices = new List<double>();
        var cells = new List<int[]>();
        var cellLines = new List<int>();
        var inv = CultureInfo.InvariantCulture;
        foreach (string raw in text.Split('\n'))
        {
            line++;
            int hash = raw.IndexOf('#');
            string[] parts = (hash >= 0 ? raw[..hash] : raw).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            string where = $"{source}:{line}";
            switch (parts[0])
            {
                case "dimension":
                    if (dimension != 0)
                    {
                        throw new FormatException($"{where}: a second \"dimension\" record.");
                    }

                    if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, inv, out dimension) || dimension is not (1 or 2))
                    {
                        throw new FormatException($"{where}: expected \"dimension 1\" or \"dimension 2\".");
                    }

                    dimensionLine = line;
                    break;
                case "vertex":
                    RequireDimension(dimension, where);
                    if (parts.Length != dimension + 1)
                    {
                        throw new FormatException($"{where}: a vertex needs {dimension} coordinate(s); found {parts.Length - 1}.");
                    }

                    for (int k = 1; k < parts.Length; k++)
                    {
                        if (!double.TryParse(parts[k], NumberStyles.Float, inv, out double value) || !double.IsFinite(value))
                        {
                            throw new FormatException($"{where}: coordinate \"{parts[k]}\" is not a finite number.");
                        }

                        vertices.Add(value);
                    }

                    break;
                case "cell":
                    RequireDimension(dimension, where);
                    var cell = new int[parts.Length - 1];
                    for (int k = 1; k < parts.Length; k++)
                    {
                        if (!int.TryParse(parts[k], NumberStyles.None, inv, out cell[k - 1]))
                        {
                            throw new FormatException($"{where}: vertex index \"{parts[k]}\" is not a non-negative integer.");
                        }
                    }

                    cells.Add(cell);
                    cellLines.Add(line);
                    break;
                default:
                    throw new FormatException($"{where}: unknown record \"{parts[0]}\"; expected dimension, vertex or cell.");
            }
        }

        if (dimension == 0)
        {
            throw new FormatException($"{source}:{line}: no \"dimension\" record.");
        }

        if (cells.Count == 0 || vertices.Count == 0)
        {
            throw new FormatException($"{source}:{dimensionLine}: the mesh has {vertices.Count / dimension} vertices and {cells.Count} cells; expected at least one of each.");
        }

        return new FeMesh(dimension, [.. vertices], [.. cells], Path.GetFileName(source), null, null, FeMesh.MeshChecks.All, i => $"{source}:{cellLines[i]}");
    }

    private static void RequireDimension(int dimension, string where)
    {
        if (dimension == 0)
        {
            throw new FormatException($"{where}: the \"dimension\" record must come first.");
        }
    }
}
