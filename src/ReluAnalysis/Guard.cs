using System.Diagnostics.CodeAnalysis;

namespace ReluAnalysis;

/// <summary>Argument checks with messages that name the parameter, the value and what was expected.</summary>
internal static class Guard
{
    /// <summary>Throws when any entry of <paramref name="values"/> is NaN or infinite.</summary>
    public static void Finite(ReadOnlySpan<double> values, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                ThrowNotFinite(paramName, i, values[i]);
            }
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN or infinite.</summary>
    public static void Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number; found {value}.");
        }
    }

    /// <summary>Throws when the span length differs from <paramref name="expected"/>.</summary>
    public static void Length(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            ThrowLength(paramName, actual, expected);
        }
    }

    /// <summary>Throws when the span is shorter than <paramref name="minimum"/>.</summary>
    public static void MinLength(int actual, int minimum, string paramName)
    {
        if (actual < minimum)
        {
            throw new ArgumentException($"{paramName} has length {actual}; expected at least {minimum}.", paramName);
        }
    }

    /// <summary>Throws when <paramref name="value"/> is not positive.</summary>
    public static void Positive(int value, string paramName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be positive; found {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is negative.</summary>
    public static void NonNegative(int value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be zero or positive; found {value}.");
        }
    }

    /// <summary>Throws when <paramref name="index"/> is outside [0, <paramref name="count"/>).</summary>
    public static void Index(int index, int count, string paramName)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(paramName, index, $"{paramName} must be in [0, {count}); found {index}.");
        }
    }

    [DoesNotReturn]
    private static void ThrowNotFinite(string paramName, int index, double value) =>
        throw new ArgumentException($"{paramName}[{index}] is {value}; expected a finite number (NaN and infinity are rejected, not patched).", paramName);

    [DoesNotReturn]
    private static void ThrowLength(string paramName, int actual, int expected) =>
        throw new ArgumentException($"{paramName} has length {actual}; expected {expected}.", paramName);
}
