using System.Runtime.Intrinsics;
using ReluAnalysis.Kernels;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests.Patterns;

public class PatternEngineTests
{
    private static double[] RandomPoint(Random rng, int d, double scale = 1.0)
    {
        var x = new double[d];
        for (int i = 0; i < d; i++)
        {
            x[i] = scale * (2 * rng.NextDouble() - 1);
        }

        return x;
    }

    /// <summary><c>A = W_L D_{L−1} ⋯ D_1 W_1</c>, <c>c</c> likewise, by plain triple loops (the test's own reference).</summary>
    private static (double[,] A, double[] C) PlainProduct(ReluNetwork net, ActivationPattern sigma)
    {
        int d = net.InputDimension;
        var a = new double[d, d];
        for (int i = 0; i < d; i++)
        {
            a[i, i] = 1;
        }

        var c = new double[d];
        for (int k = 0; k < net.Layers.Count; k++)
        {
            DenseLayer l = net.Layers[k];
            var na = new double[l.Outputs, d];
            var nc = new double[l.Outputs];
            for (int i = 0; i < l.Outputs; i++)
            {
                bool keep = k == net.Layers.Count - 1 || sigma.IsActive(k, i);
                if (!keep)
                {
                    continue;
                }

                nc[i] = l.Bias[i];
                for (int j = 0; j < l.Inputs; j++)
                {
                    nc[i] += l.Weight(i, j) * c[j];
                    for (int t = 0; t < d; t++)
                    {
                        na[i, t] += l.Weight(i, j) * a[j, t];
                    }
                }
            }

            a = na;
            c = nc;
        }

        return (a, c);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    public void Local_map_equals_the_plain_product(int d, int seed)
    {
        ReluNetwork net = ReluNetwork.Random([d, 12, 9, 7, 4], seed);
        var rng = new Random(seed);
        for (int trial = 0; trial < 10; trial++)
        {
            ActivationPattern sigma = net.PatternAt(RandomPoint(rng, d));
            var (a, c) = PlainProduct(net, sigma);
            var m = new double[4 * d];
            var o = new double[4];
            net.Engine.LocalMap(PatternMask.From(sigma), m, o);
            for (int r = 0; r < 4; r++)
            {
                Assert.Equal(c[r], o[r], 1e-12);
                for (int t = 0; t < d; t++)
                {
                    Assert.Equal(a[r, t], m[r * d + t], 1e-12);
                }
            }
        }
    }

    [Fact]
    public void Neuron_by_neuron_in_ascending_order_is_bit_identical_to_layer_by_layer_and_any_order_agrees()
    {
        ReluNetwork net = ReluNetwork.Random([4, 70, 65, 3], 5);
        var rng = new Random(5);
        ActivationPattern sigma = net.PatternAt(RandomPoint(rng, 4));
        SymbolicState byLayer = net.Engine.BeginSymbolic();
        byLayer.DecideAll(sigma.Words);
        SymbolicState byNeuron = net.Engine.BeginSymbolic();
        SymbolicState shuffled = net.Engine.BeginSymbolic();
        for (int k = 0; k < net.HiddenLayerCount; k++)
        {
            Assert.Equal(k, byNeuron.Frontier);
            int n = net.HiddenSizes[k];
            for (int i = 0; i < n; i++)
            {
                byNeuron.Decide(i, sigma.IsActive(k, i));
            }

            int[] order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
            foreach (int i in order)
            {
                shuffled.Decide(i, sigma.IsActive(k, i));
            }
        }

        Assert.True(byNeuron.IsComplete);
        Assert.Equal(sigma, byNeuron.Mask.ToPattern());
        for (int k = 0; k <= net.HiddenLayerCount; k++)
        {
            Assert.True(byLayer.Matrix(k).SequenceEqual(byNeuron.Matrix(k)), $"layer {k} matrix");
            Assert.True(byLayer.Offset(k).SequenceEqual(byNeuron.Offset(k)), $"layer {k} offset");
            ReadOnlySpan<double> a = byLayer.Matrix(k), b = shuffled.Matrix(k);
            for (int t = 0; t < a.Length; t++)
            {
                Assert.True(Math.Abs(a[t] - b[t]) <= 1e-12 * (1 + Math.Abs(a[t])), $"layer {k} entry {t}: {a[t]} vs {b[t]}");
            }
        }

        // The complete state's output map is the local affine map, bit for bit.
        var map = LocalAffineMap.For(net, sigma);
        Assert.True(map.Matrix.SequenceEqual(byNeuron.Matrix(net.HiddenLayerCount)));
        Assert.True(map.Offset.SequenceEqual(byNeuron.Offset(net.HiddenLayerCount)));
    }

    [Fact]
    public void Deciding_is_checked_and_copies_branch_independently()
    {
        ReluNetwork net = ReluNetwork.Random([2, 3, 2, 1], 3);
        SymbolicState s = net.Engine.BeginSymbolic();
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Matrix(1));
        s.Decide(1, true);
        Assert.Throws<InvalidOperationException>(() => s.Decide(1, false));
        SymbolicState branch = s.Clone();
        branch.Decide(0, true);
        branch.Decide(2, true);
        Assert.Equal(1, branch.Frontier);
        Assert.Equal(0, s.Frontier);
        s.Decide(0, false);
        s.Decide(2, false);
        Assert.False(s.Matrix(1).SequenceEqual(branch.Matrix(1)));
        s.CopyFrom(branch);
        Assert.True(s.Matrix(1).SequenceEqual(branch.Matrix(1)));
        s.DecideLayer([0b01UL]);
        Assert.True(s.IsComplete);
        Assert.Throws<InvalidOperationException>(() => s.Decide(0, true));
    }

