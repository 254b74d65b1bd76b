namespace ReluAnalysis.Regions.Barrier;

/// <summary>Verdict of <see cref="BarrierCertifier"/>.</summary>
public enum BarrierStatus
{
    /// <summary>The returned pieces form a set on which <c>B</c> is provably a barrier.</summary>
    Certified = 0,

    /// <summary>The seed is not in <c>{B &lt; 0}</c> (or no point with <c>B &lt; 0</c> was found).</summary>
    SeedNotInSublevelSet = 1,

    /// <summary>The component of <c>{B ≤ 0}</c> reaches the boundary of the domain.</summary>
    TouchesDomain = 2,

    /// <summary>The component meets the unsafe set (or could not be separated from it).</summary>
    MeetsUnsafe = 3,

    /// <summary>Its boundary (zero face) meets a cell where non-increase of <c>B</c> could not be proved.</summary>
    BoundaryNotDecreasing = 4,

    /// <summary>The zero set touches a region outside the traversal (the component is not closed off by <c>B &gt; 0</c>).</summary>
    ComponentNotClosed = 5,

    /// <summary>Discrete time: <c>f</c> may leave the domain from the set, or <c>{B ≤ 0}</c> has another component <c>f</c> could jump to.</summary>
    NotInvariant = 6,

    /// <summary>An LP failed (never read as a proof).</summary>
    SolverError = 7,

    /// <summary>The region budget was exhausted.</summary>
    BudgetExhausted = 8,
}
