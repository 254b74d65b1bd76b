using System.Collections.Concurrent;
using System.Diagnostics;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Arrangements;

/// <summary>A prepared arrangement: kept unit-normal hyperplanes oriented so the base witness is on their positive side, inside unit-normal domain rows.</summary>
internal sealed class CellSearchProblem
{
    public required int Dimension { get; init; }

    /// <summary>Row-major <c>n × d</c> unit normals.</summary>
    public required double[] PlaneNormals { get; init; }

    public required double[] PlaneOffsets { get; init; }

    /// <summary>Row-major <c>m × d</c> unit normals of <c>f·x ≤ g</c>.</summary>
    public required double[] DomainNormals { get; init; }

    public required double[] DomainOffsets { get; init; }

    /// <summary>A point strictly inside the base cell (all planes positive, all domain rows slack).</summary>
    public required double[] BaseWitness { get; init; }

    /// <summary>Slack threshold (a distance): a cell is full-dimensional iff its Chebyshev radius exceeds it.</summary>
    public required double Epsilon { get; init; }

    public int PlaneCount => PlaneOffsets.Length;

    public int DomainCount => DomainOffsets.Length;

    public int WordCount => Math.Max(1, (PlaneCount + 63) >> 6);

    /// <summary>Smallest oriented slack of the cell <paramref name="code"/> at <paramref name="x"/> (planes and domain rows).</summary>
    public double Slack(RegionCode code, ReadOnlySpan<double> x) => Slack(code, x, -1);

    /// <summary>As <see cref="Slack(RegionCode, ReadOnlySpan{double})"/> for the code with plane <paramref name="flipped"/> flipped (−1: none).</summary>
    public double Slack(RegionCode code, ReadOnlySpan<double> x, int flipped)
    {
        int d = Dimension;
        double min = double.PositiveInfinity;
        for (int j = 0; j < PlaneCount; j++)
        {
            double t = PlaneOffsets[j];
            ReadOnlySpan<double> a = PlaneNormals.AsSpan(j * d, d);
            for (int q = 0; q < d; q++)
            {
                t += a[q] * x[q];
            }

            min = Math.Min(min, code.Has(j) ^ (j == flipped) ? -t : t);
        }

        for (int k = 0; k < DomainCount; k++)
        {
            double s = DomainOffsets[k];
            ReadOnlySpan<double> f = DomainNormals.AsSpan(k * d, d);
            for (int q = 0; q < d; q++)
            {
                s -= f[q] * x[q];
            }

            min = Math.Min(min, s);
        }

        return min;
    }

    public CellLp CreateLp(LpCounters counters)
    {
        var lp = new CellLp(Dimension, counters);
        lp.LoadDomain(DomainNormals, DomainOffsets);
        lp.LoadPlanes(PlaneNormals, PlaneOffsets);
        return lp;
    }
}

/// <summary>A cell found by the search: code, witness and the witness's smallest slack.</summary>
internal readonly record struct FoundCell(RegionCode Code, double[] Witness, double Slack);

/// <summary>Settings of one search.</summary>
internal sealed class CellSearchSettings
{
    public long MaxCells { get; init; } = long.MaxValue;

    public Stopwatch? Clock { get; init; }

    public TimeSpan? TimeLimit { get; init; }

    public int Threads { get; init; } = 1;

    public bool HashBeforeLp { get; init; } = true;

    public bool WitnessProbing { get; init; } = true;

    public bool ReproducibleWitnesses { get; init; } = true;

    public bool CertificateCache { get; init; } = true;

    public Func<FoundCell, RegionDecision>? OnCell { get; init; }

    public IProgress<OperationProgress>? Progress { get; init; }

    public CancellationToken Cancellation { get; init; }

    public required LpCounters Counters { get; init; }

    /// <summary>A ready LP (domain and planes loaded) used when <see cref="Threads"/> is 1.</summary>
    public CellLp? SharedLp { get; init; }
}

/// <summary>
/// Level-synchronous flip search over the cells of an arrangement (spec §1.3): level L holds the cells
/// with L flips relative to the base cell; every cell of level L+1 is a one-flip neighbour of a cell of
/// level L. Per level: (A) every cell probes each unflipped hyperplane from its witness (no LP);
/// (B) candidate codes are hashed so each distinct code costs at most one LP (hash before LP);
/// (C) the remaining codes are decided by the Chebyshev slack LP in parallel; (D) the new level is sorted
/// by code. Work assignment, witnesses and order are independent of the thread count.
/// </summary>
internal static class CellSearch
{
    private const int LpChunk = 16;

