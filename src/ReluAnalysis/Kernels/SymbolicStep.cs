using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ReluAnalysis.Kernels;

/// <summary>
/// One layer of forward symbolic intervals: from lower and upper affine functions <c>L_j, U_j</c> of the input for the
/// post-activations <c>h_j</c> of the layer below, the functions <c>L_z, U_z</c> of every pre-activation
/// <c>z_i = Σ_j w_ij h_j + b_i</c>.
/// </summary>
/// <remarks>
/// <para>Layout: one row of <c>2·stride</c> doubles per neuron, the lower function's coefficients then the upper's;
/// each function holds its input coefficients, its constant at <c>constantIndex</c>, then padding (finite, it is carried
/// along). <c>stride</c> must be a multiple of 8 so that every vector width covers a function exactly.</para>
/// <para>Per element: start at 0 (the bias at the constant), then for <c>j</c> in <c>active</c> order with
/// <c>w_ij ≠ 0</c>: <c>L_z += w_ij·(w_ij &gt; 0 ? L_j : U_j)</c> and <c>U_z += w_ij·(w_ij &gt; 0 ? U_j : L_j)</c>, each
/// product rounded before the add (never fused), so every width gives the same bits as the scalar reference and as a
/// row of <see cref="Axpy"/> calls in the same order. Neurons whose functions are both 0 (inactive ReLUs) may be left
/// out of <c>active</c>: they add nothing (up to the sign of a zero).</para>
/// <para>Complexity <c>O(rows · |active| · stride)</c>; no allocation.</para>
/// </remarks>
internal static class SymbolicStep
{
    /// <summary>Computes the rows of <paramref name="above"/> on the widest accelerated path.</summary>
    /// <param name="weights">Row-major <c>rows × cols</c>.</param>
    /// <param name="bias"><c>rows</c> values.</param>
    /// <param name="rows">Neurons of the layer.</param>
    /// <param name="cols">Neurons of the layer below.</param>
    /// <param name="active">Indices (ascending, each &lt; cols) of the neurons below that take part.</param>
    /// <param name="below">The functions of the layer below, <c>cols × 2·stride</c>.</param>
    /// <param name="above">Receives the functions of this layer, <c>rows × 2·stride</c>.</param>
    /// <param name="stride">Doubles per function, a multiple of 8.</param>
    /// <param name="constantIndex">Position of the constant within a function, <c>&lt; stride</c>.</param>
    public static void Compute(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int rows, int cols, ReadOnlySpan<int> active,
        ReadOnlySpan<double> below, Span<double> above, int stride, int constantIndex)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector<Vector512<double>, Vector512Ops>(weights, bias, rows, cols, active, below, above, stride, constantIndex);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector<Vector256<double>, Vector256Ops>(weights, bias, rows, cols, active, below, above, stride, constantIndex);
        }
        else
        {
            Scalar(weights, bias, rows, cols, active, below, above, stride, constantIndex);
        }
    }

    /// <summary>The scalar reference.</summary>
    public static void Scalar(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int rows, int cols, ReadOnlySpan<int> active,
        ReadOnlySpan<double> below, Span<double> above, int stride, int constantIndex)
    {
        Check(weights.Length, bias.Length, rows, cols, active, below.Length, above.Length, stride, constantIndex);
        int row = 2 * stride;
        for (int i = 0; i < rows; i++)
        {
            Span<double> lz = above.Slice(i * row, stride);
            Span<double> uz = above.Slice((i * row) + stride, stride);
            Init(lz, uz, bias[i], constantIndex);
            foreach (int j in active)
            {
                double w = weights[(i * cols) + j];
                if (w == 0)
                {
                    continue;
                }

                ReadOnlySpan<double> lh = below.Slice(j * row, stride);
                ReadOnlySpan<double> uh = below.Slice((j * row) + stride, stride);
                ReadOnlySpan<double> forLower = w > 0 ? lh : uh;
                ReadOnlySpan<double> forUpper = w > 0 ? uh : lh;
                for (int t = 0; t < stride; t++)
                {
                    lz[t] += w * forLower[t];
                    uz[t] += w * forUpper[t];
                }
            }
        }
    }

    /// <summary>The vector loop, written once over <see cref="IVectorOps{TVector}"/>: two vectors per function in registers at a time.</summary>
    internal static void Vector<TVector, TOps>(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int rows, int cols, ReadOnlySpan<int> active,
        ReadOnlySpan<double> below, Span<double> above, int stride, int constantIndex)
        where TVector : struct
        where TOps : IVectorOps<TVector>
    {
        Check(weights.Length, bias.Length, rows, cols, active, below.Length, above.Length, stride, constantIndex);
        int lanes = TOps.Lanes;
        int row = 2 * stride;
        if (rows == 0)
        {
            return;
        }

        ref double rb = ref MemoryMarshal.GetReference(below);
        ref int ra = ref MemoryMarshal.GetReference(active);
        int count = active.Length;
        for (int i = 0; i < rows; i++)
        {
            Span<double> lzRow = above.Slice(i * row, stride);
            Span<double> uzRow = above.Slice((i * row) + stride, stride);
            Init(lzRow, uzRow, bias[i], constantIndex);
            ref double lz = ref lzRow[0];
            ref double uz = ref uzRow[0];
            ReadOnlySpan<double> w = weights.Slice(i * cols, cols);
            for (int c = 0; c < stride; c += 2 * lanes)
            {
                // stride is a multiple of 8 ≥ 2·lanes for 128/256-bit vectors; 512-bit vectors may leave one.
                bool pair = c + (2 * lanes) <= stride;
                TVector l0 = TOps.Load(ref Unsafe.Add(ref lz, c));
                TVector u0 = TOps.Load(ref Unsafe.Add(ref uz, c));
                TVector l1 = pair ? TOps.Load(ref Unsafe.Add(ref lz, c + lanes)) : l0;
                TVector u1 = pair ? TOps.Load(ref Unsafe.Add(ref uz, c + lanes)) : u0;
                for (int p = 0; p < count; p++)
                {
                    int j = Unsafe.Add(ref ra, p);
                    double wij = w[j];
                    if (wij == 0)
                    {
                        continue;
                    }

                    // Branch-free choice of the functions: a negative weight swaps lower and upper.
                    int swap = (int)((ulong)BitConverter.DoubleToInt64Bits(wij) >> 63) * stride;
                    ref double fl = ref Unsafe.Add(ref rb, (j * row) + swap + c);
                    ref double fu = ref Unsafe.Add(ref rb, (j * row) + stride - swap + c);
                    TVector vw = TOps.Broadcast(wij);
                    l0 = TOps.Add(l0, TOps.Multiply(vw, TOps.Load(ref fl)));
                    u0 = TOps.Add(u0, TOps.Multiply(vw, TOps.Load(ref fu)));
                    if (pair)
                    {
                        l1 = TOps.Add(l1, TOps.Multiply(vw, TOps.Load(ref Unsafe.Add(ref fl, lanes))));
                        u1 = TOps.Add(u1, TOps.Multiply(vw, TOps.Load(ref Unsafe.Add(ref fu, lanes))));
                    }
                }

                TOps.Store(l0, ref Unsafe.Add(ref lz, c));
                TOps.Store(u0, ref Unsafe.Add(ref uz, c));
                if (pair)
                {
                    TOps.Store(l1, ref Unsafe.Add(ref lz, c + lanes));
                    TOps.Store(u1, ref Unsafe.Add(ref uz, c + lanes));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Init(Span<double> lz, Span<double> uz, double bias, int constantIndex)
    {
        lz.Clear();
        uz.Clear();
        lz[constantIndex] = bias;
        uz[constantIndex] = bias;
    }

    private static void Check(int weights, int bias, int rows, int cols, ReadOnlySpan<int> active, int below, int above, int stride, int constantIndex)
    {
        if (stride <= 0 || stride % 8 != 0 || constantIndex < 0 || constantIndex >= stride)
        {
            throw new ArgumentException($"stride = {stride}, constantIndex = {constantIndex}; expected a positive multiple of 8 and 0 ≤ constantIndex < stride.", nameof(stride));
        }

        if (rows < 0 || cols < 0 || weights < rows * cols || bias < rows || below < cols * 2 * stride || above < rows * 2 * stride)
        {
            throw new ArgumentException($"rows = {rows}, cols = {cols} with {weights} weights, {bias} biases, {below} and {above} function values; expected rows·cols weights, rows biases, cols·2·stride and rows·2·stride values.", nameof(rows));
        }

        int previous = -1;
        foreach (int j in active)
        {
            if (j <= previous || j >= cols)
            {
                throw new ArgumentException($"active index {j} after {previous}; expected ascending indices below cols = {cols}.", nameof(active));
            }

            previous = j;
        }
    }
}
