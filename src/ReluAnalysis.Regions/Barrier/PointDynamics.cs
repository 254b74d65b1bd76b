namespace ReluAnalysis.Regions.Barrier;

/// <summary>A vector field or map <c>f</c>: writes <c>f(x)</c> (length <c>n</c>) into <paramref name="destination"/>.</summary>
/// <param name="x">The state, length <c>n</c>.</param>
/// <param name="destination">Receives <c>f(x)</c>, length <c>n</c>.</param>
public delegate void PointDynamics(ReadOnlySpan<double> x, Span<double> destination);
