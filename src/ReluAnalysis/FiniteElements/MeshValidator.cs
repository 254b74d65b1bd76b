namespace ReluAnalysis.FiniteElements;

/// <summary>
/// Checks a mesh: cells well formed and convex (2-D loops turned counter-clockwise), cells pairwise without
/// overlapping interiors, and no gap (the cell volumes add up to the volume of the convex hull of the vertices).
/// Errors name the cell through a locator (file and line for mesh files).
/// </summary>
internal sealed class MeshValidator(FeMesh mesh, Func<int, string> locate, bool fromFile)
{
    private const double RelativeTolerance = 1e-10;

    private Exception Error(string message) => fromFile ? new FormatException(message) : new ArgumentException(message, "cells");

    private int D => mesh.Dimension;

    public void CheckCells()
    {
        int v = mesh.VertexCount;
        for (int i = 0; i < mesh.CellCount; i++)
        {
            int[] c = CellArray(i);
            if (D == 1 && c.Length != 2)
            {
                throw Error($"{locate(i)}: a 1-D cell needs exactly 2 vertices; found {c.Length}.");
            }

            if (D == 2 && c.Length < 3)
            {
                throw Error($"{locate(i)}: a 2-D cell needs at least 3 vertices; found {c.Length}.");
            }

            foreach (int k in c)
            {
                if ((uint)k >= (uint)v)
                {
                    throw Error($"{locate(i)}: vertex index {k} is out of range [0, {v}).");
                }
            }

            if (c.Distinct().Count() != c.Length)
            {
                throw Error($"{locate(i)}: a vertex is repeated ({string.Join(" ", c)}).");
            }

            if (D == 1)
            {
                if (mesh.Coordinate(c[0], 0) == mesh.Coordinate(c[1], 0))
                {
                    throw Error($"{locate(i)}: the interval has zero length.");
                }

                if (mesh.Coordinate(c[0], 0) > mesh.Coordinate(c[1], 0))
                {
                    (c[0], c[1]) = (c[1], c[0]);
                }

                continue;
            }

            double area = SignedArea(c);
            double scale = Diameter(c);
            if (Math.Abs(area) <= RelativeTolerance * scale * scale)
            {
                throw Error($"{locate(i)}: the polygon has zero area.");
            }

            if (area < 0)
            {
                Array.Reverse(c);
            }

            double turning = 0;
            for (int k = 0; k < c.Length; k++)
            {
                int a = c[k], b = c[(k + 1) % c.Length], q = c[(k + 2) % c.Length];
                double ux = X(b) - X(a), uy = Y(b) - Y(a), wx = X(q) - X(b), wy = Y(q) - Y(b);
                double cross = ux * wy - uy * wx;
                if (cross < -RelativeTolerance * scale * scale)
                {
                    throw Error($"{locate(i)}: the cell is not convex (reflex corner at vertex {b}).");
                }

                turning += Math.Atan2(cross, ux * wx + uy * wy);
            }

            if (Math.Abs(turning - 2 * Math.PI) > 1e-6)
            {
                throw Error($"{locate(i)}: the cell is not convex (its boundary winds {turning / (2 * Math.PI):F1} times).");
            }
        }
    }

    public void CheckTiling()
    {
        double total = 0;
        for (int i = 0; i < mesh.CellCount; i++)
        {
            total += mesh.CellVolume(i);
        }

        if (D == 1)
        {
            int[] order = Enumerable.Range(0, mesh.CellCount).OrderBy(i => X(CellArray(i)[0])).ToArray();
            double tol = RelativeTolerance * mesh.Volume;
            for (int k = 1; k < order.Length; k++)
            {
                double prevEnd = X(CellArray(order[k - 1])[1]), start = X(CellArray(order[k])[0]);
                if (start < prevEnd - tol)
                {
                    throw Error($"{locate(order[k])}: the cell overlaps {locate(order[k - 1])}.");
                }

                if (start > prevEnd + tol)
                {
                    throw Error($"{locate(order[k])}: a gap ({X(CellArray(order[k - 1])[1]):G6}, {start:G6}) separates it from {locate(order[k - 1])}.");
                }
            }

            return;
        }

        CheckOverlaps();
        if (total < mesh.Volume * (1 - RelativeTolerance))
        {
            int culprit = GapCell();
            throw Error($"{locate(culprit)}: the cells cover area {total:G10} but the convex hull of the vertices has area {mesh.Volume:G10}: there is a gap near this cell (or the domain is not convex).");
        }
    }

