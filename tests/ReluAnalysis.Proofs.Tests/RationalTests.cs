using System.Numerics;

namespace ReluAnalysis.Proofs.Tests;

public class RationalTests
{
    [Fact]
    public void FromDouble_is_the_exact_dyadic_value()
    {
        Rational tenth = Rational.FromDouble(0.1);
        Assert.Equal(BigInteger.Parse("3602879701896397"), tenth.Numerator);
        Assert.Equal(BigInteger.One << 55, tenth.Denominator);
        Assert.Equal(Rational.Create(-3, 4), Rational.FromDouble(-0.75));
        Assert.Equal(Rational.FromInteger(BigInteger.One << 1000), Rational.FromDouble(Math.Pow(2, 1000)));
        Assert.Equal(Rational.Create(BigInteger.One, BigInteger.One << 1074), Rational.FromDouble(double.Epsilon));
        Assert.Equal(0.1, tenth.ToDouble());
    }

    [Fact]
    public void Arithmetic_is_exact_where_doubles_round()
    {
        Rational a = Rational.FromDouble(0.1), b = Rational.FromDouble(0.2), c = Rational.FromDouble(0.3);
        Assert.NotEqual(c, a + b); // 0.1 + 0.2 ≠ 0.3 as the rationals the doubles denote
        Assert.Equal(a + b - c, Rational.FromDouble(0.1) + Rational.FromDouble(0.2) - Rational.FromDouble(0.3));
        Assert.True(a + b > c);
        Assert.Equal(Rational.One, Rational.Create(1, 3) * Rational.FromInteger(3));
        Assert.Equal(Rational.Create(2, 3), Rational.Create(4, 6));
        Assert.Equal(Rational.Create(-1, 2), Rational.Create(1, -2));
        Assert.Equal(Rational.Zero, a - a);
        Assert.Equal(Rational.Create(1, 7), Rational.One / Rational.FromInteger(7));
        Assert.Throws<DivideByZeroException>(() => Rational.One / Rational.Zero);
    }

    [Fact]
    public void Dyadic_and_general_paths_agree()
    {
        var rng = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            Rational x = Rational.FromDouble((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-70, 70)));
            Rational y = Rational.FromDouble((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-70, 70)));
            Rational third = Rational.Create(1, 3);

            // (x + y)·3 computed through a non-dyadic detour must equal the dyadic sum.
            Assert.Equal(x + y, ((x * third) + (y * third)) * Rational.FromInteger(3));
            Assert.Equal((x - y).Sign, x.CompareTo(y));
            Assert.Equal((x * third).CompareTo(y * third), x.CompareTo(y));
            Assert.Equal(x, x + y - y);
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void FromDouble_rejects_non_finite(double v) =>
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Rational.FromDouble(v)).Message);

    [Fact]
    public void Ordering_matches_doubles_on_random_values()
    {
        var rng = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            double x = (rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-60, 60)), y = (rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-60, 60));
            Assert.Equal(x.CompareTo(y), Rational.FromDouble(x).CompareTo(Rational.FromDouble(y)));
            // ToDouble is for messages: within one ulp of the exact product (x*y rounds it to nearest).
            double p = (Rational.FromDouble(x) * Rational.FromDouble(y)).ToDouble();
            Assert.True(Math.Abs(p - x * y) <= Math.Abs(x * y) * 2.3e-16, $"{p} vs {x * y}");
            Assert.Equal(Math.Sign(x * y), (Rational.FromDouble(x) * Rational.FromDouble(y)).Sign);
        }
    }
}
