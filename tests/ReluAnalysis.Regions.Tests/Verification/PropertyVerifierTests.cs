using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.NetworkRegions;
using ReluAnalysis.Regions.Verification;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Regions.Tests.Verification;

public class PropertyVerifierTests
{
    /// <summary>No attack: the search alone must decide.</summary>
    private static readonly VerificationOptions SearchOnly = new() { AttackSamples = 0, AttackRestarts = 0 };

    /// <summary>The search alone, splitting inputs only (no region leaves).</summary>
    private static readonly VerificationOptions InputSplitsOnly = SearchOnly with { RegionLeafNeurons = 0, RegionLeafDepth = int.MaxValue };

    /// <summary>Unsafe set {y : y_output ≤ t} (one row) or {y : y_output ≥ t}.</summary>
    private static Polytope Row(int outputs, int output, double sign, double t)
    {
        var g = new double[outputs];
        g[output] = sign;
        return new Polytope(outputs, [new HalfSpace(g, sign * t)]);
    }

    /// <summary>f(x) = Σ_j |x_j| + c·x_last (hidden layer ReLU(±x_j)).</summary>
    private static ReluNetwork AbsSum(int d, double lastSlope = 0)
    {
        var w = new double[2 * d * d];
        for (int j = 0; j < d; j++)
        {
            w[(2 * j) * d + j] = 1;
            w[(2 * j + 1) * d + j] = -1;
        }

        var w2 = Enumerable.Repeat(1.0, 2 * d).ToArray();
        w2[2 * (d - 1)] += lastSlope;
        w2[2 * (d - 1) + 1] -= lastSlope;
        return new ReluNetwork([new DenseLayer(2 * d, d, w, new double[2 * d]), new DenseLayer(1, 2 * d, w2, [0.0])]);
    }

    private static void AssertReplays(ReluNetwork net, VerificationProperty p, VerificationResult r)
    {
        Assert.Equal(VerificationStatus.Violated, r.Status);
        double[] x = r.Counterexample!;
        Assert.True(p.InputPieceOf(x) >= 0, "counterexample outside the input set");
        double[] y = net.Evaluate(x);
        Assert.Equal(y, r.Output);
        Assert.Equal(r.Disjunct, p.UnsafeDisjunctOf(y));
        Assert.True(r.Disjunct >= 0);
    }

    [Fact]
    public void HoldsByAMargin_AbsoluteValueSum_NeverBelowMinusTenth()
    {
        ReluNetwork net = AbsSum(3);
        var p = new VerificationProperty([new Box([-1.0, -1, -1], [1.0, 1, 1])], [Row(1, 0, 1, -0.1)], 1);
        VerificationResult r = PropertyVerifier.Verify(net, p, SearchOnly with { KeepSearchTree = true });
        Assert.Equal(VerificationStatus.Holds, r.Status);
        Assert.Null(r.Counterexample);
        Assert.True(r.Regions >= 1);
        Assert.Equal(r.Regions, r.SearchTree!.Count);
        Assert.All(r.SearchTree, n => Assert.NotEqual(NodeClosure.Open, n.Closure));

        // Every leaf of the recorded tree is closed; children halve their parent's split side.
        foreach (VerificationNode n in r.SearchTree.Where(n => n.Parent >= 0))
        {
            VerificationNode parent = r.SearchTree[n.Parent];
            Assert.Equal(NodeClosure.Split, parent.Closure);
            int j = parent.SplitDimension;
            Assert.True(n.Upper[j] == parent.SplitValue || n.Lower[j] == parent.SplitValue);
        }
    }

