namespace ReluAnalysis.Splines;

/// <summary>Options of <see cref="Equidistribution"/>; defaults documented per property.</summary>
public sealed record EquidistributionOptions
{
    /// <summary>Density to equidistribute (default <see cref="MeshDensity.Optimal"/>).</summary>
    public MeshDensity Density { get; init; } = MeshDensity.Optimal;

    /// <summary>The ε of the ε-regularised densities (default 1).</summary>
    public double Epsilon { get; init; } = 1.0;

    /// <summary>Uniform base cells of the density grid (default 4096).</summary>
    public int GridCells { get; init; } = 4096;

    /// <summary>Halvings of the grid towards each singular point (default 120, down to 2^−120 of a cell).</summary>
    public int GeometricLevels { get; init; } = 120;

    /// <summary>Gauss–Legendre points per grid cell (default 16).</summary>
    public int Order { get; init; } = 16;

    /// <summary>Sweeps of the fixed-point variant (default 50).</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Fixed-point relaxation ω in <c>k ← (1−ω) k + ω k_new</c> (default 0.5).</summary>
    public double Damping { get; init; } = 0.5;

    /// <summary>Fixed-point stop: <c>max |Δk| &lt; Tolerance</c> (default 1e-10).</summary>
    public double Tolerance { get; init; } = 1e-10;
}
