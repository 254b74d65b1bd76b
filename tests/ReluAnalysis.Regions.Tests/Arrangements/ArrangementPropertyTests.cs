using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Arrangements;

namespace ReluAnalysis.Regions.Tests.Arrangements;

public class ArrangementPropertyTests
{
    private static string Key(ArrangementCell c) => string.Concat(c.Signs.Select(s => s > 0 ? '+' : '-'));

    [Theory]
    [InlineData(12, 2, 1)]
    [InlineData(25, 2, 2)]
    [InlineData(15, 3, 3)]
    public void CellAreasOrVolumes_SumToTheBox(int n, int d, int seed)
    {
        var (arr, box) = ArrangementFactory.Affine(n, d, seed);
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { ComputeHRepresentation = true });
        Assert.Equal(ArrangementFactory.AffineCount(n, d), r.Cells.Count);
        double total = r.Cells.Sum(c => d == 2 ? PolytopeVertices.Area(c.HRepresentation!) : PolytopeVertices.Volume(c.HRepresentation!));
        Assert.True(Math.Abs(total - box.Volume()) <= 1e-9 * box.Volume(), $"sum {total} vs box {box.Volume()}");
    }

    [Fact]
    public void HRepresentation_IsIrredundant_AndContainsWitness()
    {
        var (arr, box) = ArrangementFactory.Affine(10, 2, 11);
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { ComputeHRepresentation = true });
        foreach (ArrangementCell c in r.Cells)
        {
            Polytope p = c.HRepresentation!;
            Assert.True(p.Contains(c.Witness));

            // In 2-D an irredundant polygon has exactly as many vertices as rows.
            Assert.Equal(p.HalfSpaces.Count, PolytopeVertices.Polygon(p).Length);
        }
    }

    [Fact]
    public void Witnesses_SatisfyTheirSignVector_WithPositiveSlack_AndLieInTheBox()
    {
        var (arr, box) = ArrangementFactory.Affine(14, 3, 5);
        ArrangementResult r = ArrangementEnumerator.Enumerate(arr, box);
        foreach (ArrangementCell c in r.Cells)
        {
            Assert.True(c.Slack > 1e-11);
            Assert.True(box.Contains(c.Witness));
            for (int i = 0; i < arr.Count; i++)
            {
                double t = arr.Evaluate(i, c.Witness);
                Assert.True(c.Signs[i] * t > 0, $"hyperplane {i}: sign {c.Signs[i]} but t = {t}");
            }
        }

        Assert.Equal(r.Cells.Count, r.Cells.Select(Key).Distinct().Count());
    }

    [Fact]
    public void Determinism_SameCellsAndWitnesses_For1_2_4Threads_AndAcrossRuns()
    {
        var (arr, box) = ArrangementFactory.Affine(18, 3, 9);
        ArrangementResult[] runs =
        [
            ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { MaxDegreeOfParallelism = 1 }),
            ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { MaxDegreeOfParallelism = 2 }),
            ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { MaxDegreeOfParallelism = 4 }),
            ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { MaxDegreeOfParallelism = 4 }),
        ];
        foreach (ArrangementResult r in runs.Skip(1))
        {
            Assert.Equal(runs[0].Cells.Count, r.Cells.Count);
            for (int c = 0; c < r.Cells.Count; c++)
            {
                Assert.Equal(Key(runs[0].Cells[c]), Key(r.Cells[c]));
                Assert.Equal(runs[0].Cells[c].Witness, r.Cells[c].Witness);
            }

            Assert.Equal(runs[0].Lp.Solved, r.Lp.Solved);
        }
    }

    [Fact]
    public void HashAndProbing_ReduceLps_WithoutChangingTheCells()
    {
        var (arr, box) = ArrangementFactory.Affine(12, 3, 21);
        ArrangementResult full = ArrangementEnumerator.Enumerate(arr, box);
        ArrangementResult noHash = ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { HashBeforeLp = false });
        ArrangementResult noProbe = ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { WitnessProbing = false });
        ArrangementResult neither = ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { WitnessProbing = false, HashBeforeLp = false });
        var keys = full.Cells.Select(Key).ToHashSet();
        foreach (ArrangementResult r in new[] { noHash, noProbe, neither })
        {
            Assert.True(keys.SetEquals(r.Cells.Select(Key)));
        }

        Assert.True(full.Lp.Solved <= noHash.Lp.Solved);
        Assert.True(full.Lp.Solved <= noProbe.Lp.Solved);
        Assert.True(noProbe.Lp.Solved <= neither.Lp.Solved);
        Assert.True(full.Lp.Skipped > 0);
    }

    [Theory]
    [InlineData(16, 3, 31)]
    [InlineData(9, 4, 32)]
    public void CertificateCache_SkipsLps_WithoutChangingTheCells(int n, int d, int seed)
    {
        var (arr, box) = ArrangementFactory.Affine(n, d, seed);
        ArrangementResult with = ArrangementEnumerator.Enumerate(arr, box);
        ArrangementResult without = ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { CertificateCache = false });
        Assert.Equal(ArrangementFactory.AffineCount(n, d), with.Cells.Count);
        Assert.True(with.Cells.Select(Key).ToHashSet().SetEquals(without.Cells.Select(Key)));
        Assert.True(with.Lp.Solved < without.Lp.Solved);
    }

    [Fact]
    public void Limit_Callback_Progress_Cancellation()
    {
        var (arr, box) = ArrangementFactory.Affine(10, 2, 4);
        ArrangementResult limited = ArrangementEnumerator.Enumerate(arr, box, new ArrangementOptions { MaxCells = 17 });
        Assert.Equal(EnumerationStatus.Limit, limited.Status);
        Assert.Equal(17, limited.Cells.Count);

        int seen = 0;
        ArrangementResult stopped = ArrangementEnumerator.Enumerate(arr, box, onCell: c => ++seen == 5 ? RegionDecision.Stop : RegionDecision.Continue);
        Assert.Equal(EnumerationStatus.Stopped, stopped.Status);
        Assert.Equal(5, stopped.Cells.Count);

        var reports = new List<OperationProgress>();
        ArrangementResult all = ArrangementEnumerator.Enumerate(arr, box, progress: new SynchronousProgress(reports.Add));
        Assert.NotEmpty(reports);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Completed <= p.Second.Completed));
        Assert.Equal(all.Cells.Count, reports[^1].Completed);
        Assert.Equal(Enumerable.Range(0, reports.Count).Select(k => $"level {k}"), reports.Select(r => r.Stage));

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ArrangementEnumerator.Enumerate(arr, box, cancellationToken: cts.Token));
    }

    [Fact]
    public void BadInput_IsRejectedWithNames()
    {
        var arr = HyperplaneArrangement.FromRows([[1, 0, 0]]);
        var flat = new Box([0.0, 0.0], [1.0, 0.0]);
        Assert.Contains("box", Assert.Throws<ArgumentException>(() => ArrangementEnumerator.Enumerate(arr, flat)).Message);
        Assert.Throws<ArgumentException>(() => new HyperplaneArrangement(2, [1.0, double.NaN], [0.0]));
        Assert.Throws<ArgumentException>(() => ArrangementEnumerator.Enumerate(arr, new Box([0.0, 0.0], [1.0, 1.0]), new ArrangementOptions { MaxCells = 0 }));
        Assert.Throws<ArgumentException>(() => ArrangementEnumerator.Enumerate(arr, new Box([0.0, 0.0, 0.0], [1.0, 1.0, 1.0])));
    }
}
