using ReluAnalysis.Attribution;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using static ReluAnalysis.Tests.Attribution.AttributionTestNets;

namespace ReluAnalysis.Tests.Attribution;

public class PathAlgebraTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void T1_FullDecomposition_SumsToLogits(int seed)
    {
        ReluNetwork net = Small(seed);
        long chains = 0;
        for (int t = 0; t < 10; t++)
        {
            double[] x = Point(4, 100 * seed + t, 2.0);
            PathDecomposition dec = PathAlgebra.Decompose(net, x);
            Assert.Equal(PathEnumerationStatus.Complete, dec.Status);
            Close(net.Evaluate(x), dec.Total(), 1e-9, "decomposition");
            chains += dec.ActivatedBiasChains;
        }

        // The bias chains were really exercised (they are non-zero terms of the sum).
        Assert.True(chains > 0);
    }

    [Fact]
    public void T1_LimitIsAStatus()
    {
        ReluNetwork net = Small(1);
        PathDecomposition dec = PathAlgebra.Decompose(net, Point(4, 1), limit: 10);
        Assert.Equal(PathEnumerationStatus.LimitReached, dec.Status);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void T2_SumOfActivatedCompletePathMatrices_IsTheJacobian(int seed)
    {
        ReluNetwork net = Small(seed);
        for (int t = 0; t < 5; t++)
        {
            double[] x = Point(4, 10 * seed + t, 2.0);
            ActivationPattern pattern = net.PatternAt(x);
            var sum = new double[3 * 4];
            foreach (OneWayPath p in MultiwayPath.Full(net).OneWayPaths())
            {
                if (!p.IsActivated(pattern))
                {
                    continue;
                }

                double[] w = p.Weight(net);
                for (int i = 0; i < sum.Length; i++)
                {
                    sum[i] += w[i];
                }
            }

            Close(LocalAffineMap.At(net, x).Matrix, sum, 1e-9, "Σ W_p");
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void T3_MultiwayClosedForm_ProductSumAndBackpropAgree(int seed)
    {
        ReluNetwork net = Small(seed);
        var rng = new Random(seed);
        var explainer = new PathwiseExplainer(net);
        for (int t = 0; t < 10; t++)
        {
            double[] x = Point(4, rng.Next(), 2.0);
            ActivationPattern pattern = net.PatternAt(x);
            var sets = net.HiddenSizes.Select(n =>
            {
                var s = Enumerable.Range(0, n).Where(_ => rng.NextDouble() < 0.6).ToList();
                return s.Count == 0 ? new List<int> { rng.Next(n) } : s;
            }).ToList();
            var path = new MultiwayPath(net, sets);
            double[] product = path.WeightMatrix(net, pattern);
            double[] backprop = explainer.PathJacobian(path, pattern);
            var sum = new double[product.Length];
            foreach (OneWayPath p in path.OneWayPaths())
            {
                if (p.IsActivated(pattern))
                {
                    double[] w = p.Weight(net);
                    for (int i = 0; i < sum.Length; i++)
                    {
                        sum[i] += w[i];
                    }
                }
            }

            Close(product, sum, 1e-9, "Σ_p W_p");
            Close(product, backprop, 1e-9, "backprop");
        }
    }

    [Fact]
    public void FullPath_ModelIsTheLocalAffineMap()
    {
        ReluNetwork net = Small(11);
        double[] x = Point(4, 3, 2.0);
        ActivationPattern pattern = net.PatternAt(x);
        var map = LocalAffineMap.For(net, pattern);
        MultiwayPath full = MultiwayPath.Full(net);
        Close(map.Matrix, full.WeightMatrix(net, pattern), 1e-12, "W_P");
        double[] offset = full.Bias(net, pattern);
        for (int c = 0; c < 3; c++)
        {
            offset[c] += net.Layers[^1].Bias[c];
        }

        Close(map.Offset, offset, 1e-12, "b_P + b_out");
        Close(net.Evaluate(x), full.EvaluateFrozen(net, pattern, x), 1e-12, "f_P(x)");
    }

    [Fact]
    public void TopOneWayPaths_MatchBruteForce()
    {
        for (int seed = 1; seed <= 4; seed++)
        {
            ReluNetwork net = Small(seed);
            double[] x = Point(4, seed + 40, 2.0);
            ActivationPattern pattern = net.PatternAt(x);
            for (int c = 0; c < 3; c++)
            {
                var brute = MultiwayPath.Full(net).OneWayPaths()
                    .Where(p => p.IsActivated(pattern))
                    .Select(p => p.Term(net, pattern, x)[c])
                    .OrderByDescending(v => v)
                    .ToList();
                var top = PathAlgebra.TopOneWayPaths(net, x, c, 5);
                Assert.Equal(Math.Min(5, brute.Count), top.Count);
                for (int i = 0; i < top.Count; i++)
                {
                    Assert.Equal(brute[i], top[i].Contribution, 1e-12);
                    Assert.Equal(top[i].Contribution, top[i].Path.Term(net, pattern, x)[c], 1e-12);
                }
            }
        }
    }
}