    [Fact]
    public void A_state_that_forgets_its_decided_layers_extends_its_frontier_bit_for_bit_like_a_full_state()
    {
        ReluNetwork net = ReluNetwork.Random([3, 6, 5, 4, 2], 11);
        var rng = new Random(5);
        ActivationPattern sigma = net.PatternAt(RandomPoint(rng, 3));
        PatternLayout layout = net.PatternLayout;
        SymbolicState full = net.Engine.BeginSymbolic();
        SymbolicState lean = net.Engine.BeginSymbolic();
        lean.ForgetDecidedLayers();
        for (int k = 0; k < net.HiddenLayerCount; k++)
        {
            ReadOnlySpan<ulong> words = sigma.Words.Slice(layout.WordOffset(k), PatternLayout.WordsFor(layout.LayerSizes[k]));
            full.DecideLayer(words);

            // Branch the lean state through a clone and a copy, as a search does, then drop what lies behind.
            SymbolicState next = lean.Clone();
            next.DecideLayer(words);
            next.ForgetDecidedLayers();
            lean.CopyFrom(next);
            Assert.Equal(k + 1, lean.Frontier);
            Assert.True(lean.Matrix(k + 1).SequenceEqual(full.Matrix(k + 1)));
            Assert.True(lean.Offset(k + 1).SequenceEqual(full.Offset(k + 1)));
            var e = Assert.Throws<InvalidOperationException>(() => lean.Matrix(k));
            Assert.Contains("ForgetDecidedLayers", e.Message);
            Assert.True(full.Matrix(k).Length > 0);
        }

        Assert.True(lean.IsComplete);
        Assert.True(lean.Mask.OpenWords.SequenceEqual(sigma.Words));
        LocalAffineMap map = LocalAffineMap.For(net, sigma);
        Assert.True(map.Matrix.SequenceEqual(lean.Matrix(net.HiddenLayerCount)));
        Assert.True(map.Offset.SequenceEqual(lean.Offset(net.HiddenLayerCount)));
    }

