using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Tests.Arrangements;

public class ArrangementCountTests
{
    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(6, 2)]
    [InlineData(10, 2)]
    [InlineData(30, 2)]
    [InlineData(5, 3)]
    [InlineData(10, 3)]
    [InlineData(20, 3)]
    [InlineData(8, 4)]
    [InlineData(12, 4)]
    [InlineData(7, 5)]
    public void Affine_GeneralPosition_MatchesZaslavskyCount(int n, int d)
    {
        var (arr, box) = ArrangementFactory.Affine(n, d, seed: 100 * n + d);
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, box);
        Assert.Equal(EnumerationStatus.Complete, r.Status);
        Assert.Empty(r.Removed);
        Assert.Equal(ArrangementFactory.AffineCount(n, d), r.Cells.Count);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(40, 2)]
    [InlineData(40, 3)]
    [InlineData(16, 5)]
    [InlineData(20, 4)]
    public void Affine_GeneralPosition_Large_MatchesZaslavskyCount(int n, int d)
    {
        var (arr, box) = ArrangementFactory.Affine(n, d, seed: 100 * n + d);
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, box);
        Assert.Equal(EnumerationStatus.Complete, r.Status);
        Assert.Equal(ArrangementFactory.AffineCount(n, d), r.Cells.Count);
    }

    [Theory]
    [InlineData(6, 3)]
    [InlineData(10, 3)]
    [InlineData(5, 2)]
    [InlineData(7, 4)]
    [InlineData(8, 5)]
    [InlineData(25, 3)]
    public void Central_GeneralPosition_MatchesCount(int n, int d)
    {
        HyperplaneArrangement arr = ArrangementFactory.Central(n, d, seed: 7 * n + d);
        var box = new Box(Enumerable.Repeat(-1.0, d).ToArray(), Enumerable.Repeat(1.0, d).ToArray());
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, box);
        Assert.Equal(EnumerationStatus.Complete, r.Status);
        Assert.Equal(ArrangementFactory.CentralCount(n, d), r.Cells.Count);
    }

    [Fact]
    public void OneDimension_DistinctPoints_GiveNPlusOneIntervals()
    {
        double[] knots = [-0.7, -0.2, 0.1, 0.45, 0.9];
        var arr = new HyperplaneArrangement(1, knots.Select(_ => 2.0).ToArray(), knots.Select(k => -2 * k).ToArray());
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, new Box([-1.0], [1.0]));
        Assert.Equal(knots.Length + 1, r.Cells.Count);
    }

    [Theory]
    [InlineData(2, 8, 1)]
    [InlineData(2, 12, 2)]
    [InlineData(3, 10, 3)]
    [InlineData(3, 12, 4)]
    [InlineData(4, 9, 5)]
    public void RandomInstance_InsideBox_MatchesBruteForceOverSignVectors(int d, int n, int seed)
    {
        // Random hyperplanes whose vertices may lie outside the box: compare with one LP per sign vector.
        var rng = new Random(seed);
        var a = new double[n * d];
        var b = new double[n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = ArrangementFactory.Gauss(rng);
        }

        for (int i = 0; i < n; i++)
        {
            b[i] = 1.5 * (2 * rng.NextDouble() - 1);
        }

        var arr = new HyperplaneArrangement(d, a, b);
        var box = new Box(Enumerable.Repeat(-1.0, d).ToArray(), Enumerable.Repeat(1.0, d).ToArray());
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, box);
        Assert.Equal(EnumerationStatus.Complete, r.Status);

        // Brute force: unit rows in input orientation, Chebyshev LP for each of the 2^n sign vectors.
        var unit = new double[n * d];
        var off = new double[n];
        for (int i = 0; i < n; i++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, d).Sum(j => a[i * d + j] * a[i * d + j]));
            for (int j = 0; j < d; j++)
            {
                unit[i * d + j] = a[i * d + j] / norm;
            }

            off[i] = b[i] / norm;
        }

        var (f, g) = PreparedArrangement.BoxRows(box);
        var lp = new CellLp(d, new LpCounters());
        lp.LoadDomain(f, g);
        lp.LoadPlanes(unit, off);
        var x = new double[d];
        var brute = new HashSet<string>();
        for (ulong code = 0; code < 1UL << n; code++)
        {
            var (status, radius) = lp.Solve([code], x);
            Assert.Equal(LpStatus.Optimal, status);
            if (radius > 1e-9)
            {
                brute.Add(string.Concat(Enumerable.Range(0, n).Select(i => ((code >> i) & 1) != 0 ? '-' : '+')));
            }
        }

        var found = r.Cells.Select(c => string.Concat(c.Signs.Select(s => s > 0 ? '+' : '-'))).ToHashSet();
        Assert.Equal(brute.Count, r.Cells.Count);
        Assert.True(brute.SetEquals(found));
    }
}
