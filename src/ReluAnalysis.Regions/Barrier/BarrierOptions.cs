namespace ReluAnalysis.Regions.Barrier;

/// <summary>Options of <see cref="BarrierCertifier"/>. Change with <c>with</c>.</summary>
public sealed record BarrierOptions
{
    /// <summary>Stage 1: initial grid cells per axis. Default 16.</summary>
    public int CellsPerAxis { get; init; } = 16;

    /// <summary>Stage 1: cells are bisected (widest side) while uncertified and wider than this; 0 means the domain's smallest side / 128. Default 0.</summary>
    public double MinCellWidth { get; init; }

    /// <summary>Stage 1: certify a cell only when the bound is <c>≤ −DecreaseMargin</c> (δ ≥ 0). Default 0.</summary>
    public double DecreaseMargin { get; init; }

    /// <summary>Stage 1: for affine dynamics, decide cells not settled by interval bounds exactly, one LP per region meeting the cell (spec §3.3). Default true.</summary>
    public bool ExactAffineBound { get; init; } = true;

    /// <summary>Which part of each piece must avoid uncertified cells. Discrete time always uses <see cref="BarrierBoundaryPolicy.WholePiece"/>. Default <see cref="BarrierBoundaryPolicy.ZeroFace"/>.</summary>
    public BarrierBoundaryPolicy BoundaryPolicy { get; init; } = BarrierBoundaryPolicy.ZeroFace;

    /// <summary>Whether the set must stay strictly inside the domain (forward invariance) or may reach its boundary (safety until the trajectory leaves the domain). Default <see cref="BarrierDomainPolicy.Contained"/>.</summary>
    public BarrierDomainPolicy DomainPolicy { get; init; } = BarrierDomainPolicy.Contained;

    /// <summary>Reject on failure, or shrink the level. Default <see cref="BarrierFailurePolicy.Reject"/>.</summary>
    public BarrierFailurePolicy FailurePolicy { get; init; } = BarrierFailurePolicy.Reject;

    /// <summary>Shrink policy: stop the bisection on the level when the bracket is narrower than this (absolute, in units of B). Default 1e-3.</summary>
    public double ShrinkTolerance { get; init; } = 1e-3;

    /// <summary>Stop stage 2 at the first failed check (otherwise the traversal finishes and reports the first failure in traversal order). Default false.</summary>
    public bool StopAtFirstFailure { get; init; }

    /// <summary>Look up each neighbour pattern among the visited ones before any LP. Default true.</summary>
    public bool HashBeforeLp { get; init; } = true;

    /// <summary>Stop with <see cref="BarrierStatus.BudgetExhausted"/> after this many regions. Default 1 000 000.</summary>
    public long MaxRegions { get; init; } = 1_000_000;

    /// <summary>Slack threshold ε for "has interior" (a distance, relative to max(1, domain scale)). Default 1e-9.</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Growth η of the sets in disjointness tests (relative to max(1, domain scale)). Default 1e-9.</summary>
    public double Margin { get; init; } = 1e-9;

    /// <summary>Unsafe predicate: maximum bisection depth of a piece's bounding box. Default 14.</summary>
    public int MaxUnsafeBisections { get; init; } = 14;

    /// <summary>Monte Carlo samples for the volume when the dimension exceeds 3. Default 100 000.</summary>
    public int VolumeSamples { get; init; } = 100_000;

    /// <summary>Seed of every random choice (default seed search, Monte Carlo volume). Default 1.</summary>
    public int RandomSeed { get; init; } = 1;

    /// <summary>Worker threads; ≤ 0 means every core. Results do not depend on it. Default 0.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Runs the checks of each search level elsewhere, e.g. over MPI ranks (<c>DistributedJobs.EverywhereRunner</c> of
    /// ReluAnalysis.Mpi): called with the number of jobs, the job (index → its result as bytes) and the cancellation
    /// token, it returns every job's result in index order to every caller. Stage 1's cells (in blocks of 64) and stage
    /// 2's regions go through it; a job depends on its index and the level alone and reports its own LP work, so any
    /// runner gives the threaded run's verdict, pieces and counts. Every process calling <see cref="BarrierCertifier.Certify"/>
    /// with the same runner follows the same search. Default null: threads in this process.
    /// </summary>
    public Func<int, Func<int, CancellationToken, byte[]>, CancellationToken, byte[][]>? JobRunner { get; init; }
}
