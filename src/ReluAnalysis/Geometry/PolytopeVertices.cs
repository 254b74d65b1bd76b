namespace ReluAnalysis.Geometry;

/// <summary>
/// Vertices, areas and volumes of small bounded polytopes in 2-D and 3-D from their H-representation,
/// by solving every pair (triple) of rows and keeping the feasible intersection points.
/// </summary>
/// <remarks>
/// Cost <c>O(m^d · m)</c> for <c>m</c> rows: meant for cells and regions (tens of rows), for tests and plots.
/// A point is feasible when every row holds within <c>tol · max(1, |b|)</c>; points closer than the
/// tolerance are merged. Unbounded or empty inputs give no (or too few) vertices and zero measure.
/// </remarks>
public static class PolytopeVertices
{
    /// <summary>Default feasibility tolerance (relative to the row offsets' scale).</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>The vertices of a bounded 2-D polygon in counter-clockwise order.</summary>
    /// <exception cref="ArgumentException">The polytope is not 2-D.</exception>
    public static double[][] Polygon(Polytope polytope, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(polytope);
        if (polytope.Dimension != 2)
        {
            throw new ArgumentException($"polytope has dimension {polytope.Dimension}; expected 2.", nameof(polytope));
        }

        List<double[]> v = Vertices(polytope, tolerance);
        if (v.Count < 3)
        {
            return [.. v];
        }

        double cx = v.Average(p => p[0]);
        double cy = v.Average(p => p[1]);
        return [.. v.OrderBy(p => Math.Atan2(p[1] - cy, p[0] - cx))];
    }

    /// <summary>Area of a bounded 2-D polygon (shoelace formula over <see cref="Polygon"/>).</summary>
    public static double Area(Polytope polytope, double tolerance = DefaultTolerance)
    {
        double[][] p = Polygon(polytope, tolerance);
        double a = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double[] u = p[i];
            double[] w = p[(i + 1) % p.Length];
            a += u[0] * w[1] - u[1] * w[0];
        }

