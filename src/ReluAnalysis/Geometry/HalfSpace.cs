namespace ReluAnalysis.Geometry;

/// <summary>The closed half-space <c>{x : Normal·x ≤ Offset}</c>.</summary>
public sealed class HalfSpace
{
    private readonly double[] _normal;

    /// <summary>Creates <c>normal·x ≤ offset</c> from a copy of <paramref name="normal"/>.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public HalfSpace(ReadOnlySpan<double> normal, double offset)
    {
        Guard.Finite(normal, nameof(normal));
        Guard.Finite(offset, nameof(offset));
        _normal = normal.ToArray();
        Offset = offset;
    }

    /// <summary>The normal vector <c>a</c>.</summary>
    public ReadOnlySpan<double> Normal => _normal;

    /// <summary>The right-hand side <c>b</c>.</summary>
    public double Offset { get; }

    /// <summary>Dimension of the space.</summary>
    public int Dimension => _normal.Length;

    /// <summary>The slack <c>b − a·x</c>: positive inside, zero on the boundary.</summary>
    public double Slack(ReadOnlySpan<double> x) => Offset - Kernels.Dot.Compute(_normal, x);

    /// <summary>Whether <c>a·x ≤ b + tolerance</c>.</summary>
    public bool Contains(ReadOnlySpan<double> x, double tolerance = 0.0) => Slack(x) >= -tolerance;

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", _normal)}]·x ≤ {Offset}";
}
