using ReluAnalysis.Patterns;

namespace ReluAnalysis.FiniteElements;

/// <summary>
/// A mesh of a convex domain Ω ⊂ R^d (d = 1 or 2) into convex cells — intervals in 1-D, convex polygons in 2-D —
/// with its distinct facet hyperplanes and, per cell, the facets and sides that cut the cell out (spec A.3).
/// </summary>
/// <remarks>
/// <para>Hyperplanes: every cell facet (2-D: polygon edge; 1-D: end point) gives <c>t(x) = a·x + b</c> with <c>‖a‖ = 1</c>;
/// the sign is canonicalised (first component of <c>a</c> above 1e−12 in magnitude positive) and hyperplanes whose
/// coefficients agree within <see cref="MergeTolerance"/> are merged, so collinear edges share one hyperplane.
/// The side <c>s_ij</c> of cell i is the sign of <c>t_j</c> at the cell centroid (<see cref="SignRule.Classify"/>).</para>
/// <para>Cost: building is O(E) hashing over the E facets; <see cref="Locate"/> is O(1) expected through a bucket grid.</para>
/// </remarks>
public sealed partial class FeMesh
{
    /// <summary>Absolute tolerance on unit-normalised hyperplane coefficients under which two hyperplanes are one.</summary>
    public const double MergeTolerance = 1e-12;

    private readonly double[] _vertices;
    private readonly int[][] _cells;
    private readonly MeshHyperplane[] _hyperplanes;
    private readonly CellFacet[][] _facets;
    private readonly double[] _cellVolumes;
    private readonly double[] _centroids;
    private readonly int[] _hullVertices;
    private readonly CellLocator _locator;

    /// <summary>Creates and validates a mesh from vertices and cells.</summary>
    /// <param name="dimension">1 or 2.</param>
    /// <param name="vertices">Row-major <c>V × dimension</c> coordinates.</param>
    /// <param name="cells">Per cell its vertex indices: two in 1-D; a polygon loop (either orientation, convex) in 2-D.</param>
    /// <param name="name">A label for reports.</param>
    /// <exception cref="ArgumentException">A non-convex or degenerate cell, overlapping cells, a gap, an index out of range, or NaN/∞.</exception>
    public FeMesh(int dimension, ReadOnlySpan<double> vertices, IReadOnlyList<int[]> cells, string name = "custom")
        : this(dimension, vertices.ToArray(), cells.Select(c => c.ToArray()).ToArray(), name, null, null, MeshChecks.All, null)
    {
    }

    internal FeMesh(int dimension, double[] vertices, int[][] cells, string name, int? formulaLines, string? lineFormula, MeshChecks checks, Func<int, string>? locate)
    {
        if (dimension is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"dimension must be 1 or 2; found {dimension}.");
        }

        ArgumentNullException.ThrowIfNull(cells);
        Guard.Finite(vertices, nameof(vertices));
        if (vertices.Length % dimension != 0 || vertices.Length == 0)
        {
            throw new ArgumentException($"vertices has length {vertices.Length}; expected a positive multiple of the dimension {dimension}.", nameof(vertices));
        }

        if (cells.Length == 0)
        {
            throw new ArgumentException("cells is empty; expected at least one cell.", nameof(cells));
        }

        Dimension = dimension;
        Name = name;
        FormulaLineCount = formulaLines;
        LineFormula = lineFormula;
        _vertices = vertices;
        _cells = cells;
        var validator = new MeshValidator(this, locate ?? (i => $"cells[{i}]"), locate is not null);
        validator.CheckCells();
        _cellVolumes = new double[cells.Length];
        _centroids = new double[cells.Length * dimension];
        for (int i = 0; i < cells.Length; i++)
        {
            _cellVolumes[i] = ComputeVolume(i, _centroids.AsSpan(i * dimension, dimension));
        }

        _hullVertices = ConvexHull();
        Volume = HullVolume();
        if (checks == MeshChecks.All)
        {
            validator.CheckTiling();
        }

