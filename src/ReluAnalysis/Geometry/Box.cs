using System.Globalization;

namespace ReluAnalysis.Geometry;

/// <summary>An axis-aligned box <c>{x : Lower_i ≤ x_i ≤ Upper_i}</c>.</summary>
public sealed class Box
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>Creates a box from copies of its bounds.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a bound is not finite, or a lower bound exceeds its upper bound.</exception>
    public Box(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        Guard.Positive(lower.Length, nameof(lower));
        Guard.Length(upper.Length, lower.Length, nameof(upper));
        Guard.Finite(lower, nameof(lower));
        Guard.Finite(upper, nameof(upper));
        for (int i = 0; i < lower.Length; i++)
        {
            if (lower[i] > upper[i])
            {
                throw new ArgumentException($"lower[{i}] = {lower[i]} exceeds upper[{i}] = {upper[i]}; expected lower ≤ upper.", nameof(lower));
            }
        }

        _lower = lower.ToArray();
        _upper = upper.ToArray();
    }

    /// <summary>Dimension.</summary>
    public int Dimension => _lower.Length;

    /// <summary>Lower bounds.</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>Upper bounds.</summary>
    public ReadOnlySpan<double> Upper => _upper;

    /// <summary>Product of the side lengths.</summary>
    public double Volume()
    {
        double v = 1.0;
        for (int i = 0; i < _lower.Length; i++)
        {
            v *= _upper[i] - _lower[i];
        }

        return v;
    }

    /// <summary>The centre point.</summary>
    public double[] Center() => _lower.Zip(_upper, (l, u) => 0.5 * (l + u)).ToArray();

    /// <summary>Whether <paramref name="x"/> lies in the box up to <paramref name="tolerance"/>.</summary>
    public bool Contains(ReadOnlySpan<double> x, double tolerance = 0.0)
    {
        Guard.Length(x.Length, Dimension, nameof(x));
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < _lower[i] - tolerance || x[i] > _upper[i] + tolerance)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes a uniform random point of the box into <paramref name="destination"/>.</summary>
    public void Sample(Random random, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        Guard.MinLength(destination.Length, Dimension, nameof(destination));
        for (int i = 0; i < _lower.Length; i++)
        {
            destination[i] = _lower[i] + (_upper[i] - _lower[i]) * random.NextDouble();
        }
    }

    /// <summary>The box as <c>2d</c> half-spaces: <c>x_i ≤ u_i</c> and <c>−x_i ≤ −l_i</c>.</summary>
    public Polytope ToPolytope()
    {
        int d = Dimension;
        var rows = new List<HalfSpace>(2 * d);
        var e = new double[d];
        for (int i = 0; i < d; i++)
        {
            e[i] = 1.0;
            rows.Add(new HalfSpace(e, _upper[i]));
            e[i] = -1.0;
            rows.Add(new HalfSpace(e, -_lower[i]));
            e[i] = 0.0;
        }

        return new Polytope(d, rows);
    }

    /// <summary>Parses <c>"lo:hi,lo:hi,…"</c> (invariant culture).</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static Box Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException($"Box \"{text}\" is empty; expected \"lo:hi,lo:hi,…\".");
        }

        var lo = new double[parts.Length];
        var hi = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string[] lh = parts[i].Split(':');
            if (lh.Length != 2
                || !double.TryParse(lh[0], NumberStyles.Float, CultureInfo.InvariantCulture, out lo[i])
                || !double.TryParse(lh[1], NumberStyles.Float, CultureInfo.InvariantCulture, out hi[i]))
            {
                throw new FormatException($"Box interval {i} \"{parts[i]}\" is not \"lo:hi\" with two numbers.");
            }

            if (!double.IsFinite(lo[i]) || !double.IsFinite(hi[i]) || lo[i] > hi[i])
            {
                throw new FormatException($"Box interval {i} \"{parts[i]}\" must have finite bounds with lo ≤ hi.");
            }
        }

        return new Box(lo, hi);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(",", _lower.Zip(_upper, (l, u) => string.Create(CultureInfo.InvariantCulture, $"{l}:{u}")));
}
