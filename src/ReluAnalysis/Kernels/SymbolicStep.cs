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
/// row of <see cref="Axpy"/> calls in the same order (the vector paths add the zero weights' ±0 too, which changes
/// only the sign of a zero sum). They keep two neurons × two vectors of both functions in registers. Neurons whose functions are both 0 (inactive ReLUs) may be left
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
        int i = 0;

        // Two neurons at a time: eight independent sums hide the latency of the adds.
        for (; i + 2 <= rows && stride % (2 * lanes) == 0; i += 2)
        {
            Span<double> rowA = above.Slice(i * row, 2 * row);
            Init(rowA[..stride], rowA.Slice(stride, stride), bias[i], constantIndex);
            Init(rowA.Slice(row, stride), rowA.Slice(row + stride, stride), bias[i + 1], constantIndex);
            ref double za = ref rowA[0];
            ref double zb = ref Unsafe.Add(ref za, row);
            ref double wa = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), i * cols);
            ref double wb = ref Unsafe.Add(ref wa, cols);
            for (int c = 0; c + (2 * lanes) <= stride; c += 2 * lanes)
            {
                TVector la0 = TOps.Load(ref Unsafe.Add(ref za, c)), la1 = TOps.Load(ref Unsafe.Add(ref za, c + lanes));
                TVector ua0 = TOps.Load(ref Unsafe.Add(ref za, stride + c)), ua1 = TOps.Load(ref Unsafe.Add(ref za, stride + c + lanes));
                TVector lb0 = TOps.Load(ref Unsafe.Add(ref zb, c)), lb1 = TOps.Load(ref Unsafe.Add(ref zb, c + lanes));
                TVector ub0 = TOps.Load(ref Unsafe.Add(ref zb, stride + c)), ub1 = TOps.Load(ref Unsafe.Add(ref zb, stride + c + lanes));
                for (int p = 0; p < count; p++)
                {
                    int j = Unsafe.Add(ref ra, p);
                    ref double hj = ref Unsafe.Add(ref rb, (j * row) + c);

                    // Branch-free choice of the functions: a negative weight swaps lower and upper. A zero weight adds
                    // ±0, which changes no sum (but a zero's sign).
                    double w0 = Unsafe.Add(ref wa, j);
                    int swap0 = (int)((ulong)BitConverter.DoubleToInt64Bits(w0) >> 63) * stride;
                    ref double fl0 = ref Unsafe.Add(ref hj, swap0);
                    ref double fu0 = ref Unsafe.Add(ref hj, stride - swap0);
                    TVector v0 = TOps.Broadcast(w0);
                    la0 = TOps.Add(la0, TOps.Multiply(v0, TOps.Load(ref fl0)));
                    la1 = TOps.Add(la1, TOps.Multiply(v0, TOps.Load(ref Unsafe.Add(ref fl0, lanes))));
                    ua0 = TOps.Add(ua0, TOps.Multiply(v0, TOps.Load(ref fu0)));
                    ua1 = TOps.Add(ua1, TOps.Multiply(v0, TOps.Load(ref Unsafe.Add(ref fu0, lanes))));
                    double w1 = Unsafe.Add(ref wb, j);
                    int swap1 = (int)((ulong)BitConverter.DoubleToInt64Bits(w1) >> 63) * stride;
                    ref double fl1 = ref Unsafe.Add(ref hj, swap1);
                    ref double fu1 = ref Unsafe.Add(ref hj, stride - swap1);
                    TVector v1 = TOps.Broadcast(w1);
                    lb0 = TOps.Add(lb0, TOps.Multiply(v1, TOps.Load(ref fl1)));
                    lb1 = TOps.Add(lb1, TOps.Multiply(v1, TOps.Load(ref Unsafe.Add(ref fl1, lanes))));
                    ub0 = TOps.Add(ub0, TOps.Multiply(v1, TOps.Load(ref fu1)));
                    ub1 = TOps.Add(ub1, TOps.Multiply(v1, TOps.Load(ref Unsafe.Add(ref fu1, lanes))));
                }

                TOps.Store(la0, ref Unsafe.Add(ref za, c));
                TOps.Store(la1, ref Unsafe.Add(ref za, c + lanes));
                TOps.Store(ua0, ref Unsafe.Add(ref za, stride + c));
                TOps.Store(ua1, ref Unsafe.Add(ref za, stride + c + lanes));
                TOps.Store(lb0, ref Unsafe.Add(ref zb, c));
                TOps.Store(lb1, ref Unsafe.Add(ref zb, c + lanes));
                TOps.Store(ub0, ref Unsafe.Add(ref zb, stride + c));
                TOps.Store(ub1, ref Unsafe.Add(ref zb, stride + c + lanes));
            }
        }

        // The rest one neuron and one vector at a time.
        for (; i < rows; i++)
        {
            Span<double> rowI = above.Slice(i * row, row);
            Init(rowI[..stride], rowI.Slice(stride, stride), bias[i], constantIndex);
            ref double z = ref rowI[0];
            ReadOnlySpan<double> w = weights.Slice(i * cols, cols);
            for (int c = 0; c < stride; c += lanes)
            {
                TVector l = TOps.Load(ref Unsafe.Add(ref z, c));
                TVector u = TOps.Load(ref Unsafe.Add(ref z, stride + c));
                for (int p = 0; p < count; p++)
                {
                    int j = Unsafe.Add(ref ra, p);
                    double wij = w[j];
                    int swap = (int)((ulong)BitConverter.DoubleToInt64Bits(wij) >> 63) * stride;
                    ref double hj = ref Unsafe.Add(ref rb, (j * row) + c);
                    TVector vw = TOps.Broadcast(wij);
                    l = TOps.Add(l, TOps.Multiply(vw, TOps.Load(ref Unsafe.Add(ref hj, swap))));
                    u = TOps.Add(u, TOps.Multiply(vw, TOps.Load(ref Unsafe.Add(ref hj, stride - swap))));
                }

                TOps.Store(l, ref Unsafe.Add(ref z, c));
                TOps.Store(u, ref Unsafe.Add(ref z, stride + c));
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
