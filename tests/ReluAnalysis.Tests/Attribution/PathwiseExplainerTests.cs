using ReluAnalysis.Attribution;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using static ReluAnalysis.Tests.Attribution.AttributionTestNets;

namespace ReluAnalysis.Tests.Attribution;

public class PathwiseExplainerTests
{
    public static TheoryData<int, string, int?> Settings() => new()
    {
        { 1, "1", null }, { 2, "2", null }, { 3, "all", null }, { 4, "50%", 2 }, { 5, "1", 1 }, { 6, "3", 3 },
    };

    private static PathwiseOptions Options(string width, int? depth) => new() { Width = PathWidth.Parse(width), Depth = depth };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void T2_NoSelection_IsGradientTimesInput(int seed)
    {
        ReluNetwork net = Small(seed);
        var explainer = new PathwiseExplainer(net);
        for (int t = 0; t < 10; t++)
        {
            double[] x = Point(4, 7 * seed + t, 2.0);
            PathwiseExplanation e = explainer.Explain(x, PathwiseOptions.GradientTimesInput);
            ReadOnlySpan<double> grad = LocalAffineMap.At(net, x).Gradient(e.Class);
            var expected = new double[4];
            for (int i = 0; i < 4; i++)
            {
                expected[i] = x[i] * grad[i];
            }

            Close(expected, e.Attribution, 1e-9, "E vs x ⊙ ∇f");
            // The baseline goes through the same backward kernel: bit-identical, so identical AUCs.
            Assert.Equal(GradientAttribution.GradientTimesInput(net, x, e.Class), e.Attribution);
            Assert.Equal(PathSelectionStatus.Selected, e.Status);
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void T4_BiasBookkeeping(int seed, string width, int? depth)
    {
        ReluNetwork net = Small(seed);
        var explainer = new PathwiseExplainer(net);
        for (int t = 0; t < 10; t++)
        {
            double[] x = Point(4, 31 * seed + t, 2.0);
            PathwiseExplanation e = explainer.Explain(x, Options(width, depth));
            ActivationPattern pattern = net.PatternAt(x);
            double fP = e.Path.EvaluateFrozen(net, pattern, x)[e.Class];
            double bP = e.Path.Bias(net, pattern)[e.Class];
            double lhs = e.Total + bP + net.Layers[^1].Bias[e.Class];
            Assert.True(Math.Abs(lhs - fP) <= 1e-9 * Math.Max(1, Math.Abs(fP)), $"Σ E + b_P + b = {lhs}, f_P = {fP}");
            // And the explanation row is W_P[c,:] of the product formula.
            double[] wp = e.Path.WeightMatrix(net, pattern);
            Close(wp.AsSpan(e.Class * 4, 4), e.WeightRow, 1e-9, "W_P[c,:]");
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void T5_DecompositionAdditivity(int seed, string width, int? depth)
    {
        ReluNetwork net = Small(seed);
        var explainer = new PathwiseExplainer(net);
        var rng = new Random(seed);
        for (int t = 0; t < 5; t++)
        {
            double[] x = Point(4, 17 * seed + t, 2.0);
            PathwiseExplanation e = explainer.Explain(x, Options(width, depth));
            ActivationPattern pattern = net.PatternAt(x);
            for (int layer = 0; layer < net.HiddenLayerCount; layer++)
            {
                UnitDecomposition parts = explainer.DecomposeAtLayer(e, x, layer);
                Assert.Equal(e.Path.Units[layer], parts.Units);
                Close(e.Attribution, parts.Sum(), 1e-12, $"Σ_u E_u at layer {layer}");

                // Any partition of S_ℓ: sub-path explanations (product formula) sum to E.
                var set = e.Path.Units[layer];
                var groups = set.GroupBy(_ => rng.Next(2)).ToList();
                var total = new double[4];
                foreach (var g in groups)
                {
                    double[] w = e.Path.WithLayer(layer, g).WeightMatrix(net, pattern);
                    for (int i = 0; i < 4; i++)
                    {
                        total[i] += w[e.Class * 4 + i] * x[i];
                    }
                }

                Close(e.Attribution, total, 1e-12, $"partition at layer {layer}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void T6_KeptUnitsAreActiveAndConnected(int seed, string width, int? depth)
    {
        ReluNetwork net = Small(seed);
        var explainer = new PathwiseExplainer(net);
        for (int t = 0; t < 20; t++)
        {
            double[] x = Point(4, 13 * seed + t, 2.0);
            PathwiseExplanation e = explainer.Explain(x, Options(width, depth));
            double[] z = net.PreActivations(x);
            foreach (LayerSelection sel in e.Layers)
            {
                int off = net.PatternLayout.NeuronOffset(sel.Layer);
                for (int i = 0; i < sel.Shares.Length; i++)
                {
                    if (z[off + i] <= 0)
                    {
                        Assert.Equal(1.0 / 3.0, sel.Shares[i]);
                    }
                }

                if (sel.FallbackUsed)
                {
                    Assert.Equal(PathSelectionStatus.FallbackUsed, e.Status);
                    Assert.Single(sel.Kept);
                    continue;
                }

                foreach (int u in sel.Kept)
                {
                    Assert.True(z[off + u] > 0, $"kept unit {u} of layer {sel.Layer} is inactive");
                    Assert.True(sel.Shares[u] > 1.0 / 3.0);
                }
            }

            if (e.Status == PathSelectionStatus.Selected)
            {
                // Connected: every kept unit has a non-zero column of J = ∂f_P/∂h^(ℓ), formed here by plain loops.
                PatternMask gates = e.Path.Gates(net.PatternAt(x));
                foreach (LayerSelection sel in e.Layers)
                {
                    double[,] j = UpperJacobian(net, gates, sel.Layer);
                    foreach (int u in sel.Kept)
                    {
                        Assert.True(Enumerable.Range(0, 3).Any(r => j[r, u] != 0), $"kept unit {u} of layer {sel.Layer} is disconnected");
                    }
                }
            }
        }
    }

    private static double[,] UpperJacobian(ReluNetwork net, PatternMask gates, int layer)
    {
        int n = net.HiddenLayerCount;
        DenseLayer output = net.Layers[n];
        var j = new double[output.Outputs, output.Inputs];
        for (int r = 0; r < output.Outputs; r++)
        {
            for (int i = 0; i < output.Inputs; i++)
            {
                j[r, i] = output.Weight(r, i);
            }
        }

        for (int k = n - 1; k > layer; k--)
        {
            DenseLayer l = net.Layers[k];
            int off = net.PatternLayout.NeuronOffset(k);
            var next = new double[output.Outputs, l.Inputs];
            for (int r = 0; r < output.Outputs; r++)
            {
                for (int p = 0; p < l.Inputs; p++)
                {
                    for (int i = 0; i < l.Outputs; i++)
                    {
                        if (gates.IsOpen(k, i))
                        {
                            next[r, p] += j[r, i] * l.Weight(i, p);
                        }
                    }
                }
            }

            j = next;
        }

        return j;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void T7_WidthPrefixProperty(int seed)
    {
        ReluNetwork net = ReluNetwork.Random([6, 12, 10, 8, 4], seed, 0.2);
        var explainer = new PathwiseExplainer(net);
        for (int t = 0; t < 10; t++)
        {
            double[] x = Point(6, 5 * seed + t, 2.0);
            LayerSelection full = explainer.Explain(x, new PathwiseOptions { Depth = 1 }).Layers[0];
            var fullInOrder = full.Order.Where(full.Kept.Contains).ToArray();
            for (int k = 1; k <= 8; k++)
            {
                var opts = new PathwiseOptions { Depth = 1, Width = PathWidth.Units(k) };
                LayerSelection capped = explainer.Explain(x, opts).Layers[0];
                Assert.Equal(full.Order, capped.Order);
                Assert.Equal(full.Shares, capped.Shares);
                if (!capped.FallbackUsed)
                {
                    var cappedInOrder = capped.Order.Where(capped.Kept.Contains).ToArray();
                    Assert.Equal(fullInOrder.Take(cappedInOrder.Length), cappedInOrder);
                    Assert.Equal(Math.Min(k, fullInOrder.Length), cappedInOrder.Length);
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 0, 2, 3.7)]
    [InlineData(2, 1, 1, 0.25)]
    [InlineData(3, 2, 0, 11.0)]
    public void T8_PositiveRescalingInvariance(int seed, int layer, int unit, double alpha)
    {
        ReluNetwork net = Small(seed);
        DenseLayer inLayer = net.Layers[layer], outLayer = net.Layers[layer + 1];
        double[] w = inLayer.Weights.ToArray(), b = inLayer.Bias.ToArray();
        for (int p = 0; p < inLayer.Inputs; p++)
        {
            w[unit * inLayer.Inputs + p] *= alpha;
        }

        b[unit] *= alpha;
        double[] w2 = outLayer.Weights.ToArray();
        for (int r = 0; r < outLayer.Outputs; r++)
        {
            w2[r * outLayer.Inputs + unit] /= alpha;
        }

        ReluNetwork scaled = WithLayer(WithLayer(net, layer, new DenseLayer(inLayer.Outputs, inLayer.Inputs, w, b)), layer + 1,
            new DenseLayer(outLayer.Outputs, outLayer.Inputs, w2, outLayer.Bias));
        foreach (string width in new[] { "1", "2", "all" })
        {
            for (int t = 0; t < 10; t++)
            {
                double[] x = Point(4, 3 * seed + t, 2.0);
                var opts = new PathwiseOptions { Width = PathWidth.Parse(width) };
                PathwiseExplanation a = new PathwiseExplainer(net).Explain(x, opts);
                PathwiseExplanation s = new PathwiseExplainer(scaled).Explain(x, opts);
                Assert.Equal(a.Class, s.Class);
                for (int k = 0; k < net.HiddenLayerCount; k++)
                {
                    Assert.Equal(a.Path.Units[k], s.Path.Units[k]);
                }

                Close(a.Attribution, s.Attribution, 1e-12, "E after rescaling");
            }
        }
    }

    [Fact]
    public void T9_NoHiddenLayer_IsWeightRowTimesInput()
    {
        var w = new double[] { 1.5, -2, 0.5, 3, 1, -1, 0.25, 2, -0.5 };
        var net = new ReluNetwork([new DenseLayer(3, 3, w, [0.1, -0.2, 0.3])]);
        double[] x = [0.7, -1.1, 2.0];
        PathwiseExplanation e = new PathwiseExplainer(net).Explain(x);
        double[] y = net.Evaluate(x);
        Assert.Equal(Array.IndexOf(y, y.Max()), e.Class);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(w[e.Class * 3 + i] * x[i], e.Attribution[i], 1e-15);
        }

        Assert.Empty(e.Layers);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void T10_FiniteDifferences(int seed, string width, int? depth)
    {
        ReluNetwork net = Small(seed);
        var explainer = new PathwiseExplainer(net);
        double[] x = Point(4, seed, 2.0);
        PathwiseExplanation e = explainer.Explain(x, Options(width, depth));
        ActivationPattern pattern = net.PatternAt(x);
        double f0 = e.Path.EvaluateFrozen(net, pattern, x)[e.Class];
        const double eps = 1e-6;
        for (int j = 0; j < 4; j++)
        {
            double[] xp = (double[])x.Clone();
            xp[j] += eps;
            double fd = (e.Path.EvaluateFrozen(net, pattern, xp)[e.Class] - f0) / eps;
            double scale = Math.Max(1e-3, Math.Abs(e.WeightRow[j]));
            Assert.True(Math.Abs(fd - e.WeightRow[j]) <= 1e-6 * Math.Max(1, scale) + 1e-7, $"j={j}: fd {fd}, W_P {e.WeightRow[j]}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void T11_BinaryCase_KeptIffOwnClassContributionIsLarger(int seed)
    {
        ReluNetwork net = ReluNetwork.Random([5, 8, 6, 2], seed, 0.2);
        var explainer = new PathwiseExplainer(net);
        for (int t = 0; t < 20; t++)
        {
            double[] x = Point(5, 9 * seed + t, 2.0);
            PathwiseExplanation e = explainer.Explain(x);
            int c = e.Class, other = 1 - c;
            double[] z = net.PreActivations(x);
            int off1 = net.PatternLayout.NeuronOffset(1), off0 = 0;

            // Deepest layer: J = W_out.
            LayerSelection top = e.Layers[0];
            var kept1 = new HashSet<int>();
            for (int i = 0; i < 6; i++)
            {
                double h = Math.Max(0, z[off1 + i]);
                bool expected = h * net.Layers[2].Weight(c, i) > h * net.Layers[2].Weight(other, i);
                if (expected)
                {
                    kept1.Add(i);
                }
            }

            if (!top.FallbackUsed)
            {
                Assert.Equal(kept1.Order(), top.Kept);
            }

            // Next layer: J = W_out · diag(m ⊙ φ) · W_2, formed by hand.
            LayerSelection low = e.Layers[1];
            if (top.FallbackUsed || low.FallbackUsed)
            {
                continue;
            }

            var expectedLow = new List<int>();
            for (int p = 0; p < 8; p++)
            {
                double jc = 0, jo = 0;
                foreach (int i in top.Kept)
                {
                    jc += net.Layers[2].Weight(c, i) * net.Layers[1].Weight(i, p);
                    jo += net.Layers[2].Weight(other, i) * net.Layers[1].Weight(i, p);
                }

                double h = Math.Max(0, z[off0 + p]);
                if (h * jc > h * jo)
                {
                    expectedLow.Add(p);
                }
            }

            Assert.Equal(expectedLow, low.Kept);
        }
    }

    [Fact]
    public void T12_Determinism_AndTiesByLowerUnit()
    {
        ReluNetwork net = Small(21);
        var explainer = new PathwiseExplainer(net);
        double[] x = Point(4, 5, 2.0);
        var opts = new PathwiseOptions { Width = PathWidth.Units(2) };
        PathwiseExplanation a = explainer.Explain(x, opts), b = explainer.Explain(x, opts);
        Assert.Equal(a.Attribution, b.Attribution);
        Assert.Equal(a.Path.ToString(), b.Path.ToString());
        PathwiseExplanation r = explainer.Explain(x, opts with { JacobianUpdate = JacobianUpdate.RecomputePerLayer });
        Assert.Equal(a.Attribution, r.Attribution);

        // Duplicate unit 0 into unit 2 of the last hidden layer (same incoming weights, bias and outgoing weights):
        // their shares are equal and a width of 1 must keep the lower one.
        DenseLayer last = net.Layers[2], output = net.Layers[3];
        double[] w = last.Weights.ToArray(), bias = last.Bias.ToArray(), wo = output.Weights.ToArray();
        for (int p = 0; p < last.Inputs; p++)
        {
            w[2 * last.Inputs + p] = w[p];
        }

        bias[2] = bias[0];
        for (int r2 = 0; r2 < output.Outputs; r2++)
        {
            wo[r2 * output.Inputs + 2] = wo[r2 * output.Inputs];
        }

        ReluNetwork tied = WithLayer(WithLayer(net, 2, new DenseLayer(last.Outputs, last.Inputs, w, bias)), 3, new DenseLayer(output.Outputs, output.Inputs, wo, output.Bias));
        var rng = new Random(3);
        int checkedTies = 0;
        for (int t = 0; t < 200 && checkedTies < 5; t++)
        {
            double[] xt = Point(4, rng.Next(), 2.0);
            PathwiseExplanation e = new PathwiseExplainer(tied).Explain(xt, new PathwiseOptions { Width = PathWidth.Units(1), Depth = 1 });
            LayerSelection sel = e.Layers[0];
            Assert.Equal(sel.Shares[0], sel.Shares[2]);
            Assert.True(Array.IndexOf(sel.Order, 0) < Array.IndexOf(sel.Order, 2));
            if (sel.Shares[0] > 1.0 / 3.0 && sel.Order[0] == 0)
            {
                Assert.Equal([0], sel.Kept);
                checkedTies++;
            }
        }

        Assert.True(checkedTies > 0, "no input put the tied units on top");
    }

    [Fact]
    public void RecomputePerLayer_IsBitIdenticalToIncremental()
    {
        ReluNetwork net = ReluNetwork.Random([6, 12, 10, 8, 4], 5, 0.2);
        var explainer = new PathwiseExplainer(net);
        foreach (string width in new[] { "1", "3", "all" })
        {
            for (int t = 0; t < 10; t++)
            {
                double[] x = Point(6, t, 2.0);
                var opts = new PathwiseOptions { Width = PathWidth.Parse(width) };
                PathwiseExplanation a = explainer.Explain(x, opts);
                PathwiseExplanation b = explainer.Explain(x, opts with { JacobianUpdate = JacobianUpdate.RecomputePerLayer });
                Assert.Equal(a.Attribution, b.Attribution);
            }
        }
    }

    [Fact]
    public void InputMask_ZeroesOutsideTheRange_AndDepthZeroIsGradient()
    {
        ReluNetwork net = Small(2);
        var explainer = new PathwiseExplainer(net);
        double[] x = Point(4, 8, 2.0);
        bool[] mask = [true, false, true, false];
        PathwiseExplanation full = explainer.Explain(x);
        PathwiseExplanation masked = explainer.Explain(x, new PathwiseOptions { InputMask = mask });
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(mask[i] ? full.Attribution[i] : 0.0, masked.Attribution[i]);
        }

        PathwiseExplanation d0 = explainer.Explain(x, new PathwiseOptions { Depth = 0, Width = PathWidth.Units(1) });
        Assert.Equal(GradientAttribution.GradientTimesInput(net, x, d0.Class), d0.Attribution);
    }

    [Fact]
    public void BadInput_IsRejectedWithNames()
    {
        var explainer = new PathwiseExplainer(Small(1));
        var e1 = Assert.Throws<ArgumentException>(() => explainer.Explain(new double[3]));
        Assert.Contains("x", e1.Message);
        Assert.Throws<ArgumentException>(() => explainer.Explain([0, double.NaN, 0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => explainer.Explain(new double[4], new PathwiseOptions { Depth = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => explainer.Explain(new double[4], new PathwiseOptions { TargetClass = 3 }));
        Assert.Throws<FormatException>(() => PathWidth.Parse("0"));
        Assert.Throws<FormatException>(() => PathWidth.Parse("150%"));
        Assert.Equal(PathWidth.Percent(25), PathWidth.Parse("25%"));
        Assert.Equal(3, PathWidth.Percent(5).UnitsFor(50)); // 2.5 rounds away from zero
        Assert.Equal(1, PathWidth.Percent(1).UnitsFor(10));
    }
}
