using System.Globalization;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// A closed interval <c>[Lower, Upper]</c> with outward-rounded arithmetic, for sound bounds of polynomial
/// dynamics over boxes (interval extensions of <see cref="BarrierSystem"/>).
/// </summary>
/// <remarks>
/// .NET has no directed rounding, so every operation computes the round-to-nearest result and then moves
/// the lower end one ulp down and the upper end one ulp up (<see cref="Math.BitDecrement"/>,
/// <see cref="Math.BitIncrement"/>). Round-to-nearest is within half an ulp of the exact value, so the
/// widened interval contains the exact result of the operation on any points of the operands.
/// Products take the minimum and maximum of the four end-point products; <see cref="Square"/> is tight
/// (it knows both factors are the same point).
/// </remarks>
/// <param name="Lower">Lower end.</param>
/// <param name="Upper">Upper end (≥ Lower).</param>
public readonly record struct Interval(double Lower, double Upper)
{
    /// <summary>The degenerate interval <c>[v, v]</c> (exact: no widening).</summary>
    public static Interval Point(double value) => new(value, value);

    /// <summary>Width <c>Upper − Lower</c>.</summary>
    public double Width => Upper - Lower;

    /// <summary>Whether <paramref name="value"/> lies in the interval.</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>Outward-rounded sum.</summary>
    public static Interval operator +(Interval a, Interval b) => Out(a.Lower + b.Lower, a.Upper + b.Upper);

    /// <summary>Outward-rounded sum with a constant.</summary>
    public static Interval operator +(Interval a, double b) => Out(a.Lower + b, a.Upper + b);

    /// <summary>Outward-rounded sum with a constant.</summary>
    public static Interval operator +(double a, Interval b) => b + a;

    /// <summary>Outward-rounded difference.</summary>
    public static Interval operator -(Interval a, Interval b) => Out(a.Lower - b.Upper, a.Upper - b.Lower);

    /// <summary>Outward-rounded difference with a constant.</summary>
    public static Interval operator -(Interval a, double b) => Out(a.Lower - b, a.Upper - b);

    /// <summary>Outward-rounded difference of a constant and an interval.</summary>
    public static Interval operator -(double a, Interval b) => Out(a - b.Upper, a - b.Lower);

    /// <summary>Negation (exact).</summary>
    public static Interval operator -(Interval a) => new(-a.Upper, -a.Lower);

    /// <summary>Outward-rounded product.</summary>
    public static Interval operator *(Interval a, Interval b)
    {
        double p = a.Lower * b.Lower, q = a.Lower * b.Upper, r = a.Upper * b.Lower, s = a.Upper * b.Upper;
        return Out(Math.Min(Math.Min(p, q), Math.Min(r, s)), Math.Max(Math.Max(p, q), Math.Max(r, s)));
    }

    /// <summary>Outward-rounded product with a constant.</summary>
    public static Interval operator *(double c, Interval a) => c >= 0 ? Out(c * a.Lower, c * a.Upper) : Out(c * a.Upper, c * a.Lower);

    /// <summary>Outward-rounded product with a constant.</summary>
    public static Interval operator *(Interval a, double c) => c * a;

    /// <summary>The tight square <c>{x² : x ∈ a}</c>, outward rounded.</summary>
    public Interval Square()
    {
        double lo2 = Lower * Lower, hi2 = Upper * Upper;
        if (Lower >= 0)
        {
            return Out(lo2, hi2);
        }

        if (Upper <= 0)
        {
            return Out(hi2, lo2);
        }

        return new Interval(0.0, Math.BitIncrement(Math.Max(lo2, hi2)));
    }

    /// <summary>The tight image of <c>x ↦ x^p</c> for an integer <c>p ≥ 0</c> (repeated outward-rounded products; even powers tight).</summary>
    public Interval Pow(int p)
    {
        if (p < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "expected a non-negative integer power.");
        }

        if (p == 0)
        {
            return Point(1.0);
        }

        if (p % 2 == 0)
        {
            return Pow(p / 2).Square();
        }

        Interval r = this;
        for (int i = 1; i < p; i++)
        {
            r *= this;
        }

        // Odd powers are monotone: end points are exact up to the accumulated widening, which r already contains.
        return r;
    }

    /// <summary>The union hull of two intervals.</summary>
    public static Interval Hull(Interval a, Interval b) => new(Math.Min(a.Lower, b.Lower), Math.Max(a.Upper, b.Upper));

    private static Interval Out(double lower, double upper) => new(Math.BitDecrement(lower), Math.BitIncrement(upper));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Lower}, {Upper}]");
}