    [Fact]
    public void ADisjunctEmptyOnlyByItsRowsTogether_IsExcludedAtTheRoot_WithHalfAndHalf()
    {
        // y1 = ReLU(x) − ReLU(−x) + 0.1 = x + 0.1 and y2 = −x + 0.1 on [−1, 1] (both neurons unstable): the disjunct
        // {y1 ≤ 0, y2 ≤ 0} asks x ≤ −0.1 and x ≥ 0.1 at once, so it is empty, yet each row alone reaches −0.9. The
        // combination ½ y1 + ½ y2 = 0.1 > 0 excludes it on the whole box, without a split.
        var net = new ReluNetwork([new DenseLayer(2, 1, [1.0, -1.0], [0.0, 0.0]), new DenseLayer(2, 2, [1.0, -1.0, -1.0, 1.0], [0.1, 0.1])]);
        var unsafeSet = new Polytope(2, [new HalfSpace([1.0, 0.0], 0.0), new HalfSpace([0.0, 1.0], 0.0)]);
        var p = new VerificationProperty([new Box([-1.0], [1.0])], [unsafeSet], 2);
        VerificationResult r = PropertyVerifier.Verify(net, p, SearchOnly with { KeepSearchTree = true });
        Assert.Equal(VerificationStatus.Holds, r.Status);
        Assert.Equal(1, r.Regions);
        DisjunctExclusion e = Assert.Single(r.SearchTree![0].Exclusions);
        Assert.Equal([0, 1], e.Rows);
        Assert.Equal(0.5, e.Multipliers[0], 12);
        Assert.Equal(0.5, e.Multipliers[1], 12);

        // Moving the rows apart by 0.2 makes the disjunct non-empty: x = 0 gives y = (−0.1, −0.1).
        var reachable = new VerificationProperty([new Box([-1.0], [1.0])], [new Polytope(2, [new HalfSpace([1.0, 0.0], 0.0), new HalfSpace([0.0, 1.0], 0.0)])], 2);
        var lowered = new ReluNetwork([new DenseLayer(2, 1, [1.0, -1.0], [0.0, 0.0]), new DenseLayer(2, 2, [1.0, -1.0, -1.0, 1.0], [-0.1, -0.1])]);
        VerificationResult v = PropertyVerifier.Verify(lowered, reachable, SearchOnly);
        AssertReplays(lowered, reachable, v);
    }

    [Fact]
    public void ViolatedOnlyAtOneVertex_IsFoundByTheSearch_AndReplays()
    {
        // f = 2 ReLU(x0 + x1 − 1.5) reaches 1 on [0,1]² only at (1, 1).
        var net = new ReluNetwork([new DenseLayer(1, 2, [1.0, 1.0], [-1.5]), new DenseLayer(1, 1, [2.0], [0.0])]);
        var p = new VerificationProperty([new Box([0.0, 0.0], [1.0, 1.0])], [Row(1, 0, -1, 1.0)], 1);
        VerificationResult r = PropertyVerifier.Verify(net, p, SearchOnly);
        AssertReplays(net, p, r);
        Assert.Equal([1.0, 1.0], r.Counterexample!);
        Assert.False(r.FoundByAttack);

        // Raising the threshold by 1e-6 makes it hold.
        var safe = new VerificationProperty([new Box([0.0, 0.0], [1.0, 1.0])], [Row(1, 0, -1, 1.0 + 1e-6)], 1);
        Assert.Equal(VerificationStatus.Holds, PropertyVerifier.Verify(net, safe, SearchOnly).Status);
    }

