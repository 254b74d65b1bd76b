using System.Globalization;

namespace ReluAnalysis.Attribution;

/// <summary>The width <c>K</c> of a pathwise explanation: the maximum number of units kept per constrained layer.</summary>
/// <param name="Kind">How <paramref name="Value"/> is read.</param>
/// <param name="Value">The unit count (≥ 1) or the percentage (in (0, 100]); ignored for <see cref="PathWidthKind.Unlimited"/>.</param>
public readonly record struct PathWidth(PathWidthKind Kind, double Value)
{
    /// <summary>No cap.</summary>
    public static PathWidth Unlimited => new(PathWidthKind.Unlimited, 0);

    /// <summary>At most <paramref name="units"/> units per layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is not positive.</exception>
    public static PathWidth Units(int units)
    {
        Guard.Positive(units, nameof(units));
        return new(PathWidthKind.Count, units);
    }

    /// <summary>At most <paramref name="percent"/> % of each layer's units (at least one).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not in (0, 100].</exception>
    public static PathWidth Percent(double percent)
    {
        if (!(percent > 0 && percent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "expected a percentage in (0, 100].");
        }

        return new(PathWidthKind.Percentage, percent);
    }

    /// <summary>The cap <c>K_ℓ</c> for a layer of <paramref name="layerWidth"/> units.</summary>
    /// <remarks>Count: <c>min(K, n)</c>; percentage: <c>max(1, round(n·p/100))</c>, half away from zero; unlimited: <c>n</c>.</remarks>
    public int UnitsFor(int layerWidth) => Kind switch
    {
        PathWidthKind.Count => (int)Math.Min(Value, layerWidth),
        PathWidthKind.Percentage => Math.Min(layerWidth, Math.Max(1, (int)Math.Round(layerWidth * Value / 100.0, MidpointRounding.AwayFromZero))),
        _ => layerWidth,
    };

    /// <summary>Parses <c>"8"</c> (units), <c>"25%"</c> (percentage) or <c>"all"</c> (no cap).</summary>
    /// <exception cref="FormatException">The text is none of these.</exception>
    public static PathWidth Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return Unlimited;
        }

        if (t.EndsWith('%') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p > 0 && p <= 100)
        {
            return Percent(p);
        }

        if (int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) && k > 0)
        {
            return Units(k);
        }

        throw new FormatException($"width \"{text}\" is not valid; expected a positive unit count, a percentage such as \"25%\", or \"all\".");
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        PathWidthKind.Count => ((int)Value).ToString(CultureInfo.InvariantCulture),
        PathWidthKind.Percentage => Value.ToString(CultureInfo.InvariantCulture) + "%",
        _ => "all",
    };
}
