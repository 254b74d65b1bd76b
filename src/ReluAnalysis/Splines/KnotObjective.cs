namespace ReluAnalysis.Splines;

/// <summary>Level-1 knot objective of the two-level FKS procedure.</summary>
public enum KnotObjective
{
    /// <summary>Adam on the equidistribution loss <c>L_E</c> (<see cref="KnotLosses.Equidistribution(TargetFunction, ReadOnlySpan{double}, Span{double}, int)"/>).</summary>
    Equidistribution,

    /// <summary>Adam on the exact interpolation loss <c>L_I</c> (<see cref="KnotLosses.Interpolation"/>).</summary>
    Interpolation,

    /// <summary>No optimisation: knots computed directly by <see cref="Splines.Equidistribution.Knots(TargetFunction, int, EquidistributionOptions?)"/>.</summary>
    DirectEquidistribution,
}