    private void CheckOverlaps()
    {
        int m = mesh.CellCount;
        var boxes = new double[m * 4];
        for (int i = 0; i < m; i++)
        {
            int[] c = CellArray(i);
            boxes[4 * i] = c.Min(X);
            boxes[4 * i + 1] = c.Max(X);
            boxes[4 * i + 2] = c.Min(Y);
            boxes[4 * i + 3] = c.Max(Y);
        }

        int[] order = Enumerable.Range(0, m).OrderBy(i => boxes[4 * i]).ToArray();
        for (int a = 0; a < m; a++)
        {
            int i = order[a];
            for (int b = a + 1; b < m; b++)
            {
                int j = order[b];
                if (boxes[4 * j] >= boxes[4 * i + 1])
                {
                    break;
                }

                if (boxes[4 * j + 2] >= boxes[4 * i + 3] || boxes[4 * i + 2] >= boxes[4 * j + 3])
                {
                    continue;
                }

                if (Overlap(CellArray(i), CellArray(j)))
                {
                    (int first, int second) = i < j ? (i, j) : (j, i);
                    throw Error($"{locate(second)}: the cell overlaps {locate(first)}.");
                }
            }
        }
    }

    /// <summary>Separating-axis test for two convex counter-clockwise polygons: true when the interiors intersect.</summary>
    private bool Overlap(int[] p, int[] q)
    {
        double scale = Math.Max(Diameter(p), Diameter(q));
        double tol = RelativeTolerance * scale;
        return !Separated(p, q, tol) && !Separated(q, p, tol);
    }

    private bool Separated(int[] p, int[] q, double tol)
    {
        for (int k = 0; k < p.Length; k++)
        {
            int a = p[k], b = p[(k + 1) % p.Length];
            double nx = Y(b) - Y(a), ny = X(a) - X(b);
            double len = Math.Sqrt(nx * nx + ny * ny);
            if (len == 0)
            {
                continue;
            }

            nx /= len;
            ny /= len;

            // Outward normal of a counter-clockwise edge: every vertex of q beyond the edge line separates.
            double offset = nx * X(a) + ny * Y(a);
            double min = double.PositiveInfinity;
            foreach (int v in q)
            {
                min = Math.Min(min, nx * X(v) + ny * Y(v) - offset);
            }

            if (min >= -tol)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A cell with an edge used by no other cell that does not lie on the hull boundary (where the gap starts).</summary>
    private int GapCell()
    {
        var count = new Dictionary<(int, int), int>();
        for (int i = 0; i < mesh.CellCount; i++)
        {
            int[] c = CellArray(i);
            for (int k = 0; k < c.Length; k++)
            {
                var key = (Math.Min(c[k], c[(k + 1) % c.Length]), Math.Max(c[k], c[(k + 1) % c.Length]));
                count[key] = count.GetValueOrDefault(key) + 1;
            }
        }

        IReadOnlyList<int> hull = mesh.DomainVertices;
        bool OnHull(int v)
        {
            for (int k = 0; k < hull.Count; k++)
            {
                int a = hull[k], b = hull[(k + 1) % hull.Count];
                double cross = (X(b) - X(a)) * (Y(v) - Y(a)) - (Y(b) - Y(a)) * (X(v) - X(a));
                double len = Math.Sqrt((X(b) - X(a)) * (X(b) - X(a)) + (Y(b) - Y(a)) * (Y(b) - Y(a)));
                if (Math.Abs(cross) <= 1e-9 * len * len)
                {
                    double t = ((X(v) - X(a)) * (X(b) - X(a)) + (Y(v) - Y(a)) * (Y(b) - Y(a))) / (len * len);
                    if (t >= -1e-9 && t <= 1 + 1e-9)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        for (int i = 0; i < mesh.CellCount; i++)
        {
            int[] c = CellArray(i);
            for (int k = 0; k < c.Length; k++)
            {
                int a = c[k], b = c[(k + 1) % c.Length];
                if (count[(Math.Min(a, b), Math.Max(a, b))] == 1 && !(OnHull(a) && OnHull(b)))
                {
                    return i;
                }
            }
        }

        return 0;
    }

    private int[] CellArray(int i) => mesh.CellArray(i);

    private double X(int v) => mesh.Coordinate(v, 0);

    private double Y(int v) => mesh.Coordinate(v, 1);

    private double SignedArea(int[] c)
    {
        double area = 0;
        for (int k = 0; k < c.Length; k++)
        {
            int a = c[k], b = c[(k + 1) % c.Length];
            area += X(a) * Y(b) - X(b) * Y(a);
        }

        return 0.5 * area;
    }

    private double Diameter(int[] c)
    {
        double best = 0;
        foreach (int a in c)
        {
            foreach (int b in c)
            {
                best = Math.Max(best, Math.Sqrt((X(a) - X(b)) * (X(a) - X(b)) + (Y(a) - Y(b)) * (Y(a) - Y(b))));
            }
        }

        return best;
    }
}