    /// <summary>Certificates are kept only from LPs whose optimum is clearly negative (t* &lt; −margin·ε).</summary>
    private const double CertificateMargin = 1e3;

    private readonly record struct Candidate(int Cell, int Plane, double[]? Point, double Slack);

    public static (List<FoundCell> Cells, EnumerationStatus Status) Run(CellSearchProblem problem, CellSearchSettings settings)
    {
        var cells = new List<FoundCell>();
        var baseCode = new RegionCode(new ulong[problem.WordCount]);
        var level = new List<FoundCell> { new(baseCode, problem.BaseWitness, problem.Slack(baseCode, problem.BaseWitness)) };
        int levelIndex = 0;
        var counters = settings.Counters;
        var threadLps = new LpPool(problem, settings.Counters);
        var cache = new CertificateCache(problem.PlaneCount, problem.WordCount);
        while (level.Count > 0)
        {
            foreach (FoundCell cell in level)
            {
                if (cells.Count >= settings.MaxCells)
                {
                    return (cells, EnumerationStatus.Limit);
                }

                cells.Add(cell);
                if (settings.OnCell is not null && settings.OnCell(cell) == RegionDecision.Stop)
                {
                    return (cells, EnumerationStatus.Stopped);
                }
            }

            settings.Cancellation.ThrowIfCancellationRequested();
            if (settings.Clock is not null && settings.TimeLimit is { } limit && settings.Clock.Elapsed > limit)
            {
                return (cells, EnumerationStatus.Timeout);
            }

            settings.Progress?.Report(new OperationProgress($"level {levelIndex}", cells.Count, null, settings.Clock?.Elapsed ?? TimeSpan.Zero, counters.Solved));
            var (next, error) = Expand(problem, settings, level, threadLps, cache);
            if (error)
            {
                foreach (FoundCell cell in next)
                {
                    if (cells.Count >= settings.MaxCells)
                    {
                        break;
                    }

                    cells.Add(cell);
                }

                return (cells, EnumerationStatus.SolverError);
            }

            level = next;
            levelIndex++;
        }

        return (cells, EnumerationStatus.Complete);
    }

    private static (List<FoundCell> Next, bool Error) Expand(CellSearchProblem problem, CellSearchSettings settings, List<FoundCell> level, LpPool threadLps, CertificateCache cache)
    {
        int n = problem.PlaneCount;
        var perCell = new List<Candidate>[level.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads, CancellationToken = settings.Cancellation };

        // (A) probes: pure functions of (cell, plane).
        void ProbeCell(int r)
        {
            var list = new List<Candidate>();
            FoundCell cell = level[r];
            for (int i = 0; i < n; i++)
            {
                if (cell.Code.Has(i))
                {
                    continue;
                }

                double[]? p = null;
                double slack = 0;
                if (settings.WitnessProbing)
                {
                    (p, slack) = Probe(problem, cell, i);
                }

                list.Add(new Candidate(r, i, p, slack));
            }

            perCell[r] = list;
        }

        if (settings.Threads <= 1 || level.Count < 8)
        {
            for (int r = 0; r < level.Count; r++)
            {
                ProbeCell(r);
            }
        }
        else
        {
            Parallel.For(0, level.Count, parallel, ProbeCell);
        }

        // (B) merge in (cell, plane) order: the first positive certificate of a code wins.
        var next = new Dictionary<RegionCode, FoundCell>();
        var jobs = new List<(RegionCode Code, int Cell, int Plane)>();
        var queued = new HashSet<RegionCode>();
        long skipped = 0;
        foreach (List<Candidate> list in perCell)
        {
            foreach (Candidate c in list)
            {
                if (c.Point is null)
                {
                    continue;
                }

                RegionCode code = level[c.Cell].Code.WithFlip(c.Plane);
                if (!next.TryAdd(code, new FoundCell(code, c.Point, c.Slack)) && !settings.HashBeforeLp)
                {
                    continue;
                }

                skipped++;
            }
        }

        foreach (List<Candidate> list in perCell)
        {
            foreach (Candidate c in list)
            {
                if (c.Point is not null)
                {
                    continue;
                }

                RegionCode code = level[c.Cell].Code.WithFlip(c.Plane);
                if (settings.HashBeforeLp && (next.ContainsKey(code) || !queued.Add(code)))
                {
                    skipped++;
                    continue;
                }

                if (settings.CertificateCache && cache.ProvesEmpty(c.Plane, code))
                {
                    skipped++;
                    continue;
                }

                jobs.Add((code, c.Cell, c.Plane));
            }
        }

        settings.Counters.AddSkipped(skipped);

        // (C) LPs in fixed chunks; with reproducible witnesses each chunk starts afresh from the base witness.
        var results = new (LpStatus Status, double Radius, double[]? X, int[]? Certificate)[jobs.Count];
        int chunks = (jobs.Count + LpChunk - 1) / LpChunk;
        void SolveChunk(int chunk, CellLp lp)
        {
            if (settings.ReproducibleWitnesses)
            {
                lp.ResetBasis(problem.BaseWitness);
            }

            int end = Math.Min(jobs.Count, (chunk + 1) * LpChunk);
            var rows = new List<int>();
            var point = new double[problem.Dimension];
            for (int q = chunk * LpChunk; q < end; q++)
            {
                var (status, radius) = lp.Solve(jobs[q].Code.Words, point);

                // Only a found cell keeps its point (its witness).
                double[]? x = status == LpStatus.Optimal && SignRule.Classify(radius, problem.Epsilon) == NeuronState.Active ? point.AsSpan().ToArray() : null;
                int[]? certificate = null;
                if (settings.CertificateCache && status == LpStatus.Optimal && radius < -CertificateMargin * problem.Epsilon)
                {
                    lp.BlockingRows(rows);
                    certificate = [.. rows];
                }

                results[q] = (status, radius, x, certificate);
            }
        }

        if (settings.Threads <= 1 || chunks < 2)
        {
            CellLp lp = settings.SharedLp ?? threadLps.Rent();
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                SolveChunk(chunk, lp);
            }

            if (settings.SharedLp is null)
            {
                threadLps.Return(lp);
            }
        }
        else
        {
            Parallel.For(0, chunks, parallel, threadLps.Rent, (chunk, _, lp) =>
            {
                SolveChunk(chunk, lp);
                return lp;
            }, threadLps.Return);
        }

