namespace ReluAnalysis.Regions.Verification;

/// <summary>The outcome of <see cref="PropertyVerifier.Verify"/>.</summary>
/// <param name="Status">Holds, violated or unknown.</param>
/// <param name="Counterexample">For <see cref="VerificationStatus.Violated"/>, an input in the input set whose plain forward pass lies in the unsafe set; else null.</param>
/// <param name="Output">The network's output at <paramref name="Counterexample"/> (plain evaluation); else null.</param>
/// <param name="Disjunct">Index of the unsafe disjunct the output satisfies; −1 when not violated.</param>
/// <param name="Piece">Index of the input piece holding the counterexample; −1 when not violated.</param>
/// <param name="UnknownReason">Why the verdict is unknown ("timeout", "node limit", "LP failure", "unconfirmed candidate"); else null.</param>
/// <param name="Regions">Search nodes processed (sub-boxes bounded).</param>
/// <param name="AffineLeaves">Nodes on which the network was affine (every neuron stable).</param>
/// <param name="LpsSolved">LPs solved at leaves.</param>
/// <param name="BoundComputations">Bound propagations: one per node, plus the cheap symbolic probes of <see cref="SplitRule.Strong"/>.</param>
/// <param name="AttackEvaluations">Network evaluations of the attack phase (samples and gradient steps).</param>
/// <param name="FoundByAttack">Whether the counterexample came from the attack phase rather than the search.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="SearchTree">On request, every search node in processing order; else null.</param>
public sealed record VerificationResult(
    VerificationStatus Status,
    double[]? Counterexample,
    double[]? Output,
    int Disjunct,
    int Piece,
    string? UnknownReason,
    long Regions,
    long AffineLeaves,
    long LpsSolved,
    long BoundComputations,
    long AttackEvaluations,
    bool FoundByAttack,
    TimeSpan Elapsed,
    IReadOnlyList<VerificationNode>? SearchTree)
{
    /// <summary>Linear regions examined by region leaves (boxes with few unstable neurons decided region by region, <see cref="VerificationOptions.RegionLeafNeurons"/>).</summary>
    public long LinearRegions { get; init; }
}