    [Fact]
    public void DegenerateBox_FixedSide_DecidesOnTheSlice()
    {
        // f = |x0| + |x1| + |x2| + 4 x2: with x2 fixed at 0 the minimum is 0, with x2 fixed at −0.1 it is −0.3.
        ReluNetwork net = AbsSum(3, lastSlope: 4);
        var at0 = new VerificationProperty([new Box([-1.0, -1, 0], [1.0, 1, 0])], [Row(1, 0, 1, -0.01)], 1);
        Assert.Equal(VerificationStatus.Holds, PropertyVerifier.Verify(net, at0, SearchOnly).Status);
        var below = new VerificationProperty([new Box([-1.0, -1, -0.1], [1.0, 1, -0.1])], [Row(1, 0, 1, -0.01)], 1);
        VerificationResult r = PropertyVerifier.Verify(net, below, SearchOnly);
        AssertReplays(net, below, r);
        Assert.Equal(-0.1, r.Counterexample![2]);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void RandomNetwork_ThresholdJustBelowOrAbove_TheExactMinimum_FromRegionVertices(int seed, bool regionLeaves)
    {
        VerificationOptions options = regionLeaves ? SearchOnly with { RegionLeafDepth = 0 } : InputSplitsOnly;
        ReluNetwork net = ReluNetwork.Random([2, 10, 10, 1], seed, biasScale: 0.3);
        var box = new Box([-1.0, -1.0], [1.0, 1.0]);

        // The exact minimum of a piecewise-linear function over a box is attained at a vertex of a region.
        LinearRegionResult regions = LinearRegionEnumerator.Enumerate(net, box, new LinearRegionOptions { ComputeHRepresentation = true });
        double min = regions.Regions.SelectMany(r => PolytopeVertices.Polygon(r.HRepresentation!)).Min(v => net.Evaluate(v)[0]);
        double scale = Math.Max(1.0, Math.Abs(min));
        var holds = new VerificationProperty([box], [Row(1, 0, 1, min - 1e-6 * scale)], 1);
        var violated = new VerificationProperty([box], [Row(1, 0, 1, min + 1e-6 * scale)], 1);
        VerificationResult held = PropertyVerifier.Verify(net, holds, options);
        Assert.Equal(VerificationStatus.Holds, held.Status);
        Assert.Equal(regionLeaves, held.LinearRegions > 0);
        VerificationResult r = PropertyVerifier.Verify(net, violated, options);
        AssertReplays(net, violated, r);
    }

    /// <summary>
    /// Region leaves and input splits decide the same: a 4-input network under thresholds around its minimum over the
    /// box (estimated by sampling), one disjunct of two rows; with a fixed side (the slice goes through the restricted
    /// network); every counterexample replays. Region leaves are taken at every depth here, so they decide at the root,
    /// where input splits need several boxes.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RegionLeaves_AndInputSplits_GiveTheSameVerdicts(bool fixedSide)
    {
        ReluNetwork net = ReluNetwork.Random([4, 14, 14, 12, 2], seed: 17, biasScale: 0.3);
        var box = fixedSide ? new Box([-1.0, -1, 0.25, -1], [1.0, 1, 0.25, 1]) : new Box([-1.0, -1, -1, -1], [1.0, 1, 1, 1]);
        var rng = new Random(5);
        var x = new double[4];
        double least = double.PositiveInfinity;
        for (int s = 0; s < 20000; s++)
        {
            box.Sample(rng, x);
            least = Math.Min(least, net.Evaluate(x)[0]);
        }

        int[] verdicts = [0, 0, 0];
        long splitBoxes = 0;
        foreach (double shift in new[] { -0.3, -0.03, 0.0, 0.05 })
        {
            // Unsafe: y0 ≤ least + shift and y1 ≥ −10.
            var unsafeSet = new Polytope(2, [new HalfSpace([1.0, 0.0], least + shift), new HalfSpace([0.0, -1.0], 10.0)]);
            var p = new VerificationProperty([box], [unsafeSet], 2);
            VerificationResult split = PropertyVerifier.Verify(net, p, InputSplitsOnly);
            VerificationResult leaves = PropertyVerifier.Verify(net, p, SearchOnly with { RegionLeafDepth = 0 });
            Assert.Equal(split.Status, leaves.Status);
            Assert.Equal(1, leaves.Regions);
            splitBoxes = Math.Max(splitBoxes, split.Regions);
            if (leaves.Status == VerificationStatus.Violated)
            {
                AssertReplays(net, p, leaves);
                AssertReplays(net, p, split);
            }

            verdicts[(int)leaves.Status]++;
        }

        Assert.True(verdicts[(int)VerificationStatus.Holds] > 0 && verdicts[(int)VerificationStatus.Violated] > 0, "expected both verdicts");
        Assert.True(splitBoxes > 1, "input splits alone closed every property at the root: the region leaves were not exercised");
    }

    [Fact]
    public void UnionOfBoxes_And_PolytopePiece_AreSearched()
    {
        // f = |x0| + |x1|; unsafe f ≤ 0.05. Pieces away from the origin hold; a triangle touching the origin does not.
        ReluNetwork net = AbsSum(2);
        var far = new VerificationProperty([new Box([0.5, -1.0], [1.0, 1.0]), new Box([-1.0, -1.0], [-0.5, 1.0])], [Row(1, 0, 1, 0.05)], 1);
        Assert.Equal(VerificationStatus.Holds, PropertyVerifier.Verify(net, far, SearchOnly).Status);
        var triangle = new Polytope(2, [new HalfSpace([-1.0, 0.0], 0.0), new HalfSpace([0.0, -1.0], 0.0), new HalfSpace([1.0, 1.0], 1.0)]);
        var touching = new VerificationProperty([triangle], [Row(1, 0, 1, 0.05)], 1);
        Assert.Null(touching.InputBoxes[0]);
        AssertReplays(net, touching, PropertyVerifier.Verify(net, touching, SearchOnly));
    }

    [Theory]
    [InlineData(SplitRule.Strong, false)]
    [InlineData(SplitRule.Coefficient, false)]
    [InlineData(SplitRule.Strong, true)]
    public void Verdicts_Counterexamples_AndStatistics_AreIdentical_ForOneTwoAndFourThreads(SplitRule split, bool regionLeaves)
    {
        VerificationOptions options = (regionLeaves ? SearchOnly with { RegionLeafNeurons = 6, RegionLeafDepth = 3 } : InputSplitsOnly) with { Split = split };
        ReluNetwork net = ReluNetwork.Random([3, 12, 12, 2], seed: 8, biasScale: 0.3);
        var box = new Box([-1.0, -1, -1], [1.0, 1, 1]);

        // Unsafe: y0 ≥ y1 + 0.5 (some inputs) or y1 ≥ 10 (none).
        var unsafeA = new Polytope(2, [new HalfSpace([-1.0, 1.0], -0.5)]);
        var p = new VerificationProperty([box], [unsafeA, Row(2, 1, -1, 10)], 2);
        VerificationResult[] runs = [.. new[] { 1, 2, 4 }.Select(t => PropertyVerifier.Verify(net, p, options with { MaxDegreeOfParallelism = t }))];
        foreach (VerificationResult r in runs)
        {
            Assert.Equal(runs[0].Status, r.Status);
            Assert.Equal(runs[0].Counterexample, r.Counterexample);
            Assert.Equal(runs[0].Regions, r.Regions);
            Assert.Equal(runs[0].LpsSolved, r.LpsSolved);
            Assert.Equal(runs[0].LinearRegions, r.LinearRegions);
        }
    }

    [Fact]
    public void BadArguments_And_Limits()
    {
        ReluNetwork net = AbsSum(2);
        var p = new VerificationProperty([new Box([-1.0, -1], [1.0, 1])], [Row(1, 0, 1, -0.1)], 1);
        Assert.Contains("inputs", Assert.Throws<ArgumentException>(() => PropertyVerifier.Verify(AbsSum(3), p)).Message);
        Assert.Contains("Timeout", Assert.Throws<ArgumentException>(() => PropertyVerifier.Verify(net, p, new VerificationOptions { Timeout = TimeSpan.Zero })).Message);
        Assert.Contains("MaxNodes", Assert.Throws<ArgumentException>(() => PropertyVerifier.Verify(net, p, new VerificationOptions { MaxNodes = 0 })).Message);
        VerificationResult limited = PropertyVerifier.Verify(ReluNetwork.Random([2, 20, 20, 1], 3), new VerificationProperty([new Box([-1.0, -1], [1.0, 1])], [Row(1, 0, 1, -100)], 1), SearchOnly with { MaxNodes = 1 });
        Assert.True(limited.Status == VerificationStatus.Holds || limited.UnknownReason == "node limit");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PropertyVerifier.Verify(net, p, cancellationToken: cts.Token));

        // An empty unsafe set holds trivially.
        Assert.Equal(VerificationStatus.Holds, PropertyVerifier.Verify(net, new VerificationProperty([new Box([-1.0, -1], [1.0, 1])], [], 1)).Status);
    }
}

