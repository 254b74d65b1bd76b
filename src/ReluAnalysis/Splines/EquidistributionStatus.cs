namespace ReluAnalysis.Splines;

/// <summary>How an equidistribution computation ended.</summary>
public enum EquidistributionStatus
{
    /// <summary>Direct inversion finished, or the fixed-point iteration met its tolerance.</summary>
    Converged,

    /// <summary>The fixed-point iteration used all its sweeps without meeting the tolerance (knots still usable).</summary>
    MaxIterations,

    /// <summary>The density integrates to zero (for example a linear target): uniform knots returned.</summary>
    DegenerateDensity,
}