    [Fact]
    public void BranchLayer_equals_clone_decide_forget_bit_for_bit_and_leaves_the_parent_unchanged()
    {
        ReluNetwork net = ReluNetwork.Random([4, 7, 6, 5, 3], 21);
        var rng = new Random(9);
        PatternLayout layout = net.PatternLayout;
        for (int trial = 0; trial < 10; trial++)
        {
            ActivationPattern sigma = net.PatternAt(RandomPoint(rng, 4));
            SymbolicState parent = net.Engine.BeginSymbolic();
            for (int k = 0; k < net.HiddenLayerCount; k++)
            {
                ReadOnlySpan<ulong> words = sigma.Words.Slice(layout.WordOffset(k), PatternLayout.WordsFor(layout.LayerSizes[k]));
                double[] before = parent.Matrix(k).ToArray();
                SymbolicState reference = parent.Clone();
                reference.DecideLayer(words);
                reference.ForgetDecidedLayers();
                SymbolicState branch = parent.BranchLayer(words);
                Assert.Equal(reference.Frontier, branch.Frontier);
                Assert.True(branch.Mask.OpenWords.SequenceEqual(reference.Mask.OpenWords));
                Assert.True(branch.Matrix(k + 1).SequenceEqual(reference.Matrix(k + 1)));
                Assert.True(branch.Offset(k + 1).SequenceEqual(reference.Offset(k + 1)));
                Assert.Throws<InvalidOperationException>(() => branch.Matrix(k));
                Assert.Equal(k, parent.Frontier);
                Assert.True(parent.Matrix(k).SequenceEqual(before));
                parent = branch;
            }

            LocalAffineMap map = LocalAffineMap.For(net, sigma);
            Assert.True(map.Matrix.SequenceEqual(parent.Matrix(net.HiddenLayerCount)));
            Assert.True(map.Offset.SequenceEqual(parent.Offset(net.HiddenLayerCount)));
            Assert.Throws<InvalidOperationException>(() => parent.BranchLayer([0UL]));
        }
    }

    [Fact]
    public void Parametrised_maps_equal_the_concrete_pre_activations()
    {
        ReluNetwork net = ReluNetwork.Random([5, 20, 20, 3], 8);
        var rng = new Random(8);
        // x = P u + q with u in R^2: a random plane through the box.
        double[] p = RandomPoint(rng, 10), q = RandomPoint(rng, 5, 0.3);
        for (int trial = 0; trial < 20; trial++)
        {
            double[] u = RandomPoint(rng, 2);
            var x = new double[5];
            for (int i = 0; i < 5; i++)
            {
                x[i] = p[2 * i] * u[0] + p[2 * i + 1] * u[1] + q[i];
            }

            SymbolicState s = net.Engine.BeginSymbolic(p, q, 2);
            s.DecideAll(net.PatternAt(x).Words);
            double[] z = net.PreActivations(x);
            for (int k = 0; k < net.HiddenLayerCount; k++)
            {
                for (int i = 0; i < net.HiddenSizes[k]; i++)
                {
                    ReadOnlySpan<double> row = s.Row(k, i);
                    double value = row[0] * u[0] + row[1] * u[1] + s.Offset(k)[i];
                    Assert.Equal(z[net.PatternLayout.NeuronOffset(k) + i], value, 1e-10);
                }
            }

            double[] y = net.Evaluate(x);
            for (int o = 0; o < 3; o++)
            {
                ReadOnlySpan<double> row = s.Matrix(net.HiddenLayerCount).Slice(o * 2, 2);
                Assert.Equal(y[o], row[0] * u[0] + row[1] * u[1] + s.Offset(net.HiddenLayerCount)[o], 1e-10);
            }
        }
    }

    [Fact]
    public void Range_is_the_exact_range_of_the_affine_pre_activation_over_a_box()
    {
        ReluNetwork net = ReluNetwork.Random([3, 6, 1], 4);
        SymbolicState s = net.Engine.BeginSymbolic();
        double[] lo = [-1, 0, 0.5], hi = [0.5, 2, 0.5];
        var rng = new Random(4);
        for (int i = 0; i < 6; i++)
        {
            var (a, b) = s.Range(0, i, lo, hi);
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int corner = 0; corner < 8; corner++)
            {
                double v = s.Offset(0)[i];
                for (int t = 0; t < 3; t++)
                {
                    v += s.Row(0, i)[t] * (((corner >> t) & 1) == 0 ? lo[t] : hi[t]);
                }

                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            Assert.Equal(min, a, 1e-14);
            Assert.Equal(max, b, 1e-14);
            for (int trial = 0; trial < 100; trial++)
            {
                double[] x = [lo[0] + (hi[0] - lo[0]) * rng.NextDouble(), lo[1] + (hi[1] - lo[1]) * rng.NextDouble(), 0.5];
                double z = net.PreActivations(x)[i];
                Assert.InRange(z, a - 1e-12, b + 1e-12);
            }
        }
    }

