using System.Diagnostics;

namespace ReluAnalysis.Mpi;

/// <summary>
/// The distributed work queue: rank 0 hands tasks (byte messages) out on demand, to the other ranks and to a worker
/// thread of its own, and folds each result into the caller's state; a result may carry new tasks (a worker's
/// subproblem split and handed back), which join the queue. Workers loop receive–compute–send until told to stop.
/// </summary>
internal static class WorkQueue
{
    private const int TagTask = 1;
    private const int TagResult = 2;
    private const int TagError = 3;
    private const int TagStop = 4;

    /// <summary>What rank 0 knows of the run: the queue, the tasks out, and the finished subproblems' timings.</summary>
    public sealed class State
    {
        public Queue<(long Id, long Parent, byte[] Task)> Pending { get; } = new();

        public Dictionary<int, (long Id, long Parent, byte[] Task)> Out { get; } = [];

        public List<SubproblemTiming> Timings { get; } = [];

        public long NextId { get; set; }

        /// <summary>Every task not finished (queued or out), in a stable order: what a checkpoint must keep.</summary>
        public List<byte[]> Unfinished() => [.. Out.OrderBy(o => o.Key).Select(o => o.Value.Task), .. Pending.Select(p => p.Task)];
    }

    /// <summary>
    /// Rank 0's loop. <paramref name="accept"/> folds a result into the caller's state and returns the new tasks it
    /// carries; <paramref name="stop"/> is asked after each result (no new tasks go out once it says true; tasks
    /// already out are finished); <paramref name="tick"/> runs about every 50 ms with the state (checkpoints, progress).
    /// </summary>
    public static State Serve(
        MpiCommunicator comm, IEnumerable<byte[]> initial, long firstId, Func<byte[], CancellationToken, byte[]> work,
        Func<byte[], IEnumerable<byte[]>> accept, Func<bool> stop, Action<State>? tick, CancellationToken ct)
    {
        var state = new State { NextId = firstId };
        foreach (byte[] t in initial)
        {
            state.Pending.Enqueue((state.NextId++, -1, t));
        }

        var idle = new Stack<int>(Enumerable.Range(1, comm.Size - 1).Reverse());
        Task<(double Seconds, byte[] Result)>? local = null;
        var clock = Stopwatch.StartNew();
        TimeSpan lastTick = TimeSpan.Zero;
        try
        {
            while (true)
            {
                bool stopped = stop();
                while (!stopped && state.Pending.Count > 0 && idle.Count > 0)
                {
                    var task = state.Pending.Dequeue();
                    int rank = idle.Pop();
                    state.Out[rank] = task;
                    comm.Send(rank, TagTask, task.Task);
                }

                if (!stopped && local is null && state.Pending.Count > 0)
                {
                    var task = state.Pending.Dequeue();
                    state.Out[0] = task;
                    local = Task.Run(() => Timed(work, task.Task, ct), ct);
                }

                if (state.Out.Count == 0)
                {
                    break;
                }

                bool got = false;
                if (local is { IsCompleted: true })
                {
                    var (seconds, result) = local.GetAwaiter().GetResult();
                    local = null;
                    Finish(state, 0, seconds, result, accept);
                    got = true;
                }

                if (comm.TryReceive(-2, out var message))
                {
                    got = true;
                    if (message.Tag == TagError)
                    {
                        throw new InvalidOperationException($"rank {message.Source} failed: {System.Text.Encoding.UTF8.GetString(message.Message)}");
                    }

                    var (seconds, result) = Unwrap(message.Message);
                    Finish(state, message.Source, seconds, result, accept);
                    idle.Push(message.Source);
                }

                if (clock.Elapsed - lastTick > TimeSpan.FromMilliseconds(50))
                {
                    lastTick = clock.Elapsed;
                    tick?.Invoke(state);
                }

                if (!got)
                {
                    ct.ThrowIfCancellationRequested();
                    Thread.Sleep(1);
                }
            }
        }
        finally
        {
            for (int r = 1; r < comm.Size; r++)
            {
                comm.Send(r, TagStop, []);
            }
        }

        tick?.Invoke(state);
        return state;
    }

    /// <summary>A worker rank's loop: compute each task from rank 0 and send the result back, until told to stop.</summary>
    public static void Work(MpiCommunicator comm, Func<byte[], CancellationToken, byte[]> work, CancellationToken ct)
    {
        while (true)
        {
            var (_, tag, task) = comm.Receive(0, ct);
            if (tag == TagStop)
            {
                return;
            }

            byte[] reply;
            int replyTag = TagResult;
            try
            {
                var (seconds, result) = Timed(work, task, ct);
                reply = new byte[8 + result.Length];
                BitConverter.TryWriteBytes(reply, seconds);
                result.CopyTo(reply, 8);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reply = System.Text.Encoding.UTF8.GetBytes(e.Message);
                replyTag = TagError;
            }

            comm.Send(0, replyTag, reply);
        }
    }

    private static (double Seconds, byte[] Result) Timed(Func<byte[], CancellationToken, byte[]> work, byte[] task, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        byte[] result = work(task, ct);
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, result);
    }

    private static (double Seconds, byte[] Result) Unwrap(byte[] message) => (BitConverter.ToDouble(message, 0), message[8..]);

    private static void Finish(State state, int rank, double seconds, byte[] result, Func<byte[], IEnumerable<byte[]>> accept)
    {
        var (id, parent, task) = state.Out[rank];
        state.Out.Remove(rank);
        state.Timings.Add(new SubproblemTiming(id, parent, seconds, task.Length, result.Length));
        foreach (byte[] t in accept(result))
        {
            state.Pending.Enqueue((state.NextId++, id, t));
        }
    }
}
