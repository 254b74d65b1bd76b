using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Arrangements;

namespace ReluAnalysis.Regions.Tests.Arrangements;

public class ArrangementDegenerateTests
{
    private static readonly Box Square = new([-1.0, -1.0], [1.0, 1.0]);

    private static ArrangementResult Run(params double[][] rows) => ArrangementEnumerator.Enumerate(HyperplaneArrangement.FromRows(rows), Square);

    [Fact]
    public void TwoCrossingLines_FourCells() => Assert.Equal(4, Run([1, 0, 0.1], [0, 1, -0.2]).Cells.Count);

    [Fact]
    public void TwoParallelLines_ThreeCells() => Assert.Equal(3, Run([1, 1, 0.3], [2, 2, -0.5]).Cells.Count);

    [Fact]
    public void ThreeConcurrentLines_SixCellsNotSeven()
    {
        // Through (0.2, −0.1).
        ArrangementResult r = Run([1, 0, -0.2], [0, 1, 0.1], [1, 1, -0.1]);
        Assert.Equal(6, r.Cells.Count);
        Assert.Equal(EnumerationStatus.Complete, r.Status);
    }

    [Fact]
    public void ConcurrentLinesThroughTheSeed_SeedIsMoved_2KCells()
    {
        // Five lines through the box centre (the default seed) give 10 sectors.
        var rows = Enumerable.Range(0, 5).Select(k => new[] { Math.Cos(0.3 + k * Math.PI / 5), Math.Sin(0.3 + k * Math.PI / 5), 0.0 }).ToArray();
        Assert.Equal(10, Run(rows).Cells.Count);
    }

    [Fact]
    public void DuplicateAndAntiDuplicate_SameCount_Reported()
    {
        ArrangementResult plain = Run([1, 0, 0.1], [0, 1, -0.2], [1, -1, 0.05]);
        ArrangementResult dup = Run([1, 0, 0.1], [0, 1, -0.2], [1, -1, 0.05], [2, 0, 0.2], [0, -3, 0.6]);
        Assert.Equal(plain.Cells.Count, dup.Cells.Count);
        Assert.Equal(7, plain.Cells.Count);
        Assert.Equal(2, dup.Removed.Count);
        Assert.Contains(new RemovedHyperplane(3, RemovalReason.Duplicate, 0), dup.Removed);
        Assert.Contains(new RemovedHyperplane(4, RemovalReason.Duplicate, 1), dup.Removed);

        // The duplicate's sign is the kept row's sign (same orientation), the anti-duplicate's the opposite.
        foreach (ArrangementCell c in dup.Cells)
        {
            Assert.Equal(c.Signs[0], c.Signs[3]);
            Assert.Equal(c.Signs[1], -c.Signs[4]);
        }
    }

    [Fact]
    public void HyperplaneMissingTheBox_AddsNothing_Reported()
    {
        ArrangementResult r = Run([1, 0, 0.1], [0, 1, -0.2], [1, 1, 5.0], [1, 0, -1.0]);
        Assert.Equal(4, r.Cells.Count);
        Assert.Equal([2, 3], r.Removed.Select(x => x.Index));
        Assert.All(r.Removed, x => Assert.Equal(RemovalReason.MissesDomain, x.Reason));

        // A line missing the box is positive everywhere on it; the line x = 1 (a box face) is ≤ 0 on it.
        Assert.All(r.Cells, c => Assert.Equal(1, c.Signs[2]));
        Assert.All(r.Cells, c => Assert.Equal(-1, c.Signs[3]));
    }

    [Fact]
    public void ZeroRow_RemovedAsConstant()
    {
        ArrangementResult r = Run([1, 0, 0.1], [0, 0, 2.0]);
        Assert.Equal(2, r.Cells.Count);
        Assert.Equal(RemovalReason.ZeroNormal, Assert.Single(r.Removed).Reason);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 5)]
    public void GridOfVerticalAndHorizontalLines_ProductCount(int k, int m)
    {
        var rows = new List<double[]>();
        for (int i = 0; i < k; i++)
        {
            rows.Add([1, 0, -(-0.9 + 1.8 * (i + 1) / (k + 1))]);
        }

        for (int i = 0; i < m; i++)
        {
            rows.Add([0, 1, -(-0.85 + 1.7 * (i + 1) / (m + 1))]);
        }

        Assert.Equal((k + 1) * (m + 1), Run([.. rows]).Cells.Count);
    }

    [Fact]
    public void PolytopeDomain_TriangleCutByALine()
    {
        // Triangle x ≥ 0, y ≥ 0, x + y ≤ 1; the line x = 0.3 crosses it, the line x + y = 2 misses it.
        var tri = new Polytope(2, [new HalfSpace([-1.0, 0], 0), new HalfSpace([0, -1.0], 0), new HalfSpace([1.0, 1], 1)]);
        var arr = HyperplaneArrangement.FromRows([[1, 0, -0.3], [1, 1, -2], [0, 1, -0.2]]);
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, tri, new ArrangementOptions { ComputeHRepresentation = true });
        Assert.Equal(4, r.Cells.Count);
        Assert.Equal(RemovalReason.MissesDomain, Assert.Single(r.Removed).Reason);
        double area = r.Cells.Sum(c => PolytopeVertices.Area(c.HRepresentation!));
        Assert.Equal(0.5, area, 12);
    }
}
