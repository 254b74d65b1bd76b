using System.Diagnostics;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Mpi;

/// <summary>
/// The linear-region census of <see cref="LinearRegionEnumerator"/> spread over MPI ranks. A subproblem is a region of
/// layers 1..k (the threaded search's own record) and everything below it; rank 0 starts from the root (or a checkpoint)
/// and hands subproblems out on demand. A worker splits its subproblem layer by layer with the threaded search's code;
/// once it has run <see cref="DistributedCensusOptions.SplitAfter"/> it hands the next layer's regions back as new
/// subproblems. A region's descendants depend on the region alone, so the counts and the pattern digest equal the
/// threaded run's for any number of ranks and any split.
/// </summary>
/// <remarks>
/// Collective: every rank calls it with the same arguments. Limits (<see cref="LinearRegionOptions.MaxRegions"/>,
/// <see cref="LinearRegionOptions.TimeLimit"/>) stop handing out work; the counts are then those of the finished
/// subproblems, which need not match a threaded run's truncation.
/// </remarks>
public static class DistributedRegionCensus
{
    /// <summary>Counts the linear regions of <paramref name="network"/> inside the full-dimensional <paramref name="box"/> over the ranks of <paramref name="comm"/>.</summary>
    /// <param name="comm">The world communicator.</param>
    /// <param name="network">The network (the same on every rank).</param>
    /// <param name="box">The input box; every side must have <c>lower &lt; upper</c> (restrict fixed inputs first with <see cref="InputRestriction"/>).</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="progress">On rank 0, about every 0.5 s: stage "subproblems", final regions so far, total = subproblems queued or out, value = LPs solved.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The census on rank 0; null on the other ranks.</returns>
    public static RegionCensus? Run(
        MpiCommunicator comm, ReluNetwork network, Box box, DistributedCensusOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comm);
        options ??= new DistributedCensusOptions();
        if (!(options.SplitAfter > TimeSpan.Zero) || !(options.CheckpointInterval > TimeSpan.Zero))
        {
            throw new ArgumentException($"SplitAfter = {options.SplitAfter}, CheckpointInterval = {options.CheckpointInterval}; expected positive durations.", nameof(options));
        }

        var clock = Stopwatch.StartNew();
        var (context, root, rootLp) = LinearRegionEnumerator.Prepare(network, box, options.Regions);
        byte[] Work(byte[] task, CancellationToken ct)
        {
            var (layer, record) = RecordCodec.ReadTask(context, task);
            return RecordCodec.Result(LinearRegionEnumerator.Expand(context, record, layer, options.SplitAfter, ct));
        }

        if (!comm.IsRoot)
        {
            WorkQueue.Work(comm, Work, cancellationToken);
            return null;
        }

        int hidden = network.HiddenLayerCount;
        ulong fingerprint = CensusTotals.Fingerprint(network, box, options.Regions.Tolerance);
        var totals = new CensusTotals(hidden);
        totals.Add(new LinearRegionEnumerator.SubtreeResult(new long[hidden], 0, 0, 0, 0, rootLp, []));
        List<byte[]> initial = [RecordCodec.Task(0, root)];
        long firstId = 0;
        if (options.ResumePath is { } resume)
        {
            (totals, firstId, initial) = CensusTotals.Load(resume, fingerprint, hidden);
        }

        IEnumerable<byte[]> Accept(byte[] message)
        {
            var (s, tasks) = RecordCodec.ReadResult(message);
            totals.Add(s);
            return tasks;
        }

        EnumerationStatus status = EnumerationStatus.Complete;
        bool Stop()
        {
            if (totals.Regions >= options.Regions.MaxRegions)
            {
                status = EnumerationStatus.Limit;
            }
            else if (options.Regions.TimeLimit is { } limit && clock.Elapsed > limit)
            {
                status = EnumerationStatus.Timeout;
            }

            return status != EnumerationStatus.Complete;
        }

        TimeSpan lastSave = TimeSpan.Zero;
        TimeSpan lastReport = TimeSpan.Zero;
        void Tick(WorkQueue.State state)
        {
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(0.5) || state.Out.Count == 0)
            {
                lastReport = clock.Elapsed;
                progress?.Report(new OperationProgress("subproblems", totals.Regions, state.Pending.Count + state.Out.Count, clock.Elapsed, totals.Lp[0]));
            }

            if (options.CheckpointPath is { } path && clock.Elapsed - lastSave >= options.CheckpointInterval)
            {
                lastSave = clock.Elapsed;
                totals.Save(path, fingerprint, state.NextId, state.Unfinished());
            }
        }

        WorkQueue.State final = WorkQueue.Serve(comm, initial, firstId, Work, Accept, Stop, Tick, cancellationToken);
        if (options.CheckpointPath is { } last)
        {
            totals.Save(last, fingerprint, final.NextId, final.Unfinished());
        }

        if (totals.Lp[3] > 0 && status == EnumerationStatus.Complete)
        {
            status = EnumerationStatus.SolverError;
        }

        return new RegionCensus(
            status, totals.Regions, totals.PerLayer, totals.Stable, totals.Split, totals.Digest,
            new LpStatistics(totals.Lp[0], totals.Lp[1], totals.Lp[2], totals.Lp[3]), comm.Size, final.Timings, options.ResumePath is not null, clock.Elapsed);
    }
}
