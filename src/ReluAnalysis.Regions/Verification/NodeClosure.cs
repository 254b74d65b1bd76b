namespace ReluAnalysis.Regions.Verification;

/// <summary>Why a node of the verifier's search tree was closed (or that it was split).</summary>
public enum NodeClosure
{
    /// <summary>The node's box was split into two children.</summary>
    Split = 0,

    /// <summary>Every unsafe disjunct is excluded by a linear lower bound of one of its rows (no LP).</summary>
    Bounds = 1,

    /// <summary>The network is affine on the box (or bounds were inconclusive at a tiny box) and an LP excluded the remaining disjuncts.</summary>
    Lp = 2,

    /// <summary>A counterexample was found at this node (the search stops).</summary>
    Counterexample = 3,

    /// <summary>A region leaf: the box's linear regions were enumerated, and the engine's bounds on partial regions or an LP on each final region excluded every open disjunct (never in a kept search tree: proofs use input splits only).</summary>
    Regions = 5,

    /// <summary>The node could not be closed (LP failure, unconfirmed candidate, or search stopped before it was processed).</summary>
    Open = 4,
}
