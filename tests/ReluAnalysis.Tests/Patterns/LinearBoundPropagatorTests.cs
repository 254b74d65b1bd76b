using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests.Patterns;

public class LinearBoundPropagatorTests
{
    [Theory]
    [InlineData(BoundMethod.Interval)]
    [InlineData(BoundMethod.Symbolic)]
    [InlineData(BoundMethod.BackSubstitution)]
    public void Bounds_Contain_EveryPreActivation_And_LinearBounds_Underestimate_TheOutput(BoundMethod method)
    {
        ReluNetwork net = ReluNetwork.Random([4, 16, 16, 12, 3], seed: 11, biasScale: 0.3);
        double[] lo = [-0.5, -0.2, 0.1, 0.3];
        double[] hi = [0.5, 0.4, 0.1, 0.9];
        var p = new LinearBoundPropagator(net);
        p.Propagate(lo, hi, method);
        double[] c = [1.0, -2.0, 0.5];
        var a = new double[4];
        double min = p.LowerBound(c, a, out double b);
        var rng = new Random(3);
        var x = new double[4];
        for (int s = 0; s < 2000; s++)
        {
            for (int j = 0; j < 4; j++)
            {
                x[j] = lo[j] + (hi[j] - lo[j]) * rng.NextDouble();
            }

            double[] z = net.PreActivations(x);
            for (int g = 0; g < z.Length; g++)
            {
                Assert.InRange(z[g], p.PreActivationLower[g] - 1e-9, p.PreActivationUpper[g] + 1e-9);
            }

            double[] y = net.Evaluate(x);
            double cy = c[0] * y[0] + c[1] * y[1] + c[2] * y[2];
            double ax = b + a[0] * x[0] + a[1] * x[1] + a[2] * x[2] + a[3] * x[3];
            Assert.True(ax <= cy + 1e-9, $"linear bound {ax} above c·f = {cy}");
            Assert.True(min <= ax + 1e-9);
        }
    }

    [Fact]
    public void BackSubstitution_IsAtLeastAsTight_AsSymbolic_WhichIsTighter_ThanIntervals_OnAverage()
    {
        ReluNetwork net = ReluNetwork.Random([3, 20, 20, 20, 2], seed: 5, biasScale: 0.2);
        double[] lo = [-0.1, -0.1, -0.1];
        double[] hi = [0.1, 0.1, 0.1];
        var width = new Dictionary<BoundMethod, double>();
        var lower = new Dictionary<BoundMethod, double[]>();
        var upper = new Dictionary<BoundMethod, double[]>();
        foreach (BoundMethod m in Enum.GetValues<BoundMethod>())
        {
            var p = new LinearBoundPropagator(net);
            p.Propagate(lo, hi, m);
            lower[m] = p.PreActivationLower.ToArray();
            upper[m] = p.PreActivationUpper.ToArray();
            width[m] = Enumerable.Range(0, lower[m].Length).Sum(g => upper[m][g] - lower[m][g]);
        }

        for (int g = 0; g < lower[BoundMethod.Symbolic].Length; g++)
        {
            Assert.True(lower[BoundMethod.BackSubstitution][g] >= lower[BoundMethod.Symbolic][g] - 1e-12);
            Assert.True(upper[BoundMethod.BackSubstitution][g] <= upper[BoundMethod.Symbolic][g] + 1e-12);
        }

        Assert.True(width[BoundMethod.Symbolic] < width[BoundMethod.Interval]);
    }

    [Fact]
    public void WhenEveryNeuronIsStable_TheLinearBound_IsTheLocalAffineMap()
    {
        ReluNetwork net = ReluNetwork.Random([3, 10, 10, 2], seed: 9, biasScale: 0.5);
        double[] x0 = [0.2, -0.3, 0.1];
        double[] lo = x0.Select(v => v - 1e-7).ToArray();
        double[] hi = x0.Select(v => v + 1e-7).ToArray();
        var p = new LinearBoundPropagator(net);
        Assert.Equal(0, p.Propagate(lo, hi));
        var a = new double[3];
        p.LowerBound([0.0, 1.0], a, out double b);
        LocalAffineMap map = LocalAffineMap.At(net, x0);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(map.Gradient(1)[j], a[j], 1e-12);
        }

