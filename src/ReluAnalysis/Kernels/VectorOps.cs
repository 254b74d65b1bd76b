using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ReluAnalysis.Kernels;

/// <summary>
/// The handful of vector operations the kernels need, as static abstract members so that a kernel
/// written once over <typeparamref name="TVector"/> is specialised and inlined by the JIT per width.
/// </summary>
internal interface IVectorOps<TVector>
    where TVector : struct
{
    /// <summary>Doubles per vector.</summary>
    static abstract int Lanes { get; }

    /// <summary>Whether this width runs in hardware (a JIT-time constant).</summary>
    static abstract bool IsHardwareAccelerated { get; }

    static abstract TVector Broadcast(double value);

    static abstract TVector Load(ref double source);

    static abstract void Store(TVector value, ref double destination);

    /// <summary><c>a·b + c</c> with a single rounding, lane-wise (same result as <see cref="Math.FusedMultiplyAdd"/>).</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    static abstract TVector ReluOf(TVector value);

    /// <summary>Bit j set when lane j is strictly positive.</summary>
    static abstract uint PositiveMask(TVector value);

    /// <summary>Lane-wise <c>a·b</c>, rounded on its own (never fused with a following add).</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>Lane-wise <c>a + b</c>.</summary>
    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Negate(TVector value);

    /// <summary>Bit j set when lane j of <paramref name="a"/> is greater than lane j of <paramref name="b"/>.</summary>
    static abstract uint GreaterThanMask(TVector a, TVector b);

    /// <summary>Lane-wise <c>value ≥ 0 ? ifNonNegative : otherwise</c> (−0 counts as non-negative; NaN as negative).</summary>
    static abstract TVector SelectNonNegative(TVector value, TVector ifNonNegative, TVector otherwise);
}

internal readonly struct Vector128Ops : IVectorOps<Vector128<double>>
{
    public static int Lanes => Vector128<double>.Count;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Broadcast(double value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) =>
        Vector128.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ReluOf(Vector128<double> value) => Vector128.Max(value, Vector128<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint PositiveMask(Vector128<double> value) =>
        Vector128.GreaterThan(value, Vector128<double>.Zero).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Negate(Vector128<double> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint GreaterThanMask(Vector128<double> a, Vector128<double> b) =>
        Vector128.GreaterThan(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> SelectNonNegative(Vector128<double> value, Vector128<double> ifNonNegative, Vector128<double> otherwise) =>
        Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(value, Vector128<double>.Zero), ifNonNegative, otherwise);
}

internal readonly struct Vector256Ops : IVectorOps<Vector256<double>>
{
    public static int Lanes => Vector256<double>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ReluOf(Vector256<double> value) => Vector256.Max(value, Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint PositiveMask(Vector256<double> value) =>
        Vector256.GreaterThan(value, Vector256<double>.Zero).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Negate(Vector256<double> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint GreaterThanMask(Vector256<double> a, Vector256<double> b) =>
        Vector256.GreaterThan(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> SelectNonNegative(Vector256<double> value, Vector256<double> ifNonNegative, Vector256<double> otherwise) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(value, Vector256<double>.Zero), ifNonNegative, otherwise);
}

internal readonly struct Vector512Ops : IVectorOps<Vector512<double>>
{
    public static int Lanes => Vector512<double>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) =>
        Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ReluOf(Vector512<double> value) => Vector512.Max(value, Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint PositiveMask(Vector512<double> value) =>
        (uint)Vector512.GreaterThan(value, Vector512<double>.Zero).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Negate(Vector512<double> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint GreaterThanMask(Vector512<double> a, Vector512<double> b) =>
        (uint)Vector512.GreaterThan(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SelectNonNegative(Vector512<double> value, Vector512<double> ifNonNegative, Vector512<double> otherwise) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(value, Vector512<double>.Zero), ifNonNegative, otherwise);
}
