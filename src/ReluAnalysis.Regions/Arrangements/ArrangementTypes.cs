using ReluAnalysis.Geometry;

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

/// <summary>Why a hyperplane was removed before the search.</summary>
public enum RemovalReason
{
    /// <summary>The normal is (numerically) zero: the row is constant.</summary>
    ZeroNormal = 0,

    /// <summary>Same hyperplane as an earlier one (possibly with the opposite orientation).</summary>
    Duplicate = 1,

    /// <summary>The hyperplane does not cross the domain's interior (it misses it or only touches its boundary).</summary>
    MissesDomain = 2,
}

/// <summary>A hyperplane removed before the search.</summary>
/// <param name="Index">Index in the input arrangement.</param>
/// <param name="Reason">Why.</param>
/// <param name="DuplicateOf">For <see cref="RemovalReason.Duplicate"/>, the kept input index it duplicates; otherwise −1.</param>
public readonly record struct RemovedHyperplane(int Index, RemovalReason Reason, int DuplicateOf);

/// <summary>One full-dimensional cell of an arrangement inside a domain.</summary>
/// <param name="Signs">Per input hyperplane the sign (+1/−1) of <c>a_i·x + b_i</c> on the cell; 0 only for a zero row with <c>b_i = 0</c>.</param>
/// <param name="Witness">An interior point.</param>
/// <param name="Slack">Smallest distance from the witness to a kept hyperplane or a domain row (a Chebyshev-style radius, ≤ the cell's inradius).</param>
/// <param name="HRepresentation">On request: the cell as half-spaces without redundant rows (unit normals); otherwise null.</param>
public sealed record ArrangementCell(sbyte[] Signs, double[] Witness, double Slack, Polytope? HRepresentation)
{
    /// <summary>Bitset over the kept hyperplanes flipped relative to the base cell (internal identity of the cell).</summary>
    internal ulong[] Code { get; init; } = [];
}

/// <summary>The cells of an arrangement inside a domain.</summary>
/// <param name="Status">How the enumeration ended.</param>
/// <param name="Cells">Cells in level order (flip count from the base cell), then by code; identical for any thread count.</param>
/// <param name="Removed">Hyperplanes removed before the search, with reasons.</param>
/// <param name="KeptHyperplanes">Hyperplanes that took part in the search.</param>
/// <param name="Lp">LP work.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ArrangementResult(
    EnumerationStatus Status,
    IReadOnlyList<ArrangementCell> Cells,
    IReadOnlyList<RemovedHyperplane> Removed,
    int KeptHyperplanes,
    LpStatistics Lp,
    TimeSpan Elapsed);
