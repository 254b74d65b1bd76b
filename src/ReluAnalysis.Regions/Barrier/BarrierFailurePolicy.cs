namespace ReluAnalysis.Regions.Barrier;

/// <summary>What to do when the seeded component of <c>{B ≤ 0}</c> fails a check.</summary>
public enum BarrierFailurePolicy
{
    /// <summary>Reject: report the failure (default).</summary>
    Reject = 0,

    /// <summary>Shrink: bisect a level <c>c</c> in <c>[0, −B(seed))</c> and certify the component of <c>{B ≤ −c}</c> (a certified level, not necessarily the best).</summary>
    Shrink = 1,
}
