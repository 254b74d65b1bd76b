namespace ReluAnalysis.Proofs;

/// <summary>A closed interval with exact rational end points; every operation is the exact image (no rounding).</summary>
internal readonly record struct ExactInterval(Rational Lo, Rational Hi)
{
    public static ExactInterval Point(Rational v) => new(v, v);

    public static ExactInterval operator +(ExactInterval a, ExactInterval b) => new(a.Lo + b.Lo, a.Hi + b.Hi);

    public static ExactInterval operator -(ExactInterval a, ExactInterval b) => new(a.Lo - b.Hi, a.Hi - b.Lo);

    public static ExactInterval operator -(ExactInterval a) => new(-a.Hi, -a.Lo);

    public static ExactInterval operator *(Rational c, ExactInterval a) => c.Sign >= 0 ? new(c * a.Lo, c * a.Hi) : new(c * a.Hi, c * a.Lo);

    public static ExactInterval operator *(ExactInterval a, ExactInterval b)
    {
        Rational p = a.Lo * b.Lo, q = a.Lo * b.Hi, r = a.Hi * b.Lo, s = a.Hi * b.Hi;
        Rational lo = p, hi = p;
        foreach (Rational v in (ReadOnlySpan<Rational>)[q, r, s])
        {
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }

        return new(lo, hi);
    }

    /// <summary>The tight square: <c>[0, max²]</c> when the interval contains 0.</summary>
    public ExactInterval Square()
    {
        Rational a = Lo * Lo, b = Hi * Hi;
        Rational hi = a > b ? a : b;
        if (Lo.Sign <= 0 && Hi.Sign >= 0)
        {
            return new(Rational.Zero, hi);
        }

        return new(a < b ? a : b, hi);
    }
}
