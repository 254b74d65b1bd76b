namespace ReluAnalysis.Splines;

/// <summary>Where the L2 loss is sampled.</summary>
public enum SamplingScheme
{
    /// <summary><c>SampleCount</c> uniform midpoints <c>(p + ½)/P</c>, equal weights <c>1/P</c> (mean squared error).</summary>
    UniformMidpoints,

    /// <summary>Gauss–Legendre points in every interval between consecutive breakpoints, re-generated whenever they move (graded at singular points).</summary>
    PerInterval,
}
