using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Regions.Tests.Barrier;

/// <summary>The hand-checkable cases of specs/barrier.md §7 with their exact answers.</summary>
public sealed class BarrierHandCaseTests
{
    private static readonly BarrierOptions Fast = new() { CellsPerAxis = 16, MinCellWidth = 4.0 / 64 };

    private static double Area(BarrierCertificate c) => c.Pieces.Sum(p => PolytopeVertices.Area(p.Polytope));

    private static List<double[]> Corners(BarrierCertificate c) => c.Pieces.SelectMany(p => PolytopeVertices.Polygon(p.Polytope)).ToList();

    private static void AssertCornersAmong(BarrierCertificate c, double[][] expected)
    {
        foreach (double[] v in Corners(c))
        {
            Assert.Contains(expected, e => Math.Abs(e[0] - v[0]) < 1e-9 && Math.Abs(e[1] - v[1]) < 1e-9);
        }

        foreach (double[] e in expected)
        {
            Assert.Contains(Corners(c), v => Math.Abs(e[0] - v[0]) < 1e-9 && Math.Abs(e[1] - v[1]) < 1e-9);
        }
    }

    [Fact]
    public void DiamondNode_IsCertified_FourTriangles_AreaTwo()
    {
        BarrierCertificate c = BarrierCertifier.Certify(BarrierExamples.DiamondNode(), Fast);
        Assert.Equal(BarrierStatus.Certified, c.Status);
        Assert.Equal(4, c.Pieces.Count);
        Assert.Equal(2.0, Area(c), 9);
        Assert.Equal(2.0, c.Volume, 9);
        Assert.True(c.VolumeIsExact);
        foreach (BarrierPiece p in c.Pieces)
        {
            Assert.Equal(3, PolytopeVertices.Polygon(p.Polytope).Length);
        }

        AssertCornersAmong(c, [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]]);
    }

    [Fact]
    public void DiamondRotation_FailsOnTheBoundary()
    {
        BarrierCertificate c = BarrierCertifier.Certify(BarrierExamples.DiamondRotation(), Fast);
        Assert.Equal(BarrierStatus.BoundaryNotDecreasing, c.Status);
        Assert.Empty(c.Pieces);
        Assert.NotNull(c.Witness);

        // The witness lies on the diamond's boundary within the cell size, where L_f B = g·(x2, −x1) can be positive.
        double[] w = c.Witness!;
        Assert.InRange(Math.Abs(w[0]) + Math.Abs(w[1]), 1 - 0.2, 1 + 0.2);
    }

    /// <summary>The extreme-ray rule of §7 case 3, recomputed independently: every wedge between consecutive line directions must have g·A v ≤ 0 at both rays.</summary>
    private static bool ExtremeRayRule(int lines, double[] a)
    {
        int rays = 2 * lines;
        for (int j = 0; j < rays; j++)
        {
            double phi0 = Math.PI / 2 + j * Math.PI / lines, phi1 = phi0 + Math.PI / lines;
            double mid = 0.5 * (phi0 + phi1);
            double gx = 0, gy = 0;
            for (int k = 0; k < lines; k++)
            {
                double cx = Math.Cos(k * Math.PI / lines), cy = Math.Sin(k * Math.PI / lines);
                double s = Math.Sign(cx * Math.Cos(mid) + cy * Math.Sin(mid));
                gx += s * cx;
                gy += s * cy;
            }

            foreach (double phi in new[] { phi0, phi1 })
            {
                double vx = Math.Cos(phi), vy = Math.Sin(phi);
                double ax = a[0] * vx + a[1] * vy, ay = a[2] * vx + a[3] * vy;
                if (gx * ax + gy * ay > 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static TheoryData<int, double[]> PolyNormCases() => new()
    {
        { 2, [-1, 2, -2, -1] }, { 4, [-1, 2, -2, -1] }, { 8, [-1, 2, -2, -1] }, { 16, [-1, 2, -2, -1] },
        { 4, [-0.3, 2, -2, -0.3] }, { 8, [-0.3, 2, -2, -0.3] }, { 16, [-0.3, 2, -2, -0.3] },
        { 4, [0.1, 2, -2, 0.1] }, { 16, [0.1, 2, -2, 0.1] },
    };

    [Theory]
    [MemberData(nameof(PolyNormCases))]
    public void PolyNorm_VerdictMatchesTheExtremeRayRule(int lines, double[] a)
    {
        bool expected = ExtremeRayRule(lines, a);
        BarrierCertificate c = BarrierCertifier.Certify(BarrierExamples.PolyNorm(lines, a), Fast);
        Assert.Equal(expected, c.IsCertified);
        if (expected)
        {
            // All 2K wedges meet {B ≤ 0}; the set is the unit ball of the polyhedral norm: a regular 2K-gon with apothem 1/Σ... checked by area against the wedge triangles.
            Assert.Equal(2 * lines, c.Pieces.Count);
            double area = 0;
            foreach (BarrierPiece p in c.Pieces)
            {
                area += PolytopeVertices.Area(p.Polytope);
            }

            Assert.Equal(area, c.Volume, 9);
        }
        else
        {
            Assert.Equal(BarrierStatus.BoundaryNotDecreasing, c.Status);
        }
    }

    [Fact]
    public void PolyNorm_SpecVerdicts()
    {
        Assert.False(ExtremeRayRule(2, [-1, 2, -2, -1]));
        Assert.True(ExtremeRayRule(4, [-1, 2, -2, -1]));
        Assert.True(ExtremeRayRule(8, [-1, 2, -2, -1]));
        Assert.True(ExtremeRayRule(16, [-1, 2, -2, -1]));
        Assert.False(ExtremeRayRule(4, [-0.3, 2, -2, -0.3]));
        Assert.False(ExtremeRayRule(8, [-0.3, 2, -2, -0.3]));
        Assert.True(ExtremeRayRule(16, [-0.3, 2, -2, -0.3]));
        Assert.False(ExtremeRayRule(16, [0.1, 2, -2, 0.1]));
    }

    [Fact]
    public void TwoDiamonds_ReturnsOnlyTheSeededDiamond()
    {
        BarrierCertificate c = BarrierCertifier.Certify(BarrierExamples.TwoDiamonds(), Fast);
        Assert.Equal(BarrierStatus.Certified, c.Status);
        Assert.Equal(4, c.Pieces.Count);
        Assert.Equal(2.0, c.Volume, 9);
        AssertCornersAmong(c, [[1, 0], [3, 0], [2, 1], [2, -1], [2, 0]]);
        Assert.False(c.Contains([-2.0, 0.0]));
        Assert.True(c.Contains([2.0, 0.5]));
    }

    [Fact]
    public void UnsafeOverlap_Fails_AndShrinkCertifiesJustAboveHalf()
    {
        BarrierProblem problem = BarrierExamples.UnsafeOverlap();
        BarrierCertificate c = BarrierCertifier.Certify(problem, Fast);
        Assert.Equal(BarrierStatus.MeetsUnsafe, c.Status);
        Assert.True(c.Witness![0] >= 0.5 - 1e-6);

        BarrierCertificate s = BarrierCertifier.Certify(problem, Fast with { FailurePolicy = BarrierFailurePolicy.Shrink, ShrinkTolerance = 1e-4 });
        Assert.Equal(BarrierStatus.Certified, s.Status);
        Assert.InRange(s.Level, 0.5, 0.5 + 2e-4);

        // {|x1| + |x2| ≤ 1 − c}: area 2 (1 − c)².
        Assert.Equal(2 * (1 - s.Level) * (1 - s.Level), s.Volume, 9);
    }

    [Fact]
    public void DiscreteDiamond_HalfIsCertified_ExpansionFails()
    {
        BarrierCertificate half = BarrierCertifier.Certify(BarrierExamples.DiamondDiscrete(0.5), Fast);
        Assert.Equal(BarrierStatus.Certified, half.Status);
        Assert.Equal(2.0, half.Volume, 9);
        Assert.Equal(BarrierBoundaryPolicy.WholePiece, half.BoundaryPolicy);

        BarrierCertificate grow = BarrierCertifier.Certify(BarrierExamples.DiamondDiscrete(1.1), Fast);
        Assert.False(grow.IsCertified);
        Assert.Equal(BarrierStatus.BoundaryNotDecreasing, grow.Status);
    }

    [Fact]
    public void Pieces_WitnessesAreInterior_AffineFormMatchesTheNetwork_AndMissTheUnsafeSet()
    {
        BarrierProblem problem = BarrierExamples.DiamondNode();
        BarrierCertificate c = BarrierCertifier.Certify(problem, Fast);
        foreach (BarrierPiece p in c.Pieces)
        {
            Assert.True(p.Polytope.MinSlack(p.Witness) > 0);
            double affine = p.Offset;
            for (int j = 0; j < 2; j++)
            {
                affine += p.Gradient[j] * p.Witness[j];
            }

            Assert.Equal(problem.Barrier.Evaluate(p.Witness)[0], affine, 12);
            Assert.True(affine < 0);
            foreach (double[] v in PolytopeVertices.Polygon(p.Polytope))
            {
                Assert.True(v[0] < 1.5);
            }

            Assert.Equal(4, p.Pattern.Length);
        }
    }

    [Fact]
    public void Result_IsIdenticalFor1_2_4Threads()
    {
        BarrierProblem problem = BarrierExamples.PolyNorm(8, [-1, 2, -2, -1]);
        string Signature(int threads)
        {
            BarrierCertificate c = BarrierCertifier.Certify(problem, Fast with { MaxDegreeOfParallelism = threads });
            return string.Join(";", c.Pieces.Select(p => p.Pattern + ":" + string.Join(",", p.Polytope.HalfSpaces.Select(h => h.Offset.ToString("R")))))
                + $"|{c.Statistics.RegionsVisited}|{c.Statistics.Cells}|{c.UncertifiedCells.Count}|{c.Statistics.LpsSkipped}";
        }

        string one = Signature(1);
        Assert.Equal(one, Signature(2));
        Assert.Equal(one, Signature(4));
    }

    [Theory]
    [InlineData("polynorm-8")]
    [InlineData("diamond-discrete")]
    public void JobRunner_InAnyOrderThroughTheByteForm_GivesTheThreadedCertificate(string name)
    {
        BarrierProblem problem = name == "polynorm-8" ? BarrierExamples.PolyNorm(8, [-1, 2, -2, -1]) : BarrierExamples.DiamondDiscrete(0.5);
        int levels = 0;
        int jobs = 0;

        // Another process's view: jobs run last-first, each result only as bytes.
        byte[][] Reversed(int count, Func<int, CancellationToken, byte[]> job, CancellationToken ct)
        {
            levels++;
            jobs += count;
            var results = new byte[count][];
            for (int i = count - 1; i >= 0; i--)
            {
                results[i] = job(i, ct);
            }

            return results;
        }

        string Signature(BarrierCertificate c) =>
            $"{c.Status}|{c.Reason}|" + string.Join(";", c.Pieces.Select(p => p.Pattern + ":" + string.Join(",", p.Polytope.HalfSpaces.Select(h => h.Offset.ToString("R")))
                + ":" + string.Join(",", p.Separations.Select(s => $"{s.Kind}/{s.Target}"))))
            + $"|{c.Statistics.RegionsVisited}|{c.Statistics.Cells}|{c.UncertifiedCells.Count}|{c.Statistics.LpsSkipped}|{c.Volume:R}";

        BarrierCertificate threaded = BarrierCertifier.Certify(problem, Fast with { MaxDegreeOfParallelism = 1 });
        BarrierCertificate viaJobs = BarrierCertifier.Certify(problem, Fast with { MaxDegreeOfParallelism = 1, JobRunner = Reversed });
        Assert.True(threaded.IsCertified);
        Assert.True(levels >= 2 && jobs > threaded.Pieces.Count, $"{levels} levels, {jobs} jobs");
        Assert.Equal(Signature(threaded), Signature(viaJobs));
    }

    [Fact]
    public void HashBeforeLp_SamePieces_FewerLps()
    {
        BarrierProblem problem = BarrierExamples.PolyNorm(16, [-1, 2, -2, -1]);
        var options = Fast with { MaxDegreeOfParallelism = 1 };
        BarrierCertificate with = BarrierCertifier.Certify(problem, options);
        BarrierCertificate without = BarrierCertifier.Certify(problem, options with { HashBeforeLp = false });
        Assert.Equal(with.Pieces.Select(p => p.Pattern), without.Pieces.Select(p => p.Pattern));
        Assert.True(with.Statistics.LpsSolved < without.Statistics.LpsSolved);
    }
}
