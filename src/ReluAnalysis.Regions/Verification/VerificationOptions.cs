using ReluAnalysis.Patterns;

namespace ReluAnalysis.Regions.Verification;

/// <summary>Options of <see cref="PropertyVerifier"/>. Change with <c>with</c>.</summary>
public sealed record VerificationOptions
{
    /// <summary>Wall-time limit; the verdict is then <see cref="VerificationStatus.Unknown"/>. Default: none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Worker threads; ≤ 0 means every core. The verdict, counterexample and statistics do not depend on it. Default 0.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Seed of the attack's random samples. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Random samples per input piece in the first attack round (0 skips sampling); round r, run during the search, takes 4^r times as many (at most 4,194,304). Default 4096.</summary>
    public int AttackSamples { get; init; } = 4096;

    /// <summary>Projected-gradient restarts (from the best samples) per input piece. Default 8.</summary>
    public int AttackRestarts { get; init; } = 8;

    /// <summary>Projected-gradient steps per restart. Default 30.</summary>
    public int AttackSteps { get; init; } = 30;

    /// <summary>Stop after this many search nodes (verdict unknown). Default 50,000,000.</summary>
    public long MaxNodes { get; init; } = 50_000_000;

    /// <summary>How hidden pre-activations are bounded on each box. Default <see cref="BoundMethod.BackSubstitution"/>.</summary>
    public BoundMethod Bounds { get; init; } = BoundMethod.BackSubstitution;

    /// <summary>
    /// How a box that the bounds cannot close is split (the input to halve). Default <see cref="SplitRule.Strong"/>;
    /// <see cref="SplitRule.Coefficient"/> is the cheaper rule of earlier versions. Both are deterministic.
    /// </summary>
    public SplitRule Split { get; init; } = SplitRule.Strong;

    /// <summary>
    /// A box with at most this many unstable neurons (and an open disjunct) is decided exactly by its linear regions, an LP
    /// on each, instead of being split further (with <see cref="RegionLeafDepth"/> = <see cref="int.MaxValue"/>, 0 splits inputs only). Not used when <see cref="KeepSearchTree"/> is set
    /// (proofs certify input splits only). Default 30.
    /// </summary>
    public int RegionLeafNeurons { get; init; } = 30;

    /// <summary>
    /// A box this many input splits below its piece on which at least a third of the hidden neurons are still unstable is
    /// decided by its linear regions too (<see cref="RegionLeafNeurons"/>): input splits are not making the network
    /// affine there, while the engine's bounds from a partial region's exact map prune most regions of the first layers
    /// (ACAS Xu φ1 on 3_6: about 130 of 300 neurons unstable twelve splits deep; every region pruned at layer 1). Default 12.
    /// </summary>
    public int RegionLeafDepth { get; init; } = 12;

    /// <summary>Record every search node (<see cref="VerificationResult.SearchTree"/>) for proof production. Default false.</summary>
    public bool KeepSearchTree { get; init; }

    /// <summary>Relative tolerance of the counterexample re-check by plain evaluation (spec §3). Default 1e-9.</summary>
    public double Tolerance { get; init; } = 1e-9;
}
