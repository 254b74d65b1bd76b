namespace ReluAnalysis.Proofs;

/// <summary>The first node of a proof whose certificate fails.</summary>
/// <param name="Node">The node's id, e.g. <c>piece 3 (pattern 0110) / closure neurons 2,3</c>.</param>
/// <param name="Reason">Why it fails, with the exact quantity that has the wrong sign.</param>
public sealed record ProofFailure(string Node, string Reason);
