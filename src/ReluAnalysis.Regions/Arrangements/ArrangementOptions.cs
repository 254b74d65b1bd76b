namespace ReluAnalysis.Regions.Arrangements;

/// <summary>Options of <see cref="ArrangementEnumerator"/>. Change with <c>with</c>.</summary>
public sealed record ArrangementOptions
{
    /// <summary>Stop after this many cells (status <see cref="EnumerationStatus.Limit"/>). Default: no limit.</summary>
    public long MaxCells { get; init; } = long.MaxValue;

    /// <summary>Wall-time limit checked between levels (status <see cref="EnumerationStatus.Timeout"/>). Default: none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Worker threads; ≤ 0 means <see cref="Environment.ProcessorCount"/>. Results do not depend on it. Default 0.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Look up each candidate code in the next level's hash before any LP (and solve each distinct code once). Default true.</summary>
    public bool HashBeforeLp { get; init; } = true;

    /// <summary>Try the O(n d) witness probe before an LP. Default true.</summary>
    public bool WitnessProbing { get; init; } = true;

    /// <summary>
    /// Keep emptiness certificates from earlier LPs (the rows with non-zero duals of a clearly negative slack
    /// LP) and skip any later candidate that agrees with one; exact by LP duality. Default true.
    /// </summary>
    public bool CertificateCache { get; init; } = true;

    /// <summary>Clear the LP basis at the start of each fixed chunk of LPs so witnesses do not depend on thread scheduling. Default true.</summary>
    public bool ReproducibleWitnesses { get; init; } = true;

    /// <summary>Compute each cell's H-representation without redundant rows. Default false.</summary>
    public bool ComputeHRepresentation { get; init; }

    /// <summary>Slack threshold ε (a distance, relative to max(1, domain scale)): a cell counts iff its Chebyshev radius exceeds it. Default 1e-11 (GLOP resolves radii well below that on unit-scaled rows).</summary>
    public double Tolerance { get; init; } = 1e-11;

    /// <summary>Two unit-normalised rows closer than this (in every entry) are one hyperplane. Default 1e-10.</summary>
    public double DuplicateTolerance { get; init; } = 1e-10;

    /// <summary>Optional seed point in the domain; moved off hyperplanes when needed. Default: the domain's centre.</summary>
    public double[]? Seed { get; init; }
}
