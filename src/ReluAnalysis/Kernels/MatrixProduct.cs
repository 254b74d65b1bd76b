using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReluAnalysis.Kernels;

/// <summary>
/// <c>G = C·W</c> for row-major matrices: many coefficient rows pushed through one layer's weights at once, the inner
/// step of the engine's batched back-substitution.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>C</c> is <c>rows × inner</c> (row stride <c>ldc</c>), <c>W</c> is <c>inner × cols</c> (row stride
/// <c>ldw</c>), <c>G</c> is <c>rows × cols</c> (row stride <c>ldg</c>); <c>G</c> is overwritten, columns beyond
/// <c>cols</c> are not touched.</para>
/// <para>Every element is <c>g = 0; g += C[r,p]·W[p,c]</c> for <c>p = 0, 1, …</c>, each product rounded before the add
/// (never fused): exactly the sum that repeated <see cref="Axpy"/> calls build, so a batched back-substitution equals the
/// row-by-row one bit for bit (up to the sign of a zero). The vector paths keep a block of 4 rows × 2 vectors in
/// registers, so each weight vector is loaded once per 4 rows; a column tail shorter than a vector is done by an
/// overlapping last vector (recomputing a few columns with identical results).</para>
/// <para>Complexity <c>O(rows · inner · cols)</c>; no allocation.</para>
/// </remarks>
internal static class MatrixProduct
{
    /// <summary>Computes <c>G = C·W</c> on the widest accelerated path.</summary>
    public static void Compute(
        ReadOnlySpan<double> c, int ldc, ReadOnlySpan<double> w, int ldw, Span<double> g, int ldg, int rows, int inner, int cols)
    {
        CheckShapes(c.Length, ldc, w.Length, ldw, g.Length, ldg, rows, inner, cols);
        if (Vector512.IsHardwareAccelerated && cols >= Vector512<double>.Count)
        {
            Vector<Vector512<double>, Vector512Ops>(c, ldc, w, ldw, g, ldg, rows, inner, cols);
        }
        else if (Vector256.IsHardwareAccelerated && cols >= Vector256<double>.Count)
        {
            Vector<Vector256<double>, Vector256Ops>(c, ldc, w, ldw, g, ldg, rows, inner, cols);
        }
        else
        {
            Scalar(c, ldc, w, ldw, g, ldg, rows, inner, cols);
        }
    }

    /// <summary>The scalar reference: one element at a time.</summary>
    public static void Scalar(
        ReadOnlySpan<double> c, int ldc, ReadOnlySpan<double> w, int ldw, Span<double> g, int ldg, int rows, int inner, int cols)
    {
        CheckShapes(c.Length, ldc, w.Length, ldw, g.Length, ldg, rows, inner, cols);
        for (int r = 0; r < rows; r++)
        {
            for (int q = 0; q < cols; q++)
            {
                double s = 0;
                for (int p = 0; p < inner; p++)
                {
                    s += c[(r * ldc) + p] * w[(p * ldw) + q];
                }

                g[(r * ldg) + q] = s;
            }
        }
    }

