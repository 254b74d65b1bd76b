namespace ReluAnalysis.Regions.Barrier;

/// <summary>What a <see cref="SeparationCertificate"/> separates a piece from.</summary>
public enum SeparationKind
{
    /// <summary>A face of the domain box (the piece stays strictly inside).</summary>
    DomainFace = 0,

    /// <summary>An unsafe polytope.</summary>
    UnsafePolytope = 1,

    /// <summary>An uncertified cell of stage 1 (against the zero face or the whole piece, by policy).</summary>
    UncertifiedCell = 2,
}