        (_hyperplanes, _facets) = BuildHyperplanes();
        _locator = new CellLocator(this);
    }

    [Flags]
    internal enum MeshChecks
    {
        Cells = 1,
        All = 3,
    }

    /// <summary>A label: the factory spec (<c>square:8</c>) or file name.</summary>
    public string Name { get; }

    /// <summary>Space dimension d (1 or 2).</summary>
    public int Dimension { get; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => _vertices.Length / Dimension;

    /// <summary>Number of cells m.</summary>
    public int CellCount => _cells.Length;

    /// <summary>The distinct facet hyperplanes (n of them).</summary>
    public IReadOnlyList<MeshHyperplane> Hyperplanes => _hyperplanes;

    /// <summary>The number of distinct hyperplanes predicted by the structured mesh's formula (<see cref="LineFormula"/>), or null for file meshes.</summary>
    public int? FormulaLineCount { get; }

    /// <summary>The formula behind <see cref="FormulaLineCount"/>, e.g. <c>4N + 1</c>, or null.</summary>
    public string? LineFormula { get; }

    /// <summary>Volume (length, area) of Ω = the convex hull of the vertices; equals the sum of the cell volumes.</summary>
    public double Volume { get; }

    /// <summary>True when every cell is a simplex (an interval in 1-D, a triangle in 2-D).</summary>
    public bool IsSimplicial => _cells.All(c => c.Length == Dimension + 1);

    /// <summary>Coordinates of vertex <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Vertex(int index)
    {
        Guard.Index(index, VertexCount, nameof(index));
        return new ReadOnlySpan<double>(_vertices, index * Dimension, Dimension);
    }

    /// <summary>Vertex indices of cell <paramref name="cell"/> (2-D: counter-clockwise loop; 1-D: left, right).</summary>
    public ReadOnlySpan<int> CellVertices(int cell)
    {
        Guard.Index(cell, CellCount, nameof(cell));
        return _cells[cell];
    }

    /// <summary>The facets of cell <paramref name="cell"/>: <c>K_i = ∩ {s_ij t_j ≥ 0}</c>.</summary>
    public IReadOnlyList<CellFacet> Facets(int cell)
    {
        Guard.Index(cell, CellCount, nameof(cell));
        return _facets[cell];
    }

    /// <summary>Volume (length, area) of cell <paramref name="cell"/>.</summary>
    public double CellVolume(int cell)
    {
        Guard.Index(cell, CellCount, nameof(cell));
        return _cellVolumes[cell];
    }

    /// <summary>Centroid of cell <paramref name="cell"/> (of the interval or polygon area).</summary>
    public ReadOnlySpan<double> Centroid(int cell)
    {
        Guard.Index(cell, CellCount, nameof(cell));
        return new ReadOnlySpan<double>(_centroids, cell * Dimension, Dimension);
    }

    /// <summary>Indices of the vertices of Ω (the convex hull), counter-clockwise in 2-D.</summary>
    public IReadOnlyList<int> DomainVertices => _hullVertices;

    /// <summary>Lower corner of the bounding box of Ω.</summary>
    public double[] BoundsLower() => Enumerable.Range(0, Dimension).Select(k => _hullVertices.Min(v => _vertices[v * Dimension + k])).ToArray();

    /// <summary>Upper corner of the bounding box of Ω.</summary>
    public double[] BoundsUpper() => Enumerable.Range(0, Dimension).Select(k => _hullVertices.Max(v => _vertices[v * Dimension + k])).ToArray();

    /// <summary>The cell containing <paramref name="x"/> (all its facet inequalities hold to 1e−12), or −1 outside Ω.</summary>
    /// <remarks>A point on a shared facet belongs to the lowest-index cell among the candidates of its bucket.</remarks>
    public int Locate(ReadOnlySpan<double> x)
    {
        Guard.Length(x.Length, Dimension, nameof(x));
        return _locator.Locate(x);
    }

    /// <summary>Distance <c>min_j |t_j(x)|</c> from <paramref name="x"/> to the nearest mesh hyperplane.</summary>
    public double DistanceToHyperplanes(ReadOnlySpan<double> x)
    {
        double best = double.PositiveInfinity;
        foreach (MeshHyperplane h in _hyperplanes)
        {
            best = Math.Min(best, Math.Abs(h.Value(x)));
        }

        return best;
    }

    internal bool InCell(int cell, ReadOnlySpan<double> x, double tolerance)
    {
        foreach (CellFacet f in _facets[cell])
        {
            if (f.Sign * _hyperplanes[f.Hyperplane].Value(x) < -tolerance)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Coordinate <paramref name="axis"/> of vertex <paramref name="vertex"/> (unchecked indices).</summary>
    public double Coordinate(int vertex, int axis) => _vertices[vertex * Dimension + axis];

    internal int[] CellArray(int cell) => _cells[cell];

    private double ComputeVolume(int cell, Span<double> centroid)
    {
        int[] c = _cells[cell];
        if (Dimension == 1)
        {
            double a = _vertices[c[0]], b = _vertices[c[1]];
            centroid[0] = 0.5 * (a + b);
            return Math.Abs(b - a);
        }

        double area = 0, cx = 0, cy = 0;
        double x0 = Coordinate(c[0], 0), y0 = Coordinate(c[0], 1);
        for (int k = 1; k + 1 < c.Length; k++)
        {
            double x1 = Coordinate(c[k], 0), y1 = Coordinate(c[k], 1), x2 = Coordinate(c[k + 1], 0), y2 = Coordinate(c[k + 1], 1);
            double t = 0.5 * ((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0));
            area += t;
            cx += t * (x0 + x1 + x2) / 3;
            cy += t * (y0 + y1 + y2) / 3;
        }

        centroid[0] = cx / area;
        centroid[1] = cy / area;
        return Math.Abs(area);
    }

    private int[] ConvexHull()
    {
        int v = VertexCount;
        if (Dimension == 1)
        {
            int lo = 0, hi = 0;
            for (int i = 1; i < v; i++)
            {
                if (_vertices[i] < _vertices[lo])
                {
                    lo = i;
                }

                if (_vertices[i] > _vertices[hi])
                {
                    hi = i;
                }
            }

            return [lo, hi];
        }

        // Andrew's monotone chain over the vertices used by cells; collinear points dropped.
        int[] used = _cells.SelectMany(c => c).Distinct().ToArray();
        Array.Sort(used, (a, b) =>
        {
            int cmp = Coordinate(a, 0).CompareTo(Coordinate(b, 0));
            return cmp != 0 ? cmp : Coordinate(a, 1).CompareTo(Coordinate(b, 1));
        });
        var hull = new int[2 * used.Length];
        int k = 0;
        double Cross(int o, int a, int b) =>
            (Coordinate(a, 0) - Coordinate(o, 0)) * (Coordinate(b, 1) - Coordinate(o, 1)) - (Coordinate(a, 1) - Coordinate(o, 1)) * (Coordinate(b, 0) - Coordinate(o, 0));
        for (int i = 0; i < used.Length; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], used[i]) <= 0)
            {
                k--;
            }

            hull[k++] = used[i];
        }

        for (int i = used.Length - 2, t = k + 1; i >= 0; i--)
        {
            while (k >= t && Cross(hull[k - 2], hull[k - 1], used[i]) <= 0)
            {
                k--;
            }

            hull[k++] = used[i];
        }

        return hull[..(k - 1)];
    }

    private double HullVolume()
    {
        if (Dimension == 1)
        {
            return _vertices[_hullVertices[1]] - _vertices[_hullVertices[0]];
        }

        double area = 0;
        for (int i = 0; i < _hullVertices.Length; i++)
        {
            int a = _hullVertices[i], b = _hullVertices[(i + 1) % _hullVertices.Length];
            area += Coordinate(a, 0) * Coordinate(b, 1) - Coordinate(b, 0) * Coordinate(a, 1);
        }

        return 0.5 * area;
    }

    private (MeshHyperplane[] Hyperplanes, CellFacet[][] Facets) BuildHyperplanes()
    {
        int d = Dimension;
        var planes = new List<(double[] A, double B)>();
        var index = new Dictionary<(long, long, long), List<int>>();
        const double quantum = 1e-9;
        var facets = new CellFacet[_cells.Length][];
        var coefficients = new double[d + 1];
        for (int i = 0; i < _cells.Length; i++)
        {
            int[] c = _cells[i];
            var list = new List<CellFacet>(c.Length);
            int edges = d == 1 ? 2 : c.Length;
            for (int e = 0; e < edges; e++)
            {
                if (!FacetCoefficients(c, e, coefficients))
                {
                    continue;
                }

                long Q(int k) => k < coefficients.Length ? (long)Math.Round(coefficients[k] / quantum) : 0;
                (long, long, long) key = (Q(0), Q(1), Q(2));
                int found = -1;
                for (long a0 = -1; a0 <= 1 && found < 0; a0++)
                {
                    for (long a1 = -1; a1 <= 1 && found < 0; a1++)
                    {
                        for (long a2 = d == 1 ? 0 : -1; a2 <= (d == 1 ? 0 : 1) && found < 0; a2++)
                        {
                            if (!index.TryGetValue((key.Item1 + a0, key.Item2 + a1, key.Item3 + a2), out var bucket))
                            {
                                continue;
                            }

                            foreach (int j in bucket)
                            {
                                if (Same(planes[j], coefficients))
                                {
                                    found = j;
                                    break;
                                }
                            }
                        }
                    }
                }

                if (found < 0)
                {
                    found = planes.Count;
                    planes.Add((coefficients[..d], coefficients[d]));
                    if (!index.TryGetValue(key, out var bucket))
                    {
                        index[key] = bucket = [];
                    }

                    bucket.Add(found);
                }

                if (list.Any(f => f.Hyperplane == found))
                {
                    continue;
                }

                double t = coefficients[d];
                for (int k = 0; k < d; k++)
                {
                    t += planes[found].A[k] * _centroids[i * d + k];
                }

                NeuronState side = SignRule.Classify(t, MergeTolerance);
                if (side == NeuronState.Degenerate)
                {
                    throw new ArgumentException($"cells[{i}] is degenerate: its centroid lies on its own facet hyperplane.", "cells");
                }

                list.Add(new CellFacet(found, side == NeuronState.Active ? 1 : -1));
            }

            facets[i] = [.. list];
        }

        var result = new MeshHyperplane[planes.Count];
        for (int j = 0; j < planes.Count; j++)
        {
            var (a, b) = planes[j];
            bool pos = true, neg = true;
            foreach (int v in _hullVertices)
            {
                double t = b;
                for (int k = 0; k < d; k++)
                {
                    t += a[k] * _vertices[v * d + k];
                }

                pos &= t >= -1e-12;
                neg &= t <= 1e-12;
            }

            result[j] = new MeshHyperplane(a, b, pos || neg);
        }

        return (result, facets);
    }

    private static bool Same((double[] A, double B) plane, double[] c)
    {
        for (int k = 0; k < plane.A.Length; k++)
        {
            if (Math.Abs(plane.A[k] - c[k]) > MergeTolerance)
            {
                return false;
            }
        }

        return Math.Abs(plane.B - c[^1]) <= MergeTolerance;
    }

    /// <summary>Unit, sign-canonical coefficients <c>(a, b)</c> of facet <paramref name="e"/> of a cell; false for a zero-length edge.</summary>
    private bool FacetCoefficients(int[] cell, int e, double[] coefficients)
    {
        if (Dimension == 1)
        {
            coefficients[0] = 1.0;
            coefficients[1] = -_vertices[cell[e]];
            return true;
        }

        int p = cell[e], q = cell[(e + 1) % cell.Length];
        double dx = Coordinate(q, 0) - Coordinate(p, 0), dy = Coordinate(q, 1) - Coordinate(p, 1);
        double len = Math.Sqrt(dx * dx + dy * dy);
        if (len == 0)
        {
            return false;
        }

        double ax = -dy / len, ay = dx / len;
        if (ax < -MergeTolerance || (Math.Abs(ax) <= MergeTolerance && ay < 0))
        {
            ax = -ax;
            ay = -ay;
        }

        coefficients[0] = ax;
        coefficients[1] = ay;
        coefficients[2] = -(ax * Coordinate(p, 0) + ay * Coordinate(p, 1));
        return true;
    }
}