public class AcasXuVerdictTests
{
    /// <summary>
    /// Spec §6.2: φ3 and φ4 on every network 1_1–1_9 (the spec's CI set), plus the φ1/φ2 instances this verifier decides
    /// in about a second (φ1 on 1_1, 1_5 and 1_9 since strong branching: under 100 boxes each), and φ7 on 1_9 (whole
    /// domain; found by the search after 370 boxes, or by the third attack round after 2,048). φ5 on 1_1 is not decided
    /// within a minute (see the README's sweep), so it runs in the --acasxu-sweep benchmark only. The timeout turns a
    /// regression into a failure, not a hang.
    /// </summary>
    [Theory]
    [InlineData(1, 1, VerificationStatus.Holds)]
    [InlineData(1, 5, VerificationStatus.Holds)]
    [InlineData(1, 7, VerificationStatus.Holds)]
    [InlineData(1, 9, VerificationStatus.Holds)]
    [InlineData(2, 2, VerificationStatus.Violated)]
    [InlineData(2, 4, VerificationStatus.Violated)]
    [InlineData(2, 6, VerificationStatus.Violated)]
    [InlineData(3, 1, VerificationStatus.Holds)]
    [InlineData(3, 2, VerificationStatus.Holds)]
    [InlineData(3, 3, VerificationStatus.Holds)]
    [InlineData(3, 4, VerificationStatus.Holds)]
    [InlineData(3, 5, VerificationStatus.Holds)]
    [InlineData(3, 6, VerificationStatus.Holds)]
    [InlineData(3, 7, VerificationStatus.Violated)]
    [InlineData(3, 8, VerificationStatus.Violated)]
    [InlineData(3, 9, VerificationStatus.Violated)]
    [InlineData(4, 1, VerificationStatus.Holds)]
    [InlineData(4, 2, VerificationStatus.Holds)]
    [InlineData(4, 3, VerificationStatus.Holds)]
    [InlineData(4, 4, VerificationStatus.Holds)]
    [InlineData(4, 5, VerificationStatus.Holds)]
    [InlineData(4, 6, VerificationStatus.Holds)]
    [InlineData(4, 7, VerificationStatus.Violated)]
    [InlineData(4, 8, VerificationStatus.Violated)]
    [InlineData(4, 9, VerificationStatus.Violated)]
    [InlineData(7, 9, VerificationStatus.Violated)]
    public void Network1_t_Property_k_MatchesTheVerdictTable(int property, int t, VerificationStatus expected)
    {
        ReluNetwork net = NnetFormat.Read(TestData.AcasXu(1, t));
        VerificationProperty p = VnnLibReader.Read(TestData.AcasXuProperty(property));
        VerificationResult r = PropertyVerifier.Verify(net, p, new VerificationOptions { Timeout = TimeSpan.FromSeconds(120) });
        Assert.Equal(expected, r.Status);
        if (r.Status == VerificationStatus.Violated)
        {
            double[] y = net.Evaluate(r.Counterexample!);
            Assert.True(p.InputPieceOf(r.Counterexample!) >= 0);
            Assert.True(p.UnsafeDisjunctOf(y) >= 0, "the counterexample does not replay");
        }
    }

