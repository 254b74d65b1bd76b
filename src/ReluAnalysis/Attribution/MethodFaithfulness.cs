namespace ReluAnalysis.Attribution;

/// <summary>Deletion and insertion AUC of one method over a set of inputs.</summary>
/// <param name="Method">Method name.</param>
/// <param name="Deletion">Deletion AUC (lower is better).</param>
/// <param name="Insertion">Insertion AUC (higher is better).</param>
/// <param name="DeletionAucs">Per-input deletion AUCs.</param>
/// <param name="InsertionAucs">Per-input insertion AUCs.</param>
public sealed record MethodFaithfulness(string Method, MeanWithError Deletion, MeanWithError Insertion, double[] DeletionAucs, double[] InsertionAucs);
