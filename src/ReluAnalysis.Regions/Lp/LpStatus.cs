namespace ReluAnalysis.Regions.Lp;

/// <summary>Outcome of one linear program, mapped from the solver's statuses in one place (<see cref="LpSolver"/>).</summary>
internal enum LpStatus
{
    /// <summary>An optimal basic solution was found.</summary>
    Optimal = 0,

    /// <summary>The constraints admit no point.</summary>
    Infeasible = 1,

    /// <summary>The objective is unbounded on the feasible set.</summary>
    Unbounded = 2,

    /// <summary>The solver failed twice (abnormal, not solved, invalid model). Never to be read as "infeasible".</summary>
    Error = 3,
}
