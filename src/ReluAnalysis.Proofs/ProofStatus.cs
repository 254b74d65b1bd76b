namespace ReluAnalysis.Proofs;

/// <summary>The checker's answer about a proof file.</summary>
public enum ProofStatus
{
    /// <summary>Every condition of the claim was checked exactly and holds.</summary>
    Valid = 0,

    /// <summary>A certificate failed; <see cref="ProofCheckResult.Failure"/> names the first failing node.</summary>
    Invalid = 1,

    /// <summary>Every certificate that was checked holds, but some conditions of the claim were not checked (listed in <see cref="ProofCheckResult.Unchecked"/>); never read as valid.</summary>
    Partial = 2,
}
