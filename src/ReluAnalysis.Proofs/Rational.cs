using System.Numerics;

namespace ReluAnalysis.Proofs;

/// <summary>
/// An exact rational number <c>p/q</c> over <see cref="BigInteger"/>, <c>q &gt; 0</c>, always in lowest terms.
/// </summary>
/// <remarks>
/// Every finite double is the dyadic rational <c>m·2^e</c> it denotes (<see cref="FromDouble"/>), so weights,
/// bounds and multipliers enter without rounding. Dyadic fast path: when the denominator is a power of two (every
/// value built from doubles by +, −, × is), lowest terms need only a shift by the common trailing zero bits instead
/// of a gcd. Equality, ordering and hashing are exact.
/// </remarks>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    private readonly BigInteger _num;
    private readonly BigInteger _den;

    private Rational(BigInteger num, BigInteger den)
    {
        _num = num;
        _den = den;
    }

    /// <summary>Zero.</summary>
    public static Rational Zero => new(BigInteger.Zero, BigInteger.One);

    /// <summary>One.</summary>
    public static Rational One => new(BigInteger.One, BigInteger.One);

    /// <summary>The numerator (sign carrier).</summary>
    public BigInteger Numerator => _den.IsZero ? BigInteger.Zero : _num;

    /// <summary>The denominator (positive).</summary>
    public BigInteger Denominator => _den.IsZero ? BigInteger.One : _den;

    /// <summary>−1, 0 or 1.</summary>
    public int Sign => Numerator.Sign;

    /// <summary>Whether the value is 0.</summary>
    public bool IsZero => Numerator.IsZero;

    /// <summary><c>p/q</c> in lowest terms.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="den"/> is 0.</exception>
    public static Rational Create(BigInteger num, BigInteger den)
    {
        if (den.IsZero)
        {
            throw new DivideByZeroException("Rational denominator is 0.");
        }

        if (den.Sign < 0)
        {
            num = -num;
            den = -den;
        }

        return Normalize(num, den);
    }

    /// <summary>The exact value of a finite double.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite.</exception>
    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"value = {value}; expected a finite number.", nameof(value));
        }

        if (value == 0)
        {
            return Zero;
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        int tz = BitOperations.TrailingZeroCount(mantissa);
        mantissa >>= tz;
        exponent += tz;
        BigInteger m = negative ? -mantissa : mantissa;
        return exponent >= 0 ? new Rational(m << exponent, BigInteger.One) : new Rational(m, BigInteger.One << -exponent);
    }

    /// <summary>An integer.</summary>
    public static Rational FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>The nearest double (for messages only; never used in a decision).</summary>
    public double ToDouble()
    {
        BigInteger n = Numerator, d = Denominator;
        long shift = Math.Max(0, (long)d.GetBitLength() - (long)BigInteger.Abs(n).GetBitLength() + 64);
        return Math.ScaleB((double)((n << (int)shift) / d), -(int)shift);
    }

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational a, Rational b)
    {
        BigInteger ad = a.Denominator, bd = b.Denominator;
        if (ad == bd)
        {
            return Normalize(a.Numerator + b.Numerator, ad);
        }

        if (ad.IsPowerOfTwo && bd.IsPowerOfTwo)
        {
            // Dyadic fast path: align by a shift instead of two multiplications.
            long shift = (long)bd.GetBitLength() - (long)ad.GetBitLength();
            return shift > 0
                ? Normalize((a.Numerator << (int)shift) + b.Numerator, bd)
                : Normalize(a.Numerator + (b.Numerator << (int)-shift), ad);
        }

        return Normalize(a.Numerator * bd + b.Numerator * ad, ad * bd);
    }

    /// <summary>Difference.</summary>
    public static Rational operator -(Rational a, Rational b) => a + (-b);

    /// <summary>Negation.</summary>
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    /// <summary>Product.</summary>
    public static Rational operator *(Rational a, Rational b) => Normalize(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>Quotient.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is 0.</exception>
    public static Rational operator /(Rational a, Rational b)
    {
        if (b.IsZero)
        {
            throw new DivideByZeroException("Rational division by 0.");
        }

        return Create(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    }

    /// <summary>Absolute value.</summary>
    public static Rational Abs(Rational a) => a.Sign < 0 ? -a : a;

    /// <summary>The larger of two values.</summary>
    public static Rational Max(Rational a, Rational b) => a.CompareTo(b) >= 0 ? a : b;

    /// <inheritdoc />
    public int CompareTo(Rational other)
    {
        int sa = Sign, sb = other.Sign;
        if (sa != sb)
        {
            return sa.CompareTo(sb);
        }

        BigInteger ad = Denominator, bd = other.Denominator;
        if (ad == bd)
        {
            return Numerator.CompareTo(other.Numerator);
        }

        if (ad.IsPowerOfTwo && bd.IsPowerOfTwo)
        {
            long shift = (long)bd.GetBitLength() - (long)ad.GetBitLength();
            return shift > 0
                ? (Numerator << (int)shift).CompareTo(other.Numerator)
                : Numerator.CompareTo(other.Numerator << (int)-shift);
        }

        return (Numerator * bd).CompareTo(other.Numerator * ad);
    }

    /// <inheritdoc />
    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary>Less than.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    /// <summary>Greater than.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    /// <summary>At most.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    /// <summary>At least.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>Equal.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    /// <summary>Not equal.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    /// <summary><c>p/q</c> (or <c>p</c>), exact.</summary>
    public override string ToString() => Denominator.IsOne ? Numerator.ToString() : $"{Numerator}/{Denominator}";

    private static Rational Normalize(BigInteger num, BigInteger den)
    {
        if (num.IsZero)
        {
            return Zero;
        }

        if (den.IsOne)
        {
            return new Rational(num, den);
        }

        if (den.IsPowerOfTwo)
        {
            // Dyadic fast path: cancel the common factors of two only.
            long shift = Math.Min((long)BigInteger.TrailingZeroCount(BigInteger.Abs(num)), (long)BigInteger.TrailingZeroCount(den));
            return shift == 0 ? new Rational(num, den) : new Rational(num >> (int)shift, den >> (int)shift);
        }

        BigInteger g = BigInteger.GreatestCommonDivisor(num, den);
        return g.IsOne ? new Rational(num, den) : new Rational(num / g, den / g);
    }
}
