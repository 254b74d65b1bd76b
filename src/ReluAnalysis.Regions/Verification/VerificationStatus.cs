namespace ReluAnalysis.Regions.Verification;

/// <summary>The verdict of <see cref="PropertyVerifier"/>.</summary>
public enum VerificationStatus
{
    /// <summary>No input of the input set is mapped into the unsafe set ("UNSAT" in competition terms).</summary>
    Holds = 0,

    /// <summary>A counterexample exists; the result carries one, replayed by plain evaluation ("SAT").</summary>
    Violated = 1,

    /// <summary>Undecided: timeout, node limit, an LP failure or an unconfirmed candidate.</summary>
    Unknown = 2,
}
