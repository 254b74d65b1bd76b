namespace ReluAnalysis.Injectivity;

/// <summary>Level of lifting of random duality theory (RDT) for the injectivity capacity of a Gaussian ReLU layer.</summary>
public enum RdtLevel
{
    /// <summary>Plain RDT (one equation); equals the replica-symmetric answer and Gordon's bound.</summary>
    Plain = 1,

    /// <summary>Second level (partially lifted RDT, zero-temperature 1RSB): variables <c>q0, χ, y</c>.</summary>
    Second = 2,

    /// <summary>Third level (zero-temperature 2RSB): variables <c>q0 &lt; q1, χ, y1 &lt; y2</c>, nested Gaussian integrals.</summary>
    Third = 3,
}
