using System.Diagnostics;

namespace ReluAnalysis.Mpi;

/// <summary>
/// Scaling on paper: replays the subproblems of a measured run (<see cref="RegionCensus.Subproblems"/>) on a given
/// number of ranks with the run's own rules, and measures what a message costs.
/// </summary>
public static class ScalingSimulation
{
    /// <summary>
    /// The simulated makespan (seconds) of <paramref name="subproblems"/> on <paramref name="ranks"/> workers: a
    /// discrete-event replay of the work queue. A subproblem becomes ready when its parent's result has been received;
    /// ready subproblems go out first come, first served to the first free worker. A message arrives <c>latency</c> after
    /// it is sent; rank 0's dispatcher is one serial resource that each task it sends and each result it receives
    /// occupies for <c>bytes / bandwidth</c>.
    /// </summary>
    /// <param name="subproblems">Measured subproblems (ids unique; a parent id of −1 or not in the list marks a starting one).</param>
    /// <param name="ranks">Workers, at least 1.</param>
    /// <param name="latencySeconds">Per-message cost (seconds, ≥ 0).</param>
    /// <param name="bytesPerSecond">Bandwidth (bytes per second, &gt; 0).</param>
    /// <remarks>O(s log s) for s subproblems. Compute times are taken as measured (no contention between ranks).</remarks>
    public static double Makespan(IReadOnlyList<SubproblemTiming> subproblems, int ranks, double latencySeconds, double bytesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(subproblems);
        if (ranks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ranks), ranks, "expected at least 1 rank.");
        }

        if (!(latencySeconds >= 0) || !double.IsFinite(latencySeconds) || !(bytesPerSecond > 0))
        {
            throw new ArgumentException($"latency {latencySeconds} s, bandwidth {bytesPerSecond} B/s; expected latency ≥ 0 and bandwidth > 0.", nameof(latencySeconds));
        }

        var ids = subproblems.Select(s => s.Id).ToHashSet();
        var children = subproblems.Where(s => ids.Contains(s.Parent)).ToLookup(s => s.Parent);
        var ready = new Queue<SubproblemTiming>(subproblems.Where(s => !ids.Contains(s.Parent)).OrderBy(s => s.Id));
        var running = new PriorityQueue<SubproblemTiming, (double, long)>();
        double now = 0;
        double dispatcher = 0;
        int free = ranks;
        while (ready.Count > 0 || running.Count > 0)
        {
            while (ready.Count > 0 && free > 0)
            {
                SubproblemTiming s = ready.Dequeue();
                dispatcher = Math.Max(now, dispatcher) + s.TaskBytes / bytesPerSecond;
                running.Enqueue(s, (dispatcher + latencySeconds + s.Seconds, s.Id));
                free--;
            }

            running.TryDequeue(out SubproblemTiming done, out var at);
            dispatcher = Math.Max(at.Item1 + latencySeconds, dispatcher) + done.ResultBytes / bytesPerSecond;
            now = dispatcher;
            free++;
            foreach (SubproblemTiming c in children[done.Id].OrderBy(c => c.Id))
            {
                ready.Enqueue(c);
            }
        }

        return now;
    }

    /// <summary>
    /// Measures the message cost between ranks 0 and 1 by ping-pong (collective; every rank calls it): the latency
    /// from 1-byte round trips, the bandwidth from 1 MiB round trips.
    /// </summary>
    /// <returns>(latency seconds, bytes per second) on every rank; (0, +∞) with a single rank.</returns>
    public static (double LatencySeconds, double BytesPerSecond) MeasureMessageCost(MpiCommunicator comm, int roundTrips = 100)
    {
        ArgumentNullException.ThrowIfNull(comm);
        if (comm.Size < 2)
        {
            return (0, double.PositiveInfinity);
        }

        double RoundTrip(int bytes, int count)
        {
            var message = new byte[bytes];
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                if (comm.Rank == 0)
                {
                    comm.Send(1, 9, message);
                    comm.Receive(1);
                }
                else if (comm.Rank == 1)
                {
                    comm.Receive(0);
                    comm.Send(0, 9, message);
                }
            }

            return Stopwatch.GetElapsedTime(start).TotalSeconds / count;
        }

        double small = RoundTrip(1, roundTrips);
        double large = RoundTrip(1 << 20, Math.Max(1, roundTrips / 10));
        byte[] result = new byte[16];
        BitConverter.TryWriteBytes(result.AsSpan(0, 8), small / 2);
        BitConverter.TryWriteBytes(result.AsSpan(8, 8), (1 << 20) / Math.Max(1e-9, (large - small) / 2));
        result = comm.Broadcast(comm.IsRoot ? result : null);
        return (BitConverter.ToDouble(result, 0), BitConverter.ToDouble(result, 8));
    }
}