    /// <summary>The register-blocked vector loop, written once over <see cref="IVectorOps{TVector}"/>; needs <c>cols ≥ lanes</c>.</summary>
    internal static void Vector<TVector, TOps>(
        ReadOnlySpan<double> c, int ldc, ReadOnlySpan<double> w, int ldw, Span<double> g, int ldg, int rows, int inner, int cols)
        where TVector : struct
        where TOps : IVectorOps<TVector>
    {
        CheckShapes(c.Length, ldc, w.Length, ldw, g.Length, ldg, rows, inner, cols);
        int lanes = TOps.Lanes;
        if (cols < lanes)
        {
            throw new ArgumentException($"cols = {cols} is below the vector width {lanes}; expected cols ≥ lanes (use Compute or Scalar).", nameof(cols));
        }

        if (rows == 0)
        {
            return;
        }

        if (inner == 0)
        {
            for (int r = 0; r < rows; r++)
            {
                g.Slice(r * ldg, cols).Clear();
            }

            return;
        }

        ref double rc = ref Unsafe.AsRef(in c[0]);
        ref double rw = ref Unsafe.AsRef(in w[0]);
        ref double rg = ref g[0];
        int r0 = 0;
        for (; r0 + 4 <= rows; r0 += 4)
        {
            ref double c0 = ref Unsafe.Add(ref rc, r0 * ldc);
            ref double c1 = ref Unsafe.Add(ref c0, ldc);
            ref double c2 = ref Unsafe.Add(ref c1, ldc);
            ref double c3 = ref Unsafe.Add(ref c2, ldc);
            ref double g0 = ref Unsafe.Add(ref rg, r0 * ldg);
            int q = 0;
            for (; q + (2 * lanes) <= cols; q += 2 * lanes)
            {
                Block4x2<TVector, TOps>(ref c0, ref c1, ref c2, ref c3, ref Unsafe.Add(ref rw, q), ldw, inner, ref Unsafe.Add(ref g0, q), ldg);
            }

            for (; q < cols; q += lanes)
            {
                // The last vector may overlap the previous block: same sums, same bits.
                int at = Math.Min(q, cols - lanes);
                Block4x1<TVector, TOps>(ref c0, ref c1, ref c2, ref c3, ref Unsafe.Add(ref rw, at), ldw, inner, ref Unsafe.Add(ref g0, at), ldg);
            }
        }

        for (; r0 < rows; r0++)
        {
            ref double c0 = ref Unsafe.Add(ref rc, r0 * ldc);
            ref double g0 = ref Unsafe.Add(ref rg, r0 * ldg);
            for (int q = 0; q < cols; q += lanes)
            {
                int at = Math.Min(q, cols - lanes);
                ref double wq = ref Unsafe.Add(ref rw, at);
                TVector acc = TOps.Broadcast(0.0);
                for (int p = 0; p < inner; p++)
                {
                    acc = TOps.Add(acc, TOps.Multiply(TOps.Broadcast(Unsafe.Add(ref c0, p)), TOps.Load(ref Unsafe.Add(ref wq, p * ldw))));
                }

                TOps.Store(acc, ref Unsafe.Add(ref g0, at));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4x2<TVector, TOps>(
        ref double c0, ref double c1, ref double c2, ref double c3, ref double w, int ldw, int inner, ref double g, int ldg)
        where TVector : struct
        where TOps : IVectorOps<TVector>
    {
        int lanes = TOps.Lanes;
        TVector zero = TOps.Broadcast(0.0);
        TVector a00 = zero, a01 = zero, a10 = zero, a11 = zero, a20 = zero, a21 = zero, a30 = zero, a31 = zero;
        for (int p = 0; p < inner; p++)
        {
            ref double wp = ref Unsafe.Add(ref w, p * ldw);
            TVector w0 = TOps.Load(ref wp);
            TVector w1 = TOps.Load(ref Unsafe.Add(ref wp, lanes));
            TVector b0 = TOps.Broadcast(Unsafe.Add(ref c0, p));
            a00 = TOps.Add(a00, TOps.Multiply(b0, w0));
            a01 = TOps.Add(a01, TOps.Multiply(b0, w1));
            TVector b1 = TOps.Broadcast(Unsafe.Add(ref c1, p));
            a10 = TOps.Add(a10, TOps.Multiply(b1, w0));
            a11 = TOps.Add(a11, TOps.Multiply(b1, w1));
            TVector b2 = TOps.Broadcast(Unsafe.Add(ref c2, p));
            a20 = TOps.Add(a20, TOps.Multiply(b2, w0));
            a21 = TOps.Add(a21, TOps.Multiply(b2, w1));
            TVector b3 = TOps.Broadcast(Unsafe.Add(ref c3, p));
            a30 = TOps.Add(a30, TOps.Multiply(b3, w0));
            a31 = TOps.Add(a31, TOps.Multiply(b3, w1));
        }

        TOps.Store(a00, ref g);
        TOps.Store(a01, ref Unsafe.Add(ref g, lanes));
        ref double g1 = ref Unsafe.Add(ref g, ldg);
        TOps.Store(a10, ref g1);
        TOps.Store(a11, ref Unsafe.Add(ref g1, lanes));
        ref double g2 = ref Unsafe.Add(ref g1, ldg);
        TOps.Store(a20, ref g2);
        TOps.Store(a21, ref Unsafe.Add(ref g2, lanes));
        ref double g3 = ref Unsafe.Add(ref g2, ldg);
        TOps.Store(a30, ref g3);
        TOps.Store(a31, ref Unsafe.Add(ref g3, lanes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4x1<TVector, TOps>(
        ref double c0, ref double c1, ref double c2, ref double c3, ref double w, int ldw, int inner, ref double g, int ldg)
        where TVector : struct
        where TOps : IVectorOps<TVector>
    {
        TVector zero = TOps.Broadcast(0.0);
        TVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
        for (int p = 0; p < inner; p++)
        {
            TVector wv = TOps.Load(ref Unsafe.Add(ref w, p * ldw));
            a0 = TOps.Add(a0, TOps.Multiply(TOps.Broadcast(Unsafe.Add(ref c0, p)), wv));
            a1 = TOps.Add(a1, TOps.Multiply(TOps.Broadcast(Unsafe.Add(ref c1, p)), wv));
            a2 = TOps.Add(a2, TOps.Multiply(TOps.Broadcast(Unsafe.Add(ref c2, p)), wv));
            a3 = TOps.Add(a3, TOps.Multiply(TOps.Broadcast(Unsafe.Add(ref c3, p)), wv));
        }

        TOps.Store(a0, ref g);
        TOps.Store(a1, ref Unsafe.Add(ref g, ldg));
        TOps.Store(a2, ref Unsafe.Add(ref g, 2 * ldg));
        TOps.Store(a3, ref Unsafe.Add(ref g, 3 * ldg));
    }

    private static void CheckShapes(int cLength, int ldc, int wLength, int ldw, int gLength, int ldg, int rows, int inner, int cols)
    {
        if (rows < 0 || inner < 0 || cols < 0 || ldc < inner || ldw < cols || ldg < cols)
        {
            throw new ArgumentException($"rows = {rows}, inner = {inner}, cols = {cols}, ldc = {ldc}, ldw = {ldw}, ldg = {ldg}; expected non-negative sizes and strides at least the row lengths.", nameof(rows));
        }

        if ((rows > 0 && inner > 0 && cLength < ((rows - 1) * ldc) + inner)
            || (inner > 0 && cols > 0 && wLength < ((inner - 1) * ldw) + cols)
            || (rows > 0 && cols > 0 && gLength < ((rows - 1) * ldg) + cols))
        {
            throw new ArgumentException($"C has {cLength}, W {wLength}, G {gLength} elements; too few for rows = {rows}, inner = {inner}, cols = {cols} with strides {ldc}, {ldw}, {ldg}.", nameof(rows));
        }
    }
}
