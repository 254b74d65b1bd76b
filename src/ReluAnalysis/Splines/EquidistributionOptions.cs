namespace ReluAnalysis.Splines;

/// <summary>Options of <see cref="Equidistribution"/>; defaults documented per property.</summary>
/// <param name="Density">Density to equidistribute (default <see cref="MeshDensity.Optimal"/>).</param>
/// <param name="Epsilon">The ε of the ε-regularised densities (default 1).</param>
/// <param name="GridCells">Uniform base cells of the density grid (default 4096).</param>
/// <param name="GeometricLevels">Halvings of the grid towards each singular point (default 120, down to 2^−120 of a cell).</param>
/// <param name="Order">Gauss–Legendre points per grid cell (default 16).</param>
/// <param name="MaxIterations">Sweeps of the fixed-point variant (default 50).</param>
/// <param name="Damping">Fixed-point relaxation ω in <c>k ← (1−ω) k + ω k_new</c> (default 0.5).</param>
/// <param name="Tolerance">Fixed-point stop: <c>max |Δk| &lt; Tolerance</c> (default 1e-10).</param>
public sealed record EquidistributionOptions(
    MeshDensity Density = MeshDensity.Optimal,
    double Epsilon = 1.0,
    int GridCells = 4096,
    int GeometricLevels = 120,
    int Order = 16,
    int MaxIterations = 50,
    double Damping = 0.5,
    double Tolerance = 1e-10);
