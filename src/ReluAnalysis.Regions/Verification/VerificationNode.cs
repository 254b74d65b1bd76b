namespace ReluAnalysis.Regions.Verification;

/// <summary>
/// One node of the verifier's search tree (recorded on request, <see cref="VerificationOptions.KeepSearchTree"/>):
/// a sub-box of an input piece, how it was split or why it was closed. Node ids are positions in
/// <see cref="VerificationResult.SearchTree"/>; a root has parent −1.
/// </summary>
/// <param name="Parent">Index of the parent node, −1 for the root of an input piece.</param>
/// <param name="Piece">The input piece the node belongs to.</param>
/// <param name="Lower">Lower corner of the node's box.</param>
/// <param name="Upper">Upper corner of the node's box.</param>
/// <param name="Closure">Split, or why the node was closed.</param>
/// <param name="SplitDimension">For a split node, the input split; otherwise −1.</param>
/// <param name="SplitValue">For a split node, the cut <c>x_j = SplitValue</c> (left child <c>x_j ≤</c>, right child <c>x_j ≥</c>).</param>
/// <param name="Exclusions">The unsafe disjuncts this node excludes on its box (by a row's linear bound or by an LP's duals); its descendants inherit them. A leaf's own and inherited exclusions cover every disjunct.</param>
public sealed record VerificationNode(
    int Parent, int Piece, double[] Lower, double[] Upper, NodeClosure Closure, int SplitDimension, double SplitValue,
    IReadOnlyList<DisjunctExclusion> Exclusions);
