namespace ReluAnalysis.Proofs;

/// <summary>The outcome of an exact proof check.</summary>
/// <param name="Status">Valid, invalid or partial (see <see cref="ProofStatus"/>).</param>
/// <param name="Nodes">Certificates checked (witnesses, Farkas and emptiness certificates, neighbour look-ups).</param>
/// <param name="Leaves">Pieces (barrier proofs) checked.</param>
/// <param name="Failure">The first failing node, or null.</param>
/// <param name="Unchecked">Conditions of the claim the checker did not decide (why the status is partial).</param>
/// <param name="Claim">What a valid proof establishes, in words (e.g. whether trajectories may leave through the domain's boundary).</param>
/// <param name="Elapsed">Wall time of the check.</param>
public sealed record ProofCheckResult(
    ProofStatus Status,
    long Nodes,
    long Leaves,
    ProofFailure? Failure,
    IReadOnlyList<string> Unchecked,
    string Claim,
    TimeSpan Elapsed)
{
    /// <summary>True only when every condition was checked and holds.</summary>
    public bool IsValid => Status == ProofStatus.Valid;
}
