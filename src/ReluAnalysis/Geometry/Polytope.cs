namespace ReluAnalysis.Geometry;

/// <summary>A convex polyhedron in H-representation: the intersection of half-spaces <c>a_i·x ≤ b_i</c>.</summary>
public sealed class Polytope
{
    private readonly HalfSpace[] _halfSpaces;

    /// <summary>Creates the intersection of <paramref name="halfSpaces"/> in R^<paramref name="dimension"/>.</summary>
    public Polytope(int dimension, IEnumerable<HalfSpace> halfSpaces)
    {
        Guard.Positive(dimension, nameof(dimension));
        ArgumentNullException.ThrowIfNull(halfSpaces);
        _halfSpaces = halfSpaces.ToArray();
        for (int i = 0; i < _halfSpaces.Length; i++)
        {
            if (_halfSpaces[i].Dimension != dimension)
            {
                throw new ArgumentException($"halfSpaces[{i}] has dimension {_halfSpaces[i].Dimension}; expected {dimension}.", nameof(halfSpaces));
            }
        }

        Dimension = dimension;
    }

    /// <summary>Dimension of the space.</summary>
    public int Dimension { get; }

    /// <summary>The rows <c>a_i·x ≤ b_i</c>.</summary>
    public IReadOnlyList<HalfSpace> HalfSpaces => _halfSpaces;

    /// <summary>The half-spaces as flat rows, as they are (not normalised): normals row-major (count × dimension) and offsets.</summary>
    public (double[] Normals, double[] Offsets) Rows()
    {
        var normals = new double[_halfSpaces.Length * Dimension];
        var offsets = new double[_halfSpaces.Length];
        for (int r = 0; r < offsets.Length; r++)
        {
            _halfSpaces[r].Normal.CopyTo(normals.AsSpan(r * Dimension, Dimension));
            offsets[r] = _halfSpaces[r].Offset;
        }

        return (normals, offsets);
    }

    /// <summary>Whether every row holds at <paramref name="x"/> up to <paramref name="tolerance"/>.</summary>
    public bool Contains(ReadOnlySpan<double> x, double tolerance = 0.0)
    {
        Guard.Length(x.Length, Dimension, nameof(x));
        foreach (HalfSpace h in _halfSpaces)
        {
            if (!h.Contains(x, tolerance))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The smallest row slack at <paramref name="x"/> (positive: strictly inside).</summary>
    public double MinSlack(ReadOnlySpan<double> x)
    {
        double min = double.PositiveInfinity;
        foreach (HalfSpace h in _halfSpaces)
        {
            min = Math.Min(min, h.Slack(x));
        }

        return min;
    }

    /// <summary>This polytope intersected with <paramref name="other"/>.</summary>
    public Polytope Intersect(Polytope other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new Polytope(Dimension, _halfSpaces.Concat(other._halfSpaces));
    }
}
