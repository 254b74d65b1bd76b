namespace ReluAnalysis.Injectivity;

/// <summary>Verdict of the exact injectivity check of one finite layer.</summary>
public enum InjectivityStatus
{
    /// <summary>Every open cell of the arrangement has at least n positive signs: <c>x ↦ ReLU(W x)</c> is injective.</summary>
    Injective = 0,

    /// <summary>Some cell has at most n − 1 positive signs; a witness direction is given.</summary>
    NotInjective = 1,

    /// <summary>General position is violated within the tolerance (a row lies on a ray's hyperplane, or n − 1 rows are dependent); no verdict.</summary>
    Degenerate = 2,

    /// <summary>Deep checker only: a candidate collision fell inside the tolerance band; no verdict.</summary>
    Unknown = 4,
}
