namespace ReluAnalysis.Regions.Barrier;

/// <summary>Which part of a piece must avoid the uncertified cells of stage 1.</summary>
public enum BarrierBoundaryPolicy
{
    /// <summary>Only the zero face <c>{x ∈ cl P : B(x) = 0}</c> (spec §5, default for continuous time).</summary>
    ZeroFace = 0,

    /// <summary>The whole piece (stricter; always used for discrete time).</summary>
    WholePiece = 1,
}
