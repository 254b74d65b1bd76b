using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ReluAnalysis.Kernels;

/// <summary>
/// The fused layer kernel: for a block of samples stored feature-major (<c>input[k·B + s]</c>,
/// <c>B = </c><see cref="BlockSamples"/>) it computes <c>z = W h + b</c>, the next activations
/// (<c>ReLU(z)</c> or <c>z</c>) and the pattern bits <c>z &gt; 0</c> in one sweep, loading each weight
/// once per block.
/// </summary>
/// <remarks>
/// Every implementation accumulates <c>z = fma(W[i,k], h[k], z)</c> for <c>k = 0, 1, …</c> starting
/// from <c>z = b[i]</c>, so all widths give bit-identical results (and equal
/// <see cref="Networks.DenseLayer.Affine"/>).
/// </remarks>
internal abstract class FusedLayerKernel
{
    /// <summary>Samples per block (the stride of the feature-major block).</summary>
    public abstract int BlockSamples { get; }

    /// <summary>A name for tests and benchmarks.</summary>
    public abstract string Name { get; }

    /// <summary>Runs one layer on one block.</summary>
    /// <param name="weights">Row-major <c>rows × cols</c>.</param>
    /// <param name="bias"><c>rows</c> values.</param>
    /// <param name="rows">Neurons of the layer.</param>
    /// <param name="cols">Width of the layer below.</param>
    /// <param name="input">Feature-major block, <c>cols × B</c>; padding samples must be finite.</param>
    /// <param name="activations">Feature-major <c>rows × B</c>: <c>ReLU(z)</c> when <paramref name="relu"/>, else <c>z</c>.</param>
    /// <param name="preActivations">Feature-major <c>rows × B</c> receiving <c>z</c>, or empty.</param>
    /// <param name="relu">Apply ReLU (hidden layer) or not (output layer).</param>
    /// <param name="patterns">Pattern words of the block's samples (sample s at <c>s·patternStride</c>), or empty; bits are OR-ed in.</param>
    /// <param name="patternStride">Words per sample pattern.</param>
    /// <param name="wordOffset">First word of this layer within a pattern.</param>
    /// <param name="validSamples">Samples of the block that are real (the rest is padding).</param>
    public abstract void Forward(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int rows, int cols,
        ReadOnlySpan<double> input, Span<double> activations, Span<double> preActivations, bool relu,
        Span<ulong> patterns, int patternStride, int wordOffset, int validSamples);

    /// <summary>Every implementation, scalar first, whether or not the CPU accelerates it (tests run them all).</summary>
    public static IReadOnlyList<FusedLayerKernel> All { get; } =
    [
        new ScalarFusedLayerKernel(),
        new VectorFusedLayerKernel<Vector128<double>, Vector128Ops>("Vector128"),
        new VectorFusedLayerKernel<Vector256<double>, Vector256Ops>("Vector256"),
        new VectorFusedLayerKernel<Vector512<double>, Vector512Ops>("Vector512"),
    ];

    /// <summary>The widest implementation the CPU accelerates (Vector512 → 256 → 128 → scalar).</summary>
    public static FusedLayerKernel Best { get; } =
        Vector512Ops.IsHardwareAccelerated ? All[3]
        : Vector256Ops.IsHardwareAccelerated ? All[2]
        : Vector128Ops.IsHardwareAccelerated ? All[1]
        : All[0];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static void SetBits(uint mask, Span<ulong> patterns, int patternStride, int wordIndex, ulong bit, int firstSample)
    {
        while (mask != 0)
        {
            int s = firstSample + BitOperations.TrailingZeroCount(mask);
            patterns[s * patternStride + wordIndex] |= bit;
            mask &= mask - 1;
        }
    }
}

/// <summary>Reference implementation: one sample and one neuron at a time.</summary>
internal sealed class ScalarFusedLayerKernel : FusedLayerKernel
{
    public override int BlockSamples => 4;

    public override string Name => "Scalar";