        return 0.5 * Math.Abs(a);
    }

    /// <summary>
    /// Volume of a bounded 3-D polytope: for each row, the vertices on it are ordered by angle in the facet
    /// plane and fan-triangulated; the tetrahedra to the vertex centroid are summed.
    /// </summary>
    /// <exception cref="ArgumentException">The polytope is not 3-D.</exception>
    public static double Volume(Polytope polytope, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(polytope);
        if (polytope.Dimension != 3)
        {
            throw new ArgumentException($"polytope has dimension {polytope.Dimension}; expected 3.", nameof(polytope));
        }

        List<double[]> v = Vertices(polytope, tolerance);
        if (v.Count < 4)
        {
            return 0;
        }

        var c = new double[3];
        foreach (double[] p in v)
        {
            for (int j = 0; j < 3; j++)
            {
                c[j] += p[j] / v.Count;
            }
        }

        double volume = 0;
        var seen = new List<int[]>();
        foreach (HalfSpace h in polytope.HalfSpaces)
        {
            double scale = Math.Max(1, Math.Abs(h.Offset));
            var onFace = v.Where(p => Math.Abs(h.Slack(p)) <= 1e3 * tolerance * scale).ToList();
            if (onFace.Count < 3)
            {
                continue;
            }

            // A facet shared by two rows (duplicate rows) must count once.
            int[] key = [.. onFace.Select(p => v.IndexOf(p)).Order()];
            if (seen.Any(k => k.AsSpan().SequenceEqual(key)))
            {
                continue;
            }

            seen.Add(key);
            var fc = new double[3];
            foreach (double[] p in onFace)
            {
                for (int j = 0; j < 3; j++)
                {
                    fc[j] += p[j] / onFace.Count;
                }
            }

            // In-plane basis (e1, e2) orthogonal to the normal.
            ReadOnlySpan<double> nrm = h.Normal;
            double[] e1 = Sub(onFace[0], fc);
            double[] e2 = Cross([nrm[0], nrm[1], nrm[2]], e1);
            var ordered = onFace.OrderBy(p =>
            {
                double[] r = Sub(p, fc);
                return Math.Atan2(Dot(r, e2), Dot(r, e1));
            }).ToList();
            for (int i = 1; i + 1 < ordered.Count; i++)
            {
                volume += Math.Abs(Det(Sub(ordered[0], c), Sub(ordered[i], c), Sub(ordered[i + 1], c))) / 6.0;
            }
        }

        return volume;
    }

    /// <summary>All vertices of a 2-D or 3-D polytope (unordered, merged within the tolerance).</summary>
    public static List<double[]> Vertices(Polytope polytope, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(polytope);
        int d = polytope.Dimension;
        if (d is not (2 or 3))
        {
            throw new ArgumentException($"polytope has dimension {d}; expected 2 or 3.", nameof(polytope));
        }

        IReadOnlyList<HalfSpace> rows = polytope.HalfSpaces;
        int m = rows.Count;
        double scale = 1;
        foreach (HalfSpace h in rows)
        {
            scale = Math.Max(scale, Math.Abs(h.Offset) / Math.Max(1e-300, Math.Sqrt(Dot(h.Normal, h.Normal))));
        }

        double tol = tolerance * scale;
        var result = new List<double[]>();
        void Consider(double[] p)
        {
            foreach (HalfSpace h in rows)
            {
                if (h.Slack(p) < -tol * Math.Sqrt(Dot(h.Normal, h.Normal)))
                {
                    return;
                }
            }

            foreach (double[] q in result)
            {
                double dist = 0;
                for (int j = 0; j < d; j++)
                {
                    dist = Math.Max(dist, Math.Abs(p[j] - q[j]));
                }

                if (dist <= 1e2 * tol)
                {
                    return;
                }
            }

            result.Add(p);
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = i + 1; j < m; j++)
            {
                if (d == 2)
                {
                    if (Solve2(rows[i], rows[j]) is { } p)
                    {
                        Consider(p);
                    }

                    continue;
                }

                for (int k = j + 1; k < m; k++)
                {
                    if (Solve3(rows[i], rows[j], rows[k]) is { } p)
                    {
                        Consider(p);
                    }
                }
            }
        }

        return result;
    }

    private static double[]? Solve2(HalfSpace a, HalfSpace b)
    {
        double det = a.Normal[0] * b.Normal[1] - a.Normal[1] * b.Normal[0];
        double na = Math.Sqrt(Dot(a.Normal, a.Normal)) * Math.Sqrt(Dot(b.Normal, b.Normal));
        if (Math.Abs(det) <= 1e-12 * na)
        {
            return null;
        }

        return
        [
            (a.Offset * b.Normal[1] - a.Normal[1] * b.Offset) / det,
            (a.Normal[0] * b.Offset - a.Offset * b.Normal[0]) / det,
        ];
    }

    private static double[]? Solve3(HalfSpace a, HalfSpace b, HalfSpace c)
    {
        double[] r0 = [a.Normal[0], a.Normal[1], a.Normal[2]];
        double[] r1 = [b.Normal[0], b.Normal[1], b.Normal[2]];
        double[] r2 = [c.Normal[0], c.Normal[1], c.Normal[2]];
        double det = Det(r0, r1, r2);
        double norm = Math.Sqrt(Dot(r0, r0) * Dot(r1, r1) * Dot(r2, r2));
        if (Math.Abs(det) <= 1e-12 * norm)
        {
            return null;
        }

        // Cramer's rule.
        double[] rhs = [a.Offset, b.Offset, c.Offset];
        var x = new double[3];
        for (int j = 0; j < 3; j++)
        {
            double[] m0 = (double[])r0.Clone();
            double[] m1 = (double[])r1.Clone();
            double[] m2 = (double[])r2.Clone();
            m0[j] = rhs[0];
            m1[j] = rhs[1];
            m2[j] = rhs[2];
            x[j] = Det(m0, m1, m2) / det;
        }

        return x;
    }

    private static double Det(double[] a, double[] b, double[] c) =>
        a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]);

    private static double[] Cross(double[] a, double[] b) =>
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

    private static double[] Sub(double[] a, double[] b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            s += a[j] * b[j];
        }

        return s;
    }
}
