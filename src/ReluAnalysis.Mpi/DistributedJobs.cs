using ReluAnalysis.Injectivity;

namespace ReluAnalysis.Mpi;

/// <summary>
/// Independent jobs (verification instances, Monte Carlo batches) over MPI ranks: rank 0 hands job indices out on
/// demand, to the other ranks and to a thread of its own, and collects the results in index order. A job's result
/// depends on its index alone, so the collected results equal a sequential loop's.
/// </summary>
public static class DistributedJobs
{
    /// <summary>Runs <paramref name="job"/> for every index 0 … <paramref name="count"/> − 1 over the ranks of <paramref name="comm"/> (collective).</summary>
    /// <param name="comm">The world communicator.</param>
    /// <param name="count">Number of jobs, ≥ 0.</param>
    /// <param name="job">Computes job i's result as bytes (called on whichever rank gets it).</param>
    /// <param name="progress">On rank 0 after each result: stage "jobs", results so far of <paramref name="count"/>.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>On rank 0 the results by index; null on the other ranks.</returns>
    public static byte[][]? Run(
        MpiCommunicator comm, int count, Func<int, CancellationToken, byte[]> job,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comm);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        byte[] Work(byte[] task, CancellationToken ct)
        {
            int index = BitConverter.ToInt32(task);
            return [.. task, .. job(index, ct)];
        }

        if (!comm.IsRoot)
        {
            WorkQueue.Work(comm, Work, cancellationToken);
            return null;
        }

        var results = new byte[count][];
        int done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IEnumerable<byte[]> Accept(byte[] message)
        {
            results[BitConverter.ToInt32(message)] = message[4..];
            progress?.Report(new OperationProgress("jobs", ++done, count, clock.Elapsed));
            return [];
        }

        WorkQueue.Serve(comm, Enumerable.Range(0, count).Select(BitConverter.GetBytes), 0, Work, Accept, () => false, null, cancellationToken);
        return results;
    }

    /// <summary>
    /// A runner for searches that every rank continues in step (<c>BarrierOptions.JobRunner</c>): the jobs go out as in
    /// <see cref="Run"/>, then rank 0 broadcasts all results, so every rank returns them in index order and takes the
    /// same next step. Collective: every rank must call it with the same count, in the same order.
    /// </summary>
    public static Func<int, Func<int, CancellationToken, byte[]>, CancellationToken, byte[][]> EverywhereRunner(MpiCommunicator comm)
    {
        ArgumentNullException.ThrowIfNull(comm);
        return (count, job, ct) =>
        {
            byte[][]? results = Run(comm, count, job, null, ct);
            byte[]? packed = null;
            if (results is not null)
            {
                using var stream = new MemoryStream();
                using (var w = new BinaryWriter(stream))
                {
                    foreach (byte[] r in results)
                    {
                        w.Write(r.Length);
                        w.Write(r);
                    }
                }

                packed = stream.ToArray();
            }

            using var reader = new BinaryReader(new MemoryStream(comm.Broadcast(packed)));
            var all = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                all[i] = reader.ReadBytes(reader.ReadInt32());
            }

            return all;
        };
    }

    /// <summary>
    /// A <see cref="MonteCarloOptions.TrialRunner"/> over the ranks of <paramref name="comm"/>: trials go out in blocks
    /// (about 16 blocks per rank) through <see cref="EverywhereRunner"/>, so every rank returns all verdicts and computes
    /// the same estimate. Trial t calls the same <c>trial(t)</c> as the threaded run, so the estimate is identical.
    /// Collective: every rank must run the same studies in the same order.
    /// </summary>
    public static Func<int, Func<int, InjectivityStatus>, CancellationToken, InjectivityStatus[]> TrialRunner(MpiCommunicator comm)
    {
        ArgumentNullException.ThrowIfNull(comm);
        var everywhere = EverywhereRunner(comm);
        return (trials, trial, ct) =>
        {
            int block = Math.Max(1, trials / (16 * comm.Size));
            int blocks = (trials + block - 1) / block;
            byte[][] results = everywhere(blocks, (b, token) =>
            {
                int start = b * block;
                int end = Math.Min(trials, start + block);
                var verdicts = new byte[end - start];
                for (int t = start; t < end; t++)
                {
                    token.ThrowIfCancellationRequested();
                    verdicts[t - start] = (byte)trial(t);
                }

                return verdicts;
            }, ct);
            return results.SelectMany(r => r).Select(v => (InjectivityStatus)v).ToArray();
        };
    }
}