    public override void Forward(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int rows, int cols,
        ReadOnlySpan<double> input, Span<double> activations, Span<double> preActivations, bool relu,
        Span<ulong> patterns, int patternStride, int wordOffset, int validSamples)
    {
        const int B = 4;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> w = weights.Slice(i * cols, cols);
            for (int s = 0; s < B; s++)
            {
                double z = bias[i];
                for (int k = 0; k < cols; k++)
                {
                    z = Math.FusedMultiplyAdd(w[k], input[k * B + s], z);
                }

                if (!preActivations.IsEmpty)
                {
                    preActivations[i * B + s] = z;
                }

                activations[i * B + s] = relu ? Math.Max(z, 0.0) : z;
                if (!patterns.IsEmpty && s < validSamples && z > 0.0)
                {
                    patterns[s * patternStride + wordOffset + (i >> 6)] |= 1UL << (i & 63);
                }
            }
        }
    }
}

/// <summary>Vectorised over samples: four vectors of samples per block, each weight broadcast once per block.</summary>
internal sealed class VectorFusedLayerKernel<TVector, TOps>(string name) : FusedLayerKernel
    where TVector : struct
    where TOps : IVectorOps<TVector>
{
    public override int BlockSamples => 4 * TOps.Lanes;

    public override string Name => name;

    public override void Forward(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int rows, int cols,
        ReadOnlySpan<double> input, Span<double> activations, Span<double> preActivations, bool relu,
        Span<ulong> patterns, int patternStride, int wordOffset, int validSamples)
    {
        int lanes = TOps.Lanes;
        int b = 4 * lanes;
        if (input.Length < cols * b || activations.Length < rows * b || weights.Length < rows * cols || bias.Length < rows)
        {
            throw new ArgumentException("Block buffers are shorter than the layer needs.");
        }

        uint validMask = validSamples >= 32 ? uint.MaxValue : (1u << validSamples) - 1;
        var state = new RowState(activations, preActivations, relu, patterns, patternStride, wordOffset, validMask);
        ref double w0 = ref MemoryMarshal.GetReference(weights);
        ref double h0 = ref MemoryMarshal.GetReference(input);
        int i = 0;

        // Four rows at a time: each loaded sample vector feeds four FMAs, so the block streams from
        // cache a quarter as often as with one row at a time.
        for (; i + 4 <= rows; i += 4)
        {
            TVector a00 = TOps.Broadcast(bias[i]), a01 = a00, a02 = a00, a03 = a00;
            TVector a10 = TOps.Broadcast(bias[i + 1]), a11 = a10, a12 = a10, a13 = a10;
            TVector a20 = TOps.Broadcast(bias[i + 2]), a21 = a20, a22 = a20, a23 = a20;
            TVector a30 = TOps.Broadcast(bias[i + 3]), a31 = a30, a32 = a30, a33 = a30;
            ref double w0Row = ref Unsafe.Add(ref w0, i * cols);
            ref double w1Row = ref Unsafe.Add(ref w0Row, cols);
            ref double w2Row = ref Unsafe.Add(ref w1Row, cols);
            ref double w3Row = ref Unsafe.Add(ref w2Row, cols);
            for (int k = 0; k < cols; k++)
            {
                ref double hk = ref Unsafe.Add(ref h0, k * b);
                TVector h0v = TOps.Load(ref hk);
                TVector h1v = TOps.Load(ref Unsafe.Add(ref hk, lanes));
                TVector h2v = TOps.Load(ref Unsafe.Add(ref hk, 2 * lanes));
                TVector h3v = TOps.Load(ref Unsafe.Add(ref hk, 3 * lanes));
                TVector w = TOps.Broadcast(Unsafe.Add(ref w0Row, k));
                a00 = TOps.MultiplyAdd(w, h0v, a00);
                a01 = TOps.MultiplyAdd(w, h1v, a01);
                a02 = TOps.MultiplyAdd(w, h2v, a02);
                a03 = TOps.MultiplyAdd(w, h3v, a03);
                w = TOps.Broadcast(Unsafe.Add(ref w1Row, k));
                a10 = TOps.MultiplyAdd(w, h0v, a10);
                a11 = TOps.MultiplyAdd(w, h1v, a11);
                a12 = TOps.MultiplyAdd(w, h2v, a12);
                a13 = TOps.MultiplyAdd(w, h3v, a13);
                w = TOps.Broadcast(Unsafe.Add(ref w2Row, k));
                a20 = TOps.MultiplyAdd(w, h0v, a20);
                a21 = TOps.MultiplyAdd(w, h1v, a21);
                a22 = TOps.MultiplyAdd(w, h2v, a22);
                a23 = TOps.MultiplyAdd(w, h3v, a23);
                w = TOps.Broadcast(Unsafe.Add(ref w3Row, k));
                a30 = TOps.MultiplyAdd(w, h0v, a30);
                a31 = TOps.MultiplyAdd(w, h1v, a31);
                a32 = TOps.MultiplyAdd(w, h2v, a32);
                a33 = TOps.MultiplyAdd(w, h3v, a33);
            }

            state.Finish(i, a00, a01, a02, a03);
            state.Finish(i + 1, a10, a11, a12, a13);
            state.Finish(i + 2, a20, a21, a22, a23);
            state.Finish(i + 3, a30, a31, a32, a33);
        }

        for (; i < rows; i++)
        {
            TVector acc0 = TOps.Broadcast(bias[i]);
            TVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
            ref double wRow = ref Unsafe.Add(ref w0, i * cols);
            for (int k = 0; k < cols; k++)
            {
                TVector wk = TOps.Broadcast(Unsafe.Add(ref wRow, k));
                ref double hk = ref Unsafe.Add(ref h0, k * b);
                acc0 = TOps.MultiplyAdd(wk, TOps.Load(ref hk), acc0);
                acc1 = TOps.MultiplyAdd(wk, TOps.Load(ref Unsafe.Add(ref hk, lanes)), acc1);
                acc2 = TOps.MultiplyAdd(wk, TOps.Load(ref Unsafe.Add(ref hk, 2 * lanes)), acc2);
                acc3 = TOps.MultiplyAdd(wk, TOps.Load(ref Unsafe.Add(ref hk, 3 * lanes)), acc3);
            }

            state.Finish(i, acc0, acc1, acc2, acc3);
        }
    }

    /// <summary>Where one row's four accumulators go: pre-activations, pattern bits, activations.</summary>
    private readonly ref struct RowState(
        Span<double> activations, Span<double> preActivations, bool relu,
        Span<ulong> patterns, int patternStride, int wordOffset, uint validMask)
    {
        private readonly Span<double> _activations = activations;
        private readonly Span<double> _preActivations = preActivations;
        private readonly Span<ulong> _patterns = patterns;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Finish(int row, TVector acc0, TVector acc1, TVector acc2, TVector acc3)
        {
            int lanes = TOps.Lanes;
            int b = 4 * lanes;
            if (!_preActivations.IsEmpty)
            {
                ref double pRow = ref Unsafe.Add(ref MemoryMarshal.GetReference(_preActivations), row * b);
                TOps.Store(acc0, ref pRow);
                TOps.Store(acc1, ref Unsafe.Add(ref pRow, lanes));
                TOps.Store(acc2, ref Unsafe.Add(ref pRow, 2 * lanes));
                TOps.Store(acc3, ref Unsafe.Add(ref pRow, 3 * lanes));
            }

            if (!_patterns.IsEmpty)
            {
                uint mask = TOps.PositiveMask(acc0)
                    | (TOps.PositiveMask(acc1) << lanes)
                    | (TOps.PositiveMask(acc2) << (2 * lanes))
                    | (TOps.PositiveMask(acc3) << (3 * lanes));
                SetBits(mask & validMask, _patterns, patternStride, wordOffset + (row >> 6), 1UL << (row & 63), 0);
            }

            if (relu)
            {
                acc0 = TOps.ReluOf(acc0);
                acc1 = TOps.ReluOf(acc1);
                acc2 = TOps.ReluOf(acc2);
                acc3 = TOps.ReluOf(acc3);
            }

            ref double aRow = ref Unsafe.Add(ref MemoryMarshal.GetReference(_activations), row * b);
            TOps.Store(acc0, ref aRow);
            TOps.Store(acc1, ref Unsafe.Add(ref aRow, lanes));
            TOps.Store(acc2, ref Unsafe.Add(ref aRow, 2 * lanes));
            TOps.Store(acc3, ref Unsafe.Add(ref aRow, 3 * lanes));
        }
    }
}