        // (D) collect, then sort by code.
        bool error = false;
        for (int q = 0; q < jobs.Count; q++)
        {
            var (status, radius, x, certificate) = results[q];
            if (certificate is not null)
            {
                cache.Add(certificate, jobs[q].Code);
            }

            if (status == LpStatus.Optimal)
            {
                if (x is not null)
                {
                    next.TryAdd(jobs[q].Code, new FoundCell(jobs[q].Code, x, problem.Slack(jobs[q].Code, x)));
                }
            }
            else
            {
                // The slack LP is always feasible (t is free below) and bounded (t ≤ cap): anything else is a failure.
                error = true;
            }
        }

        var list2 = next.Values.ToList();
        list2.Sort((a, b) => a.Code.CompareTo(b.Code));
        return (list2, error);
    }

    /// <summary>
    /// Witness probe across plane <paramref name="i"/>: along <c>p(s) = w − s a_i</c> every oriented slack of
    /// the flipped cell is affine in <c>s</c>; their minimum is concave and is maximised by golden-section search.
    /// Success (a positive certificate) iff that maximum exceeds ε. Cost <c>O((n + m) d)</c>.
    /// </summary>
    internal static (double[]? Point, double Slack) Probe(CellSearchProblem problem, FoundCell cell, int i)
    {
        int d = problem.Dimension;
        int n = problem.PlaneCount;
        int m = problem.DomainCount;
        double[] w = cell.Witness;
        ReadOnlySpan<double> ai = problem.PlaneNormals.AsSpan(i * d, d);
        Span<double> alpha = n + m <= 512 ? stackalloc double[n + m] : new double[n + m];
        Span<double> beta = n + m <= 512 ? stackalloc double[n + m] : new double[n + m];
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> a = problem.PlaneNormals.AsSpan(j * d, d);
            double t = problem.PlaneOffsets[j];
            double dot = 0;
            for (int q = 0; q < d; q++)
            {
                t += a[q] * w[q];
                dot += a[q] * ai[q];
            }

            // Oriented slack of the flipped cell: s_j t_j, with s_i = −1 in the child.
            double s = (cell.Code.Has(j) ^ (j == i)) ? -1.0 : 1.0;
            alpha[j] = s * t;
            beta[j] = -s * dot;
        }

        for (int k = 0; k < m; k++)
        {
            ReadOnlySpan<double> f = problem.DomainNormals.AsSpan(k * d, d);
            double g = problem.DomainOffsets[k];
            double dot = 0;
            for (int q = 0; q < d; q++)
            {
                g -= f[q] * w[q];
                dot += f[q] * ai[q];
            }

            alpha[n + k] = g;
            beta[n + k] = dot;
        }

        double lo = -alpha[i];
        double hi = double.PositiveInfinity;
        for (int j = 0; j < n + m; j++)
        {
            if (beta[j] < 0)
            {
                hi = Math.Min(hi, alpha[j] / -beta[j]);
            }
        }

        if (!(hi > lo) || double.IsInfinity(hi))
        {
            return (null, 0);
        }

        // Golden-section search (one evaluation per step; (0.618)^50 ≈ 4e-11 of the bracket remains).
        const double Golden = 0.6180339887498949;
        double m1 = hi - Golden * (hi - lo);
        double m2 = lo + Golden * (hi - lo);
        double f1 = MinLine(alpha, beta, m1);
        double f2 = MinLine(alpha, beta, m2);
        for (int it = 0; it < 50; it++)
        {
            if (f1 < f2)
            {
                lo = m1;
                m1 = m2;
                f1 = f2;
                m2 = lo + Golden * (hi - lo);
                f2 = MinLine(alpha, beta, m2);
            }
            else
            {
                hi = m2;
                m2 = m1;
                f2 = f1;
                m1 = hi - Golden * (hi - lo);
                f1 = MinLine(alpha, beta, m1);
            }
        }

        double sBest = 0.5 * (lo + hi);
        if (SignRule.Classify(MinLine(alpha, beta, sBest), problem.Epsilon) != NeuronState.Active)
        {
            return (null, 0);
        }

        var p = new double[d];
        for (int q = 0; q < d; q++)
        {
            p[q] = w[q] - sBest * ai[q];
        }

        double slack = problem.Slack(cell.Code, p, i);
        return SignRule.Classify(slack, problem.Epsilon) == NeuronState.Active ? (p, slack) : (null, 0);
    }

    private static double MinLine(ReadOnlySpan<double> alpha, ReadOnlySpan<double> beta, double s)
    {
        double min = double.PositiveInfinity;
        for (int j = 0; j < alpha.Length; j++)
        {
            min = Math.Min(min, alpha[j] + beta[j] * s);
        }

        return min;
    }
}