    [Fact]
    public void Masked_forward_with_the_own_pattern_is_the_network_and_a_closed_mask_is_the_output_bias()
    {
        ReluNetwork net = ReluNetwork.Random([6, 30, 20, 4], 9);
        var rng = new Random(9);
        var y = new double[4];
        for (int trial = 0; trial < 50; trial++)
        {
            double[] x = RandomPoint(rng, 6);
            net.Engine.ForwardMasked(x, PatternMask.From(net.PatternAt(x)), y);
            Assert.True(net.Evaluate(x).SequenceEqual(y));
        }

        var closed = new PatternMask(net.PatternLayout);
        net.Engine.ForwardMasked(RandomPoint(rng, 6), closed, y);
        Assert.True(net.Layers[^1].Bias.SequenceEqual(y));
    }

    [Fact]
    public void Vector_jacobian_products_equal_the_local_map_and_finite_differences()
    {
        ReluNetwork net = ReluNetwork.Random([5, 16, 16, 3], 10);
        var rng = new Random(10);
        for (int trial = 0; trial < 20; trial++)
        {
            double[] x = RandomPoint(rng, 5);
            ActivationPattern sigma = net.PatternAt(x);
            var mask = PatternMask.From(sigma);
            var map = LocalAffineMap.For(net, sigma);
            double[] v = RandomPoint(rng, 3);
            var g = new double[5];
            net.Engine.VectorJacobian(mask, v, g);
            for (int t = 0; t < 5; t++)
            {
                double expected = v[0] * map.Matrix[t] + v[1] * map.Matrix[5 + t] + v[2] * map.Matrix[10 + t];
                Assert.Equal(expected, g[t], 1e-12);
            }

            for (int o = 0; o < 3; o++)
            {
                double[] row = net.Engine.JacobianRow(mask, o);
                for (int t = 0; t < 5; t++)
                {
                    double h = 1e-7;
                    double[] xp = (double[])x.Clone();
                    xp[t] += h;
                    if (net.PatternAt(xp) != sigma)
                    {
                        continue;
                    }

                    Assert.Equal((net.Evaluate(xp)[o] - net.Evaluate(x)[o]) / h, row[t], 1e-6);
                }
            }
        }
    }

    [Fact]
    public void Region_rows_hold_on_the_pattern_and_a_flipped_neuron_violates_its_row()
    {
        ReluNetwork net = ReluNetwork.Random([4, 10, 8, 2], 12);
        var rng = new Random(12);
        int n = net.HiddenNeuronCount;
        var normals = new double[n * 4];
        var offsets = new double[n];
        for (int trial = 0; trial < 20; trial++)
        {
            double[] x = RandomPoint(rng, 4);
            ActivationPattern sigma = net.PatternAt(x);
            double[] z = net.PreActivations(x);
            net.Engine.RegionRows(PatternMask.From(sigma), normals, offsets);
            for (int g = 0; g < n; g++)
            {
                double lhs = 0;
                for (int t = 0; t < 4; t++)
                {
                    lhs += normals[g * 4 + t] * x[t];
                }

                // The row reads −s·z ≤ 0: its slack is |z| at x.
                Assert.Equal(Math.Abs(z[g]), offsets[g] - lhs, 1e-10);
            }

            // Flipping a first-layer neuron with z ≠ 0 makes x violate that neuron's row by |z|.
            var (layer, neuron) = (0, rng.Next(net.HiddenSizes[0]));
            net.Engine.RegionRows(PatternMask.From(sigma.Flip(layer, neuron)), normals, offsets);
            double flipped = offsets[neuron];
            for (int t = 0; t < 4; t++)
            {
                flipped -= normals[neuron * 4 + t] * x[t];
            }

            Assert.Equal(-Math.Abs(z[neuron]), flipped, 1e-10);
        }
    }