        Assert.Equal(map.Offset[1], b, 1e-12);
    }

    [Fact]
    public void FixedSide_And_BadBox_AreHandled()
    {
        ReluNetwork net = ReluNetwork.Random([2, 6, 1], seed: 1);
        var p = new LinearBoundPropagator(net);
        p.Propagate([0.1, 0.3], [0.1, 0.3]);
        Assert.Equal(0, p.UnstableCount);
        Assert.Throws<InvalidOperationException>(() => new LinearBoundPropagator(net).LowerBound([1.0], new double[2], out _));
        Assert.Contains("lower[1]", Assert.Throws<ArgumentException>(() => p.Propagate([0.0, 0.5], [1.0, 0.4])).Message);
        Assert.Throws<ArgumentException>(() => p.Propagate([0.0, double.NaN], [1.0, 1.0]));
    }

    public static TheoryData<int[], double> Shapes() => new()
    {
        { [5, 50, 50, 50, 50, 5], 0.02 },
        { [5, 50, 50, 50, 50, 5], 0.3 },
        { [4, 16, 16, 12, 3], 1.0 },
        { [9, 17, 1, 13, 6], 0.5 },
        { [3, 3, 2, 1], 0.8 },
        { [6, 2], 0.5 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BatchedBounds_Equal_TheRowByRowReference_BitForBit(int[] sizes, double radius)
    {
        ReluNetwork net = ReluNetwork.Random(sizes, seed: sizes.Sum(), biasScale: 0.3);
        int d = net.InputDimension, m = net.OutputDimension;
        var p = new LinearBoundPropagator(net);
        var reference = new RowByRowBounds(net);
        var rng = new Random(7);
        for (int box = 0; box < 6; box++)
        {
            double[] centre = Enumerable.Range(0, d).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double[] lo = centre.Select((c, j) => j == box % d ? c : c - (radius * rng.NextDouble())).ToArray();
            double[] hi = centre.Select((c, j) => j == box % d ? c : c + (radius * rng.NextDouble())).ToArray();
            double[][] functionals = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, m).Select(o => rng.NextDouble() < 0.3 ? 0.0 : rng.NextDouble() - 0.5).ToArray()).ToArray();
            foreach (BoundMethod method in Enum.GetValues<BoundMethod>())
            {
                p.Propagate(lo, hi, method);
                reference.Propagate(lo, hi, method);
                for (int g = 0; g < reference.Lower.Length; g++)
                {
                    Assert.Equal(reference.Lower[g] + 0.0, p.PreActivationLower[g] + 0.0);
                    Assert.Equal(reference.Upper[g] + 0.0, p.PreActivationUpper[g] + 0.0);
                }

                var minima = new double[functionals.Length];
                var coefficients = new double[functionals.Length * d];
                var constants = new double[functionals.Length];
                var slopes = new int[functionals.Length];
                p.LowerBounds(functionals.SelectMany(c => c).ToArray(), minima, coefficients, constants, slopes);
                for (int f = 0; f < functionals.Length; f++)
                {
                    var (min, ab, choice) = reference.LowerBound(functionals[f]);
                    var a = new double[d];
                    double single = p.LowerBound(functionals[f], a, out double b, out int slope);
                    Assert.Equal(min + 0.0, single + 0.0);
                    Assert.Equal(choice, slope);
                    Assert.Equal(ab[d] + 0.0, b + 0.0);
                    for (int j = 0; j < d; j++)
                    {
                        Assert.Equal(ab[j] + 0.0, a[j] + 0.0);
                        Assert.Equal(a[j] + 0.0, coefficients[(f * d) + j] + 0.0);
                    }

                    // The batched call gives each functional exactly its single-call result.
                    Assert.Equal(single + 0.0, minima[f] + 0.0);
                    Assert.Equal(b + 0.0, constants[f] + 0.0);
                    Assert.Equal(slope, slopes[f]);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="LinearBoundPropagator.PropagateFrom"/> from the frontier of a linear region of layers 1..k (the engine's
    /// symbolic state at a point's pattern): every point of the box on that region has its pre-activations of layers ≥ k
    /// inside the bounds and its output functional above the linear bound; the region's bounds are at least as tight as
    /// the box's on average.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PropagateFrom_ARegionsFrontier_BoundsEveryPointOfTheRegion(int layer)
    {
        ReluNetwork net = ReluNetwork.Random([3, 12, 12, 12, 2], seed: 21, biasScale: 0.3);
        double[] lo = [-0.3, -0.2, -0.25];
        double[] hi = [0.2, 0.3, 0.25];
        var rng = new Random(layer);
        double[] x0 = [.. Enumerable.Range(0, 3).Select(j => lo[j] + (hi[j] - lo[j]) * rng.NextDouble())];
        ActivationPattern pattern = net.PatternAt(x0);
        PatternLayout layout = net.PatternLayout;
        SymbolicState state = net.Engine.BeginSymbolic();
        while (state.Frontier < layer)
        {
            int k = state.Frontier;
            state.DecideLayer(pattern.Words.Slice(layout.WordOffset(k), PatternLayout.WordsFor(layout.LayerSizes[k])));
        }

        var region = new LinearBoundPropagator(net);
        region.PropagateFrom(layer, state.Matrix(layer), state.Offset(layer), lo, hi);
        var box = new LinearBoundPropagator(net);
        box.Propagate(lo, hi);
        double[] c = [1.0, -1.5];
        var a = new double[3];
        double min = region.LowerBound(c, a, out double b);
        int first = layout.NeuronOffset(layer), inside = 0;
        var x = new double[3];
        for (int s = 0; s < 20000; s++)
        {
            for (int j = 0; j < 3; j++)
            {
                x[j] = lo[j] + (hi[j] - lo[j]) * rng.NextDouble();
            }

            ActivationPattern px = net.PatternAt(x);
            if (!px.Words.Slice(0, layout.WordOffset(layer)).SequenceEqual(pattern.Words.Slice(0, layout.WordOffset(layer))))
            {
                continue;
            }

            inside++;
            double[] z = net.PreActivations(x);
            for (int g = first; g < z.Length; g++)
            {
                Assert.InRange(z[g], region.PreActivationLower[g] - 1e-9, region.PreActivationUpper[g] + 1e-9);
            }

            double[] y = net.Evaluate(x);
            double ax = b + a[0] * x[0] + a[1] * x[1] + a[2] * x[2];
            Assert.True(ax <= c[0] * y[0] + c[1] * y[1] + 1e-9, $"linear bound {ax} above c·f");
            Assert.True(min <= ax + 1e-9);
        }

        Assert.True(inside > 20, $"only {inside} samples on the region");
        double regionWidth = 0, boxWidth = 0;
        for (int g = first; g < net.HiddenNeuronCount; g++)
        {
            regionWidth += region.PreActivationUpper[g] - region.PreActivationLower[g];
            boxWidth += box.PreActivationUpper[g] - box.PreActivationLower[g];
        }

        Assert.True(regionWidth <= boxWidth, $"region bounds {regionWidth} wider than the box's {boxWidth}");
    }

    /// <summary>
    /// The prefix replaces the first layer's packed weights: from layer 0 with that layer's own weights it is the plain
    /// propagation bit for bit, and a plain propagation after a prefix equals a fresh propagator's (nothing stale is reused).
    /// </summary>
    [Fact]
    public void PropagateFrom_LayerZero_IsPropagate_AndLeavesNoStateBehind()
    {
        ReluNetwork net = ReluNetwork.Random([3, 10, 10, 2], seed: 4, biasScale: 0.3);
        double[] lo = [-0.5, -0.5, -0.5];
        double[] hi = [0.5, 0.5, 0.5];
        double[] c = [0.7, -1.0];
        var fresh = new LinearBoundPropagator(net);
        fresh.Propagate(lo, hi);
        double expected = fresh.LowerBound(c, new double[3], out double expectedB);

        var reused = new LinearBoundPropagator(net);
        reused.PropagateFrom(0, net.Layers[0].Weights, net.Layers[0].Bias, lo, hi);
        Assert.Equal(expected, reused.LowerBound(c, new double[3], out double b0));
        Assert.Equal(expectedB, b0);
        Assert.Equal(fresh.PreActivationLower.ToArray(), reused.PreActivationLower.ToArray());

        SymbolicState state = net.Engine.BeginSymbolic();
        state.DecideLayer(net.PatternAt([0.1, -0.2, 0.3]).Words.Slice(0, PatternLayout.WordsFor(10)));
        reused.PropagateFrom(1, state.Matrix(1), state.Offset(1), lo, hi);
        reused.Propagate(lo, hi);
        Assert.Equal(expected, reused.LowerBound(c, new double[3], out double b1));
        Assert.Equal(expectedB, b1);
        Assert.Equal(fresh.PreActivationUpper.ToArray(), reused.PreActivationUpper.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => reused.PropagateFrom(2, state.Matrix(1), state.Offset(1), lo, hi));
    }
}
