using System.Diagnostics;
using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Arrangements;

/// <summary>
/// Enumerates the full-dimensional cells of a hyperplane arrangement inside a box or polytope by
/// level-synchronous flip search from a base cell (spec §1).
/// </summary>
/// <remarks>
/// <para>Region code = bitset of kept hyperplanes flipped relative to the base cell. Level L+1 is generated
/// from level L by single flips: a witness probe (O(n d)) certifies a neighbour without an LP; the remaining
/// candidate codes are hashed (each distinct code costs at most one LP), checked against emptiness
/// certificates of earlier LPs (dual support of a negative slack LP), and decided by the Chebyshev slack
/// LP <c>max t s.t. s_j t_j(x) ≥ t, f_k·x + t ≤ g_k, t ≤ 1</c> on GLOP; the cell exists iff <c>t* &gt; ε</c>.
/// Exactness: two non-empty cells whose sign vectors differ in one position are adjacent, and every cell
/// is reachable from the base cell by a chain that only adds flips.</para>
/// <para>Cost: at most <c>n − L</c> candidates per cell of level L, i.e. <c>O(R · n · (n d + LP))</c> for
/// R cells; memory about two levels of witnesses plus the result.</para>
/// <para>Determinism: probes are pure; LPs are assigned to fixed chunks that start from a cleared basis;
/// levels are sorted by code. Cells, order and witnesses are identical for every thread count.</para>
/// </remarks>
public static class ArrangementEnumerator
{
    /// <summary>Enumerates the cells of <paramref name="arrangement"/> inside <paramref name="box"/>.</summary>
    /// <param name="arrangement">The hyperplanes.</param>
    /// <param name="box">The domain; every side must have positive width.</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="onCell">Called once per cell, in result order; return <see cref="RegionDecision.Stop"/> to stop early.</param>
    /// <param name="progress">Once per level: stage "level k" (flip count), cells found so far, value the LPs solved so far.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    public static ArrangementResult Enumerate(
        HyperplaneArrangement arrangement, Box box, ArrangementOptions? options = null,
        Func<ArrangementCell, RegionDecision>? onCell = null, IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arrangement);
        ArgumentNullException.ThrowIfNull(box);
        Guard.Length(box.Dimension, arrangement.Dimension, nameof(box));
        var (f, g) = PreparedArrangement.BoxRows(box);
        double scale = 1.0;
        for (int i = 0; i < box.Dimension; i++)
        {
            scale = Math.Max(scale, Math.Max(Math.Abs(box.Lower[i]), Math.Abs(box.Upper[i])));
        }

        return Run(arrangement, f, g, box, scale, options ?? new ArrangementOptions(), onCell, progress, cancellationToken);
    }

    /// <summary>Enumerates the cells of <paramref name="arrangement"/> inside a bounded, full-dimensional <paramref name="domain"/>.</summary>
    /// <inheritdoc cref="Enumerate(HyperplaneArrangement, Box, ArrangementOptions?, Func{ArrangementCell, RegionDecision}?, IProgress{OperationProgress}?, CancellationToken)"/>
    public static ArrangementResult Enumerate(
        HyperplaneArrangement arrangement, Polytope domain, ArrangementOptions? options = null,
        Func<ArrangementCell, RegionDecision>? onCell = null, IProgress<OperationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arrangement);
        ArgumentNullException.ThrowIfNull(domain);
        Guard.Length(domain.Dimension, arrangement.Dimension, nameof(domain));
        var (f, g) = PreparedArrangement.PolytopeRows(domain);
        double scale = 1.0;
        foreach (double v in g)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        return Run(arrangement, f, g, null, scale, options ?? new ArrangementOptions(), onCell, progress, cancellationToken);
    }

    private static ArrangementResult Run(
        HyperplaneArrangement arrangement, double[] f, double[] g, Box? box, double scale, ArrangementOptions options,
        Func<ArrangementCell, RegionDecision>? onCell, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        Validate(options);
        var clock = Stopwatch.StartNew();
        var counters = new LpCounters();
        double eps = options.Tolerance * scale;
        var lp = new CellLp(arrangement.Dimension, counters);
        PreparedArrangement prep = PreparedArrangement.Create(
            arrangement.Dimension, arrangement.Normals, arrangement.Offsets, f, g, box, options.Seed, eps, options.DuplicateTolerance, lp);
        int threads = Parallelism.Resolve(options.MaxDegreeOfParallelism);
        Func<FoundCell, RegionDecision>? callback = onCell is null
            ? null
            : found => onCell(ToCell(prep, found, null));
        var settings = new CellSearchSettings
        {
            MaxCells = options.MaxCells, Clock = clock, TimeLimit = options.TimeLimit, Threads = threads,
            HashBeforeLp = options.HashBeforeLp, WitnessProbing = options.WitnessProbing, ReproducibleWitnesses = options.ReproducibleWitnesses, CertificateCache = options.CertificateCache,
            OnCell = callback, Progress = progress, Cancellation = ct, Counters = counters, SharedLp = threads == 1 ? lp : null,
        };
        var (found, status) = CellSearch.Run(prep.Problem, settings);
        var cells = new ArrangementCell[found.Count];
        if (options.ComputeHRepresentation)
        {
            var hreps = HRepresentation.Compute(prep.Problem, found, status == EnumerationStatus.Complete, counters, threads, ct);
            for (int c = 0; c < cells.Length; c++)
            {
                cells[c] = ToCell(prep, found[c], hreps[c]);
            }
        }
        else
        {
            for (int c = 0; c < cells.Length; c++)
            {
                cells[c] = ToCell(prep, found[c], null);
            }
        }

        if (counters.Failed > 0 && status == EnumerationStatus.Complete)
        {
            status = EnumerationStatus.SolverError;
        }

        return new ArrangementResult(status, cells, prep.Removed, prep.Problem.PlaneCount,
            new LpStatistics(counters.Solved, counters.Skipped, counters.Retried, counters.Failed), clock.Elapsed);
    }

    private static ArrangementCell ToCell(PreparedArrangement prep, FoundCell found, Polytope? hrep) =>
        new(prep.SignsOf(found.Code), found.Witness, found.Slack, hrep) { Code = found.Code.Words };

    internal static void Validate(ArrangementOptions options)
    {
        if (options.MaxCells < 1)
        {
            throw new ArgumentException($"MaxCells = {options.MaxCells}; expected ≥ 1.", nameof(options));
        }

        if (!(options.Tolerance > 0) || !double.IsFinite(options.Tolerance))
        {
            throw new ArgumentException($"Tolerance = {options.Tolerance}; expected a finite positive number.", nameof(options));
        }

        if (!(options.DuplicateTolerance >= 0) || !double.IsFinite(options.DuplicateTolerance))
        {
            throw new ArgumentException($"DuplicateTolerance = {options.DuplicateTolerance}; expected a finite number ≥ 0.", nameof(options));
        }

        if (options.TimeLimit is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentException($"TimeLimit = {t}; expected a positive duration.", nameof(options));
        }
    }
}
