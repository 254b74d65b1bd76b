using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Arrangements;

/// <summary>
/// Irredundant H-representations of found cells. A kept hyperplane j bounds cell c iff the flipped code
/// <c>c ⊕ j</c> is a cell (exact in an arrangement), decided by hash lookup when the enumeration is complete
/// and otherwise by the relaxed redundancy LP; domain rows always by the relaxed redundancy LP.
/// </summary>
internal static class HRepresentation
{
    public static Polytope[] Compute(CellSearchProblem problem, List<FoundCell> cells, bool complete, LpCounters counters, int threads, CancellationToken ct)
    {
        int d = problem.Dimension;
        int n = problem.PlaneCount;
        int m = problem.DomainCount;
        var codes = new HashSet<RegionCode>(cells.Select(c => c.Code));
        var result = new Polytope[cells.Count];
        Parallel.For(0, cells.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct }, c =>
        {
            RegionCode code = cells[c].Code;
            var normals = new double[(n + m) * d];
            var offsets = new double[n + m];
            for (int j = 0; j < n; j++)
            {
                // s_j (a_j·x + b_j) ≥ 0  ⇔  −s_j a_j·x ≤ s_j b_j
                double s = code.Has(j) ? -1.0 : 1.0;
                for (int q = 0; q < d; q++)
                {
                    normals[j * d + q] = -s * problem.PlaneNormals[j * d + q];
                }

                offsets[j] = s * problem.PlaneOffsets[j];
            }

            Array.Copy(problem.DomainNormals, 0, normals, n * d, m * d);
            Array.Copy(problem.DomainOffsets, 0, offsets, n, m);
            var rows = new List<HalfSpace>();
            using var lp = new PolytopeLp(d, normals, offsets, counters);
            for (int r = 0; r < n + m; r++)
            {
                bool facet;
                if (r < n && complete)
                {
                    facet = codes.Contains(code.WithFlip(r));
                    counters.AddSkipped();
                }
                else
                {
                    var (status, isFacet) = lp.IsFacet(r, problem.Epsilon);
                    facet = status != LpStatus.Optimal || isFacet; // keep a row when unsure: the set stays exact
                }

                if (facet)
                {
                    rows.Add(new HalfSpace(normals.AsSpan(r * d, d), offsets[r]));
                }
            }

            result[c] = new Polytope(d, rows);
        });
        return result;
    }
}
