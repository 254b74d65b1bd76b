using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Regions.Tests.NetworkRegions;

public class LinearRegionTests
{
    private static Box Cube(int d, double h = 1.0) => new(Enumerable.Repeat(-h, d).ToArray(), Enumerable.Repeat(h, d).ToArray());

    private static void AssertMapMatchesNetwork(ReluNetwork net, LinearRegion region, ReadOnlySpan<double> x, double tol)
    {
        double[] y = net.Evaluate(x);
        double[] m = region.Map.Evaluate(x);
        for (int o = 0; o < y.Length; o++)
        {
            Assert.True(Math.Abs(y[o] - m[o]) <= tol * Math.Max(1, Math.Abs(y[o])), $"output {o}: net {y[o]} vs map {m[o]}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random2D_Net_RegionsTileTheBox_MapsMatch_SamplesCovered(int seed)
    {
        ReluNetwork net = ReluNetwork.Random([2, 8, 8, 1], seed, biasScale: 0.5);
        Box box = Cube(2);
        LinearRegionResult r = LinearRegionEnumerator.Enumerate(net, box, new LinearRegionOptions { ComputeHRepresentation = true });
        Assert.Equal(EnumerationStatus.Complete, r.Status);
        var byPattern = r.Regions.ToDictionary(x => x.Pattern);
        Assert.Equal(r.Regions.Count, byPattern.Count);

        // The witness carries the region's pattern and the map reproduces the forward pass there.
        foreach (LinearRegion region in r.Regions)
        {
            Assert.Equal(region.Pattern, net.PatternAt(region.Witness));
            Assert.Empty(net.DegenerateNeurons(region.Witness, 1e-12));
            AssertMapMatchesNetwork(net, region, region.Witness, 1e-12);
        }

        // Areas sum to the box's.
        double area = r.Regions.Sum(x => PolytopeVertices.Area(x.HRepresentation!));
        Assert.True(Math.Abs(area - box.Volume()) <= 1e-9 * box.Volume(), $"area {area} vs {box.Volume()}");

        // 10,000 random points: each falls in an enumerated region whose map and H-rep agree with it.
        var rng = new Random(seed);
        var x = new double[2];
        int checkedPoints = 0;
        for (int s = 0; s < 10_000; s++)
        {
            box.Sample(rng, x);
            if (net.DegenerateNeurons(x, 1e-9).Any())
            {
                continue;
            }

            checkedPoints++;
            Assert.True(byPattern.TryGetValue(net.PatternAt(x), out LinearRegion? region), $"pattern at ({x[0]}, {x[1]}) not enumerated");
            Assert.True(region!.HRepresentation!.Contains(x, 1e-9));
            AssertMapMatchesNetwork(net, region, x, 1e-10);
        }

        Assert.True(checkedPoints > 9_900);
    }

    [Theory]
    [InlineData(2, 10, 5)]
    [InlineData(3, 9, 6)]
    public void OneHiddenLayer_RegionsAreTheArrangementsCells(int d, int width, int seed)
    {
        ReluNetwork net = ReluNetwork.Random([d, width, 2], seed, biasScale: 0.5);
        Box box = Cube(d);
        DenseLayer hidden = net.Layers[0];
        var arr = new HyperplaneArrangement(d, hidden.Weights, hidden.Bias);
        ArrangementResult cells = ArrangementEnumerator.Enumerate(arr, box);
        LinearRegionResult regions = LinearRegionEnumerator.Enumerate(net, box);
        Assert.Equal(cells.Cells.Count, regions.Regions.Count);
        var fromCells = cells.Cells.Select(c => string.Concat(c.Signs.Select(s => s > 0 ? '1' : '0'))).ToHashSet();
        var fromRegions = regions.Regions.Select(x => x.Pattern.ToBitString(0)).ToHashSet();
        Assert.True(fromCells.SetEquals(fromRegions));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void NeuronByNeuron_And_LayerArrangement_GiveTheSamePatterns(int seed)
    {
        ReluNetwork net = ReluNetwork.Random([3, 6, 6, 1], seed, biasScale: 0.5);
        Box box = Cube(3);
        LinearRegionResult layer = LinearRegionEnumerator.Enumerate(net, box);
        LinearRegionResult star = LinearRegionEnumerator.Enumerate(net, box, new LinearRegionOptions { Strategy = SplitStrategy.NeuronByNeuron, CertificateCache = false, WitnessProbing = false });
        Assert.Equal(EnumerationStatus.Complete, layer.Status);
        Assert.True(layer.Regions.Select(r => r.Pattern).ToHashSet().SetEquals(star.Regions.Select(r => r.Pattern)));

        // Maps at random points inside each region (rejection sampling around the witness).
        var rng = new Random(seed);
        foreach (LinearRegion region in layer.Regions.Take(40))
        {
            AssertMapMatchesNetwork(net, region, region.Witness, 1e-12);
            for (int s = 0; s < 5; s++)
            {
                var x = region.Witness.Select(w => w + region.Slack * 0.9 * (2 * rng.NextDouble() - 1) / Math.Sqrt(3)).ToArray();
                Assert.Equal(region.Pattern, net.PatternAt(x));
                AssertMapMatchesNetwork(net, region, x, 1e-10);
            }
        }
    }

    [Fact]
    public void Determinism_SameRegionsInTheSameOrder_For1And2Threads()
    {
        ReluNetwork net = ReluNetwork.Random([2, 12, 12, 1], 7, biasScale: 0.5);
        Box box = Cube(2);
        LinearRegionResult a = LinearRegionEnumerator.Enumerate(net, box, new LinearRegionOptions { MaxDegreeOfParallelism = 1 });
        foreach (int threads in new[] { 2, 4 })
        {
            LinearRegionResult b = LinearRegionEnumerator.Enumerate(net, box, new LinearRegionOptions { MaxDegreeOfParallelism = threads });
            Assert.Equal(a.Regions.Select(r => r.Pattern), b.Regions.Select(r => r.Pattern));
            Assert.Equal(a.Lp.Solved, b.Lp.Solved);

            // Bit-identical witnesses: every region's LPs run on a fresh model.
            for (int i = 0; i < a.Regions.Count; i++)
            {
                Assert.Equal(a.Regions[i].Witness, b.Regions[i].Witness);
                Assert.Equal(a.Regions[i].Slack, b.Regions[i].Slack);
            }
        }
    }

    [Fact]
    public void Limit_And_EarlyStop_EndWithAStatus()
    {
        ReluNetwork net = ReluNetwork.Random([2, 10, 10, 1], 3, biasScale: 0.5);
        Box box = Cube(2);
        LinearRegionResult limited = LinearRegionEnumerator.Enumerate(net, box, new LinearRegionOptions { MaxRegions = 9 });
        Assert.Equal(EnumerationStatus.Limit, limited.Status);
        Assert.Equal(9, limited.Regions.Count);
        int seen = 0;
        LinearRegionResult stopped = LinearRegionEnumerator.Enumerate(net, box, onRegion: _ => ++seen >= 4 ? RegionDecision.Stop : RegionDecision.Continue);
        Assert.Equal(EnumerationStatus.Stopped, stopped.Status);
        Assert.Equal(4, stopped.Regions.Count);
    }

    [Fact]
    public void PolytopeDomain_TriangleRegionsCoverItsArea()
    {
        ReluNetwork net = ReluNetwork.Random([2, 6, 6, 1], 8, biasScale: 0.5);
        var tri = new Polytope(2, [new HalfSpace([-1.0, 0], 1), new HalfSpace([0, -1.0], 1), new HalfSpace([1.0, 1], 0.5)]);
        LinearRegionResult r = LinearRegionEnumerator.Enumerate(net, tri, new LinearRegionOptions { ComputeHRepresentation = true });
        double area = r.Regions.Sum(x => PolytopeVertices.Area(x.HRepresentation!));
        Assert.Equal(PolytopeVertices.Area(tri), area, 9);
    }

    [Fact]
    public void AcasXu_1_1_SmallBoxAroundProperty3Centre()
    {
        ReluNetwork net = NetworkFile.Load(TestData.AcasXu(1, 1));
        // Centre of the φ3 box in normalised units.
        double[] c = [(1650 - 19791.091) / 60261, 0, ((3.10 + Math.PI) / 2) / 6.28318530718, (1090 - 650) / 1100.0, (1080 - 600) / 1200.0];
        double h = 1e-3;
        var box = new Box(c.Select(v => v - h).ToArray(), c.Select(v => v + h).ToArray());
        LinearRegionResult r = LinearRegionEnumerator.Enumerate(net, box);
        Assert.Equal(EnumerationStatus.Complete, r.Status);
        Assert.True(r.Regions.Count >= 1);
        var patterns = r.Regions.Select(x => x.Pattern).ToHashSet();
        foreach (LinearRegion region in r.Regions)
        {
            Assert.Equal(region.Pattern, net.PatternAt(region.Witness));
            AssertMapMatchesNetwork(net, region, region.Witness, 1e-9);
        }

        var rng = new Random(5);
        var x = new double[5];
        for (int s = 0; s < 2000; s++)
        {
            box.Sample(rng, x);
            if (!net.DegenerateNeurons(x, 1e-9).Any())
            {
                Assert.Contains(net.PatternAt(x), patterns);
            }
        }
    }
}

public class LowerDimensionalRegionTests
{
    [Fact]
    public void BoxWithFixedSide_Regions_AreTheSliceRegions_InOriginalCoordinates()
    {
        ReluNetwork net = ReluNetwork.Random([3, 8, 8, 2], seed: 4, biasScale: 0.4);
        var box = new Box([-1.0, 0.25, -1.0], [1.0, 0.25, 1.0]);
        LinearRegionResult full = LinearRegionEnumerator.Enumerate(net, box, new LinearRegionOptions { ComputeHRepresentation = true });
        InputRestriction r = InputRestriction.FixedSidesOf(net, box);
        LinearRegionResult slice = LinearRegionEnumerator.Enumerate(r.Restricted, r.Restrict(box));
        Assert.Equal(EnumerationStatus.Complete, full.Status);
        Assert.Equal(slice.Regions.Count, full.Regions.Count);
        Assert.True(full.Regions.Count > 1);
        foreach (LinearRegion region in full.Regions)
        {
            Assert.Equal(0.25, region.Witness[1]);
            Assert.Equal(region.Pattern, net.PatternAt(region.Witness));
            Assert.True(region.HRepresentation!.Contains(region.Witness, 1e-9));
            double[] y = net.Evaluate(region.Witness);
            double[] m = region.Map.Evaluate(region.Witness);
            Assert.Equal(y[0], m[0], 1e-12);
            Assert.Equal(y[1], m[1], 1e-12);
        }
    }

    [Fact]
    public void PointBox_IsOneRegion()
    {
        ReluNetwork net = ReluNetwork.Random([2, 5, 1], seed: 1);
        LinearRegionResult r = LinearRegionEnumerator.Enumerate(net, new Box([0.3, 0.2], [0.3, 0.2]));
        Assert.Equal(net.PatternAt([0.3, 0.2]), Assert.Single(r.Regions).Pattern);
    }
}