    /// <summary>
    /// The two instances input splits alone do not decide in a minute (nnenum: under 22 s each on two cores): φ1 on 3_6,
    /// closed by region leaves twelve splits deep whose partial regions the engine's bounds prune, and φ2 on 3_3, by
    /// region leaves on boxes with at most 30 unstable neurons. Both hold (spec §6.2: φ1 holds everywhere, φ2 on 3_3).
    /// </summary>
    [Theory]
    [InlineData(3, 6, 1)]
    [InlineData(3, 3, 2)]
    public void HardInstances_Hold_ByRegionLeaves(int a, int b, int property)
    {
        ReluNetwork net = NnetFormat.Read(TestData.AcasXu(a, b));
        VerificationProperty p = VnnLibReader.Read(TestData.AcasXuProperty(property));
        VerificationResult r = PropertyVerifier.Verify(net, p, new VerificationOptions { Timeout = TimeSpan.FromSeconds(120) });
        Assert.Equal(VerificationStatus.Holds, r.Status);
        Assert.True(r.LpsSolved > 0);
    }

    /// <summary>
    /// Strong branching (the default split rule) on a real instance: ACAS Xu 1_1 φ1 (holds; wide box, the probes
    /// decide most splits) gives the same verdict, search tree and statistics on one and two threads.
    /// </summary>
    [Fact]
    public void StrongBranching_OnAcasXu_1_1_Property1_IsIdentical_ForOneAndTwoThreads()
    {
        ReluNetwork net = NnetFormat.Read(TestData.AcasXu(1, 1));
        VerificationProperty p = VnnLibReader.Read(TestData.AcasXuProperty(1));
        VerificationResult[] runs = [.. new[] { 1, 2 }.Select(t => PropertyVerifier.Verify(net, p, new VerificationOptions
        {
            Timeout = TimeSpan.FromSeconds(120), MaxDegreeOfParallelism = t, KeepSearchTree = true,
        }))];
        Assert.All(runs, r => Assert.Equal(VerificationStatus.Holds, r.Status));
        Assert.Equal(runs[0].Regions, runs[1].Regions);
        Assert.Equal(runs[0].LpsSolved, runs[1].LpsSolved);
        Assert.Equal(runs[0].BoundComputations, runs[1].BoundComputations);
        Assert.Equal(
            runs[0].SearchTree!.Select(n => (n.Parent, n.Closure, n.SplitDimension, n.SplitValue)),
            runs[1].SearchTree!.Select(n => (n.Parent, n.Closure, n.SplitDimension, n.SplitValue)));
    }
}
