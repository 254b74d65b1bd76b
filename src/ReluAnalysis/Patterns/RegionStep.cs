namespace ReluAnalysis.Patterns;

/// <summary>How far a point can move along a direction and stay in an activation region.</summary>
public static class RegionStep
{
    /// <summary>
    /// The largest <c>t ≥ 0</c> with <c>x + t·d</c> in the closed region: <c>min { s_g / (a_g·d) : a_g·d &gt; 0 }</c> over
    /// the region's half-space rows <c>a_g·x ≤ β_g</c> with slacks <c>s_g = β_g − a_g·x</c>, or
    /// <see cref="double.PositiveInfinity"/> when no row limits the ray.
    /// </summary>
    /// <remarks>
    /// For every <c>t</c> in <c>[0, result)</c> every row with positive slack keeps it and no slack becomes negative, so
    /// every pattern bit (<c>z &gt; 0</c>) and hence the local affine map stay those of the region; at <c>t = result</c>
    /// a neuron's pre-activation reaches zero. A negative slack (x outside
    /// the closed region, for example by rounding at a degenerate neuron) gives 0. Cost <c>O(neurons · D)</c>.
    /// </remarks>
    /// <param name="region">The region (one row per hidden neuron).</param>
    /// <param name="x">Starting point, length D.</param>
    /// <param name="direction">The direction <c>d</c>, length D (need not be normalised).</param>
    public static double Largest(ActivationRegion region, ReadOnlySpan<double> x, ReadOnlySpan<double> direction)
    {
        ArgumentNullException.ThrowIfNull(region);
        int d = region.Polytope.Dimension;
        Check(d, x, direction);
        double best = double.PositiveInfinity;
        foreach (var row in region.HalfSpaces)
        {
            best = Math.Min(best, Limit(row.Normal, row.Offset, x, direction));
        }

        return best;
    }

    /// <summary>
    /// The same for rows given as arrays, as <see cref="PatternEngine.RegionRows"/> writes them: row g is
    /// <c>normals[g·D .. (g+1)·D)·x ≤ offsets[g]</c>.
    /// </summary>
    /// <param name="normals">Row-major <c>rows × D</c>.</param>
    /// <param name="offsets">Length <c>rows</c>.</param>
    /// <param name="x">Starting point, length D.</param>
    /// <param name="direction">The direction, length D.</param>
    public static double Largest(ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets, ReadOnlySpan<double> x, ReadOnlySpan<double> direction)
    {
        int d = x.Length;
        Guard.Positive(d, "x.Length");
        Guard.Length(normals.Length, offsets.Length * d, nameof(normals));
        Check(d, x, direction);
        double best = double.PositiveInfinity;
        for (int g = 0; g < offsets.Length; g++)
        {
            best = Math.Min(best, Limit(normals.Slice(g * d, d), offsets[g], x, direction));
        }

        return best;
    }

    private static double Limit(ReadOnlySpan<double> normal, double offset, ReadOnlySpan<double> x, ReadOnlySpan<double> direction)
    {
        double rate = Kernels.Dot.Compute(normal, direction);
        return rate > 0 ? Math.Max(0.0, offset - Kernels.Dot.Compute(normal, x)) / rate : double.PositiveInfinity;
    }

    private static void Check(int d, ReadOnlySpan<double> x, ReadOnlySpan<double> direction)
    {
        Guard.Length(x.Length, d, nameof(x));
        Guard.Length(direction.Length, d, nameof(direction));
        Guard.Finite(x, nameof(x));
        Guard.Finite(direction, nameof(direction));
    }
}
