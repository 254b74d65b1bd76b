namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// An interval extension of <c>f</c>: for a box <c>X</c> (one <see cref="Interval"/> per coordinate) writes intervals
/// that contain <c>f_i(x)</c> for every real <c>x ∈ X</c>. Soundness of the certificate rests on this containment:
/// build it from <see cref="Interval"/> arithmetic (outward rounded) or add a stated margin.
/// </summary>
/// <param name="box">The box, length <c>n</c>.</param>
/// <param name="destination">Receives the enclosures, length <c>n</c>.</param>
public delegate void IntervalDynamics(ReadOnlySpan<Interval> box, Span<Interval> destination);
