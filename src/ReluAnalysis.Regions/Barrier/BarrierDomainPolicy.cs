namespace ReluAnalysis.Regions.Barrier;

/// <summary>How the certified set may relate to the boundary of the domain <c>X</c>.</summary>
public enum BarrierDomainPolicy
{
    /// <summary>
    /// <c>C</c> must stay strictly inside <c>X</c> (spec §2, condition 4): <c>C</c> is forward invariant and trajectories from
    /// it never reach the unsafe set. Default.
    /// </summary>
    Contained = 0,

    /// <summary>
    /// <c>C</c> may reach <c>∂X</c> (the classical "safe while inside the region of interest" barrier): a trajectory from
    /// <c>C</c> stays in <c>C</c> until it leaves <c>X</c>, so it cannot reach the unsafe set inside <c>X</c> before leaving <c>X</c>.
    /// Needed for divergence-free systems such as Darboux, which have no compact invariant set of positive area that
    /// avoids an unsafe set containing the centre.
    /// </summary>
    ExitAllowed = 1,
}
