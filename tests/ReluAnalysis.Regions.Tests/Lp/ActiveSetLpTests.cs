using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Tests.Lp;

public class ActiveSetLpTests
{
    /// <summary>Row-major rows to the solver's column-major layout.</summary>
    private static double[] Columns(double[] rows, int m, int n)
    {
        var cols = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                cols[j * m + i] = rows[i * n + j];
            }
        }

        return cols;
    }

    private static (LpStatus Status, double Value) Glop(double[] rows, double[] h, int equalities, double[] c, int n)
    {
        using var lp = new LpSolver(new LpCounters());
        for (int j = 0; j < n; j++)
        {
            lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity);
            lp.SetObjective(j, c[j]);
        }

        for (int i = 0; i < h.Length; i++)
        {
            int r = lp.AddRow(i < equalities ? h[i] : double.NegativeInfinity, h[i]);
            for (int j = 0; j < n; j++)
            {
                lp.SetCoefficient(r, j, rows[i * n + j]);
            }
        }

        lp.SetMaximize(true);
        LpStatus status = lp.Solve();
        return (status, status == LpStatus.Optimal ? lp.ObjectiveValue : double.NaN);
    }

    /// <summary>Optimality by the solver's own certificate: feasible point, c = Σ y_i G_i, y ≥ 0 on inequalities, active rows tight.</summary>
    private static void AssertCertificate(ActiveSetLp lp, double[] rows, double[] h, int equalities, double[] c, double[] v, int n)
    {
        double scale = 1 + h.Max(Math.Abs);
        for (int i = 0; i < h.Length; i++)
        {
            double gv = 0;
            for (int j = 0; j < n; j++)
            {
                gv += rows[i * n + j] * v[j];
            }

            Assert.True(gv <= h[i] + 1e-9 * scale, $"row {i} violated: {gv} > {h[i]}");
            if (i < equalities)
            {
                Assert.True(Math.Abs(gv - h[i]) <= 1e-9 * scale, $"equality {i}: {gv} ≠ {h[i]}");
            }
        }

        var combination = new double[n];
        ReadOnlySpan<int> active = lp.ActiveRows;
        ReadOnlySpan<double> y = lp.Multipliers;
        for (int a = 0; a < active.Length; a++)
        {
            int i = active[a];
            Assert.True(i < equalities || y[a] >= -1e-10, $"negative multiplier {y[a]} on row {i}");
            double gv = 0;
            for (int j = 0; j < n; j++)
            {
                combination[j] += y[a] * rows[i * n + j];
                gv += rows[i * n + j] * v[j];
            }

            Assert.True(Math.Abs(gv - h[i]) <= 1e-9 * scale, $"active row {i} not tight: {gv} vs {h[i]}");
        }

        for (int j = 0; j < n; j++)
        {
            Assert.True(Math.Abs(combination[j] - c[j]) <= 1e-9 * (1 + Math.Abs(c[j])), $"c[{j}] = {c[j]} but Σ y G = {combination[j]}");
        }
    }

    [Theory]
    [InlineData(2, 12, 1)]
    [InlineData(3, 40, 2)]
    [InlineData(6, 120, 3)]
    [InlineData(9, 200, 4)]
    public void RandomBoundedLps_MatchGlop_WithADualCertificate(int n, int m, int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 60; trial++)
        {
            // Random rows around the origin plus a box |v_j| ≤ 3 so every LP is bounded; the origin is feasible.
            int rowsCount = m + 2 * n;
            var rows = new double[rowsCount * n];
            var h = new double[rowsCount];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    rows[i * n + j] = rng.NextDouble() * 2 - 1;
                }

                h[i] = 0.1 + rng.NextDouble();
            }

            for (int j = 0; j < n; j++)
            {
                rows[(m + 2 * j) * n + j] = 1;
                rows[(m + 2 * j + 1) * n + j] = -1;
                h[m + 2 * j] = h[m + 2 * j + 1] = 3;
            }

            var c = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var v = new double[n];
            var lp = new ActiveSetLp(n);
            Assert.Equal(LpStatus.Optimal, lp.Maximize(Columns(rows, rowsCount, n), h, 0, c, v));
            AssertCertificate(lp, rows, h, 0, c, v, n);
            var (status, value) = Glop(rows, h, 0, c, n);
            Assert.Equal(LpStatus.Optimal, status);
            double mine = c.Zip(v, (a, b) => a * b).Sum();
            Assert.True(Math.Abs(mine - value) <= 1e-8 * (1 + Math.Abs(value)), $"trial {trial}: {mine} vs GLOP {value}");
        }
    }

    [Fact]
    public void HighlyDegenerateApex_TerminatesAtTheApex()
    {
        // 40 planes through the apex (0, 0, 1) of a pyramid-like cone over the unit disc, plus z ≥ 0: max z is 1, at the apex,
        // where 40 rows are tight at once (a vertex degenerate 37 times over).
        const int planes = 40;
        int n = 3, m = planes + 1;
        var rows = new double[m * n];
        var h = new double[m];
        for (int k = 0; k < planes; k++)
        {
            double angle = 2 * Math.PI * k / planes;
            rows[k * n] = Math.Cos(angle);
            rows[k * n + 1] = Math.Sin(angle);
            rows[k * n + 2] = 1;
            h[k] = 1;
        }

        rows[planes * n + 2] = -1;
        double[] c = [0, 0, 1];

        // Start at a point of the base, off-centre, so the path passes through degenerate steps.
        var v = new double[] { 0.3, -0.2, 0 };
        var lp = new ActiveSetLp(n);
        Assert.Equal(LpStatus.Optimal, lp.Maximize(Columns(rows, m, n), h, 0, c, v));
        Assert.Equal(1.0, v[2], 12);
        Assert.Equal(0.0, v[0], 12);
        Assert.Equal(0.0, v[1], 12);
        AssertCertificate(lp, rows, h, 0, c, v, n);
    }

    [Fact]
    public void EqualityRow_IsKept_AndTheOptimumLiesOnIt()
    {
        // max x + y on the unit square with x − y = 0.5: optimum (1, 0.5), value 1.5.
        double[] rows = [1, -1, 1, 0, 0, 1, -1, 0, 0, -1];
        double[] h = [0.5, 1, 1, 0, 0];
        double[] c = [1, 1];
        var v = new double[] { 0.5, 0 };
        var lp = new ActiveSetLp(2);
        Assert.Equal(LpStatus.Optimal, lp.Maximize(Columns(rows, 5, 2), h, 1, c, v));
        Assert.Equal(1.0, v[0], 12);
        Assert.Equal(0.5, v[1], 12);
        AssertCertificate(lp, rows, h, 1, c, v, 2);
    }

    [Fact]
    public void OpenDirection_IsUnbounded()
    {
        // max x subject to y ≤ 1 and −y ≤ 1 only.
        double[] rows = [0, 1, 0, -1];
        double[] h = [1, 1];
        var v = new double[2];
        Assert.Equal(LpStatus.Unbounded, new ActiveSetLp(2).Maximize(Columns(rows, 2, 2), h, 0, [1, 0], v));
    }

    [Fact]
    public void CellLp_ChebyshevRadius_MatchesGlop_OnRandomCells()
    {
        // The cell LP on the dense solver against the same LP given to GLOP row by row, for random arrangements and sign vectors.
        var rng = new Random(7);
        const int d = 4, planes = 10;
        double[] boxNormals = new double[2 * d * d];
        double[] boxOffsets = new double[2 * d];
        for (int j = 0; j < d; j++)
        {
            boxNormals[(2 * j) * d + j] = 1;
            boxNormals[(2 * j + 1) * d + j] = -1;
            boxOffsets[2 * j] = boxOffsets[2 * j + 1] = 1;
        }

        for (int trial = 0; trial < 40; trial++)
        {
            var normals = new double[planes * d];
            var offsets = new double[planes];
            for (int k = 0; k < planes; k++)
            {
                double norm = 0;
                for (int j = 0; j < d; j++)
                {
                    normals[k * d + j] = rng.NextDouble() * 2 - 1;
                    norm += normals[k * d + j] * normals[k * d + j];
                }

                for (int j = 0; j < d; j++)
                {
                    normals[k * d + j] /= Math.Sqrt(norm);
                }

                offsets[k] = rng.NextDouble() - 0.5;
            }

            var cell = new CellLp(d, new LpCounters());
            cell.LoadDomain(boxNormals, boxOffsets);
            cell.LoadPlanes(normals, offsets);
            ulong code = (ulong)rng.Next(1 << planes);
            var x = new double[d];
            var (status, radius) = cell.Solve([code], x);
            Assert.Equal(LpStatus.Optimal, status);

            // The same LP in variables (x, t), row-major, for GLOP.
            int m = 2 * d + planes + 1;
            var rows = new double[m * (d + 1)];
            var h = new double[m];
            int r = 0;
            for (int k = 0; k < 2 * d; k++, r++)
            {
                for (int j = 0; j < d; j++)
                {
                    rows[r * (d + 1) + j] = boxNormals[k * d + j];
                }

                rows[r * (d + 1) + d] = 1;
                h[r] = boxOffsets[k];
            }

            for (int k = 0; k < planes; k++, r++)
            {
                double s = ((code >> k) & 1) != 0 ? -1 : 1;
                for (int j = 0; j < d; j++)
                {
                    rows[r * (d + 1) + j] = -s * normals[k * d + j];
                }

                rows[r * (d + 1) + d] = 1;
                h[r] = s * offsets[k];
            }

            rows[r * (d + 1) + d] = 1;
            h[r] = 1;
            var c = new double[d + 1];
            c[d] = 1;
            var (glopStatus, glopRadius) = Glop(rows, h, 0, c, d + 1);
            Assert.Equal(LpStatus.Optimal, glopStatus);
            Assert.True(Math.Abs(radius - glopRadius) <= 1e-9, $"trial {trial}: radius {radius} vs GLOP {glopRadius}");

            // The witness is at distance ≥ radius from every row of the cell.
            for (int k = 0; k < planes; k++)
            {
                double s = ((code >> k) & 1) != 0 ? -1 : 1;
                double t = offsets[k];
                for (int j = 0; j < d; j++)
                {
                    t += normals[k * d + j] * x[j];
                }

                Assert.True(s * t >= radius - 1e-9, $"plane {k}: signed distance {s * t} < radius {radius}");
            }
        }
    }
}
