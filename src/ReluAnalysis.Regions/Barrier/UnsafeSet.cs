using ReluAnalysis.Geometry;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// The unsafe set <c>X_u</c>: a union of polytopes, or a semialgebraic-style set <c>{x : h(x) ≤ 0}</c> given by a
/// point function and a sound interval extension (or both: the union of the two).
/// </summary>
/// <remarks>
/// A piece misses a polytope when the LP <c>min s</c> over <c>piece rows ≤ b + s, polytope rows ≤ q + s</c> (unit
/// normals) has <c>s* &gt; η</c>: the sets grown by η are disjoint, and the duals are a Farkas certificate. A piece
/// misses <c>{h ≤ 0}</c> when its bounding box can be bisected into boxes each either outside the piece (a row of the
/// piece exceeds its bound over the whole box) or with <c>h &gt; 0</c> by the interval extension.
/// </remarks>
public sealed class UnsafeSet
{
    private UnsafeSet(int dimension, IReadOnlyList<Polytope> polytopes, Func<double[], double>? h, Func<Interval[], Interval>? hBound, string description)
    {
        Dimension = dimension;
        Polytopes = polytopes;
        Function = h;
        FunctionBound = hBound;
        Description = description;
    }

    /// <summary>State dimension.</summary>
    public int Dimension { get; }

    /// <summary>Unsafe polytopes (may be empty).</summary>
    public IReadOnlyList<Polytope> Polytopes { get; }

    /// <summary><c>h</c> with unsafe part <c>{h ≤ 0}</c>, or null.</summary>
    public Func<double[], double>? Function { get; }

    /// <summary>A sound interval extension of <see cref="Function"/>, or null.</summary>
    public Func<Interval[], Interval>? FunctionBound { get; }

    /// <summary>Human-readable description.</summary>
    public string Description { get; }

    /// <summary>Whether <paramref name="x"/> is unsafe.</summary>
    public bool Contains(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Guard.Length(x.Length, Dimension, nameof(x));
        foreach (Polytope p in Polytopes)
        {
            if (p.Contains(x))
            {
                return true;
            }
        }

        return Function is not null && Function(x) <= 0;
    }

    /// <summary>No unsafe states.</summary>
    public static UnsafeSet None(int dimension)
    {
        Guard.Positive(dimension, nameof(dimension));
        return new UnsafeSet(dimension, [], null, null, "none");
    }

    /// <summary>A union of polytopes (each <c>A x ≤ b</c>; it may be unbounded, the domain box bounds it).</summary>
    public static UnsafeSet FromPolytopes(IReadOnlyList<Polytope> polytopes, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(polytopes);
        if (polytopes.Count == 0)
        {
            throw new ArgumentException("polytopes is empty; expected at least one (use None for no unsafe set).", nameof(polytopes));
        }

        int d = polytopes[0].Dimension;
        for (int i = 0; i < polytopes.Count; i++)
        {
            if (polytopes[i].Dimension != d)
            {
                throw new ArgumentException($"polytopes[{i}] has dimension {polytopes[i].Dimension}; expected {d}.", nameof(polytopes));
            }

            foreach (HalfSpace h in polytopes[i].HalfSpaces)
            {
                double norm = 0;
                foreach (double v in h.Normal)
                {
                    norm += v * v;
                }

                if (norm == 0)
                {
                    throw new ArgumentException($"polytopes[{i}] has a row with a zero normal; expected proper half-spaces.", nameof(polytopes));
                }
            }
        }

        return new UnsafeSet(d, polytopes.ToArray(), null, null, description ?? $"{polytopes.Count} polytope(s)");
    }

    /// <summary>The set <c>{x : h(x) ≤ 0}</c>.</summary>
    /// <param name="dimension">State dimension.</param>
    /// <param name="h">Point function.</param>
    /// <param name="hBound">Sound interval extension of <paramref name="h"/> over boxes.</param>
    /// <param name="description">Text such as "x1 + x2² ≤ 0".</param>
    public static UnsafeSet FromInequality(int dimension, Func<double[], double> h, Func<Interval[], Interval> hBound, string description)
    {
        Guard.Positive(dimension, nameof(dimension));
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(hBound);
        ArgumentNullException.ThrowIfNull(description);
        return new UnsafeSet(dimension, [], h, hBound, description);
    }
}