/// <summary>LPs reused across levels: a worker rents one (creating it on first need) and returns it when done.</summary>
internal sealed class LpPool
{
    private readonly CellSearchProblem _problem;
    private readonly LpCounters _counters;
    private readonly ConcurrentQueue<CellLp> _free = new();

    public LpPool(CellSearchProblem problem, LpCounters counters)
    {
        _problem = problem;
        _counters = counters;
    }

    public CellLp Rent()
    {
        if (_free.TryDequeue(out CellLp? lp))
        {
            return lp;
        }

        return _problem.CreateLp(_counters);
    }

    public void Return(CellLp lp) => _free.Enqueue(lp);
}

/// <summary>
/// Emptiness certificates from earlier LPs: a set S of hyperplanes with signs such that the slack LP over S
/// alone (plus the domain) has <c>t* &lt; 0</c>. A candidate code that agrees with a certificate on S is empty
/// without an LP. Certificates found while expanding a level are added after that level (so the LP count is
/// independent of the thread count); each is indexed under every hyperplane it flips.
/// </summary>
internal sealed class CertificateCache
{
    private readonly List<(ulong[] Mask, ulong[] Value)>[] _byPlane;
    private readonly HashSet<RegionCode> _seen = [];
    private readonly int _words;

    public CertificateCache(int planes, int words)
    {
        _words = words;
        _byPlane = new List<(ulong[], ulong[])>[planes];
        for (int i = 0; i < planes; i++)
        {
            _byPlane[i] = [];
        }
    }

    public bool ProvesEmpty(int plane, RegionCode code)
    {
        ulong[] c = code.Words;
        foreach (var (mask, value) in _byPlane[plane])
        {
            bool match = true;
            for (int w = 0; w < _words && match; w++)
            {
                match = (c[w] & mask[w]) == value[w];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    public void Add(int[] rows, RegionCode code)
    {
        var mask = new ulong[_words];
        var value = new ulong[_words];
        foreach (int r in rows)
        {
            mask[r >> 6] |= 1UL << (r & 63);
            if (code.Has(r))
            {
                value[r >> 6] |= 1UL << (r & 63);
            }
        }

        if (!_seen.Add(new RegionCode([.. mask, .. value])))
        {
            return;
        }

        foreach (int r in rows)
        {
            if (code.Has(r))
            {
                _byPlane[r].Add((mask, value));
            }
        }
    }
}