    [Fact]
    public void Axpy_every_width_equals_the_scalar_reference_bit_for_bit()
    {
        var rng = new Random(1);
        for (int n = 0; n <= 70; n++)
        {
            double[] x = RandomPoint(rng, n), y0 = RandomPoint(rng, n);
            double a = rng.NextDouble() - 0.5;
            double[] reference = (double[])y0.Clone();
            Axpy.Scalar(a, x, reference, 0);
            double[] best = (double[])y0.Clone();
            Axpy.Compute(a, x, best);
            Assert.True(reference.SequenceEqual(best), $"dispatch, n = {n}");
            if (n == 0)
            {
                continue;
            }

            if (Vector256.IsHardwareAccelerated)
            {
                double[] v = (double[])y0.Clone();
                Axpy.Vector<Vector256<double>, Vector256Ops>(a, x, v);
                Assert.True(reference.SequenceEqual(v), $"Vector256, n = {n}");
            }

            if (Vector512.IsHardwareAccelerated)
            {
                double[] v = (double[])y0.Clone();
                Axpy.Vector<Vector512<double>, Vector512Ops>(a, x, v);
                Assert.True(reference.SequenceEqual(v), $"Vector512, n = {n}");
            }

            if (Vector128.IsHardwareAccelerated)
            {
                double[] v = (double[])y0.Clone();
                Axpy.Vector<Vector128<double>, Vector128Ops>(a, x, v);
                Assert.True(reference.SequenceEqual(v), $"Vector128, n = {n}");
            }
        }
    }

    [Fact]
    public void Active_range_agrees_with_the_concrete_step_pointwise_including_points_on_the_breakpoint()
    {
        var rng = new Random(2);
        for (int trial = 0; trial < 500; trial++)
        {
            int n = rng.Next(0, 30);
            double[] x = RandomPoint(rng, n);
            Array.Sort(x);
            double a = trial % 7 == 0 ? 0.0 : rng.NextDouble() - 0.5;
            // Every fifth trial puts the breakpoint exactly on a sample point.
            double b = trial % 5 == 0 && n > 0 ? -a * x[rng.Next(n)] : rng.NextDouble() - 0.5;
            var (start, end) = SignRule.ActiveRange(a, b, x);
            for (int i = 0; i < n; i++)
            {
                bool active = SignRule.IsActive(Math.FusedMultiplyAdd(a, x[i], b));
                Assert.Equal(active, i >= start && i < end);
            }

            // And it is the engine's concrete step of the one-neuron network.
            if (n > 0 && a != 0)
            {
                var net = new ReluNetwork([new DenseLayer(1, 1, [a], [b]), new DenseLayer(1, 1, [1.0], [0.0])]);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(net.PatternAt([x[i]]).IsActive(0, 0), i >= start && i < end);
                }
            }
        }
    }

    [Fact]
    public void Masks_round_trip_patterns_and_name_bad_layouts()
    {
        ReluNetwork net = ReluNetwork.Random([3, 70, 5, 2], 4);
        ActivationPattern sigma = net.PatternAt([0.1, -0.3, 0.2]);
        PatternMask mask = PatternMask.From(sigma);
        Assert.True(mask.IsComplete);
        Assert.Equal(sigma, mask.ToPattern());
        Assert.Equal(sigma.PopCount(0), mask.OpenCount(0));
        mask.Unset(0, 69);
        Assert.False(mask.IsComplete);
        Assert.Throws<InvalidOperationException>(() => mask.ToPattern());
        var other = new PatternMask(new PatternLayout([70, 6]));
        var ex = Assert.Throws<ArgumentException>(() => net.Engine.ForwardMasked([0, 0, 0], other, new double[2]));
        Assert.Contains("[70,6]", ex.Message);
    }
}
