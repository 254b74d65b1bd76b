using ReluAnalysis.Mpi.Native;

namespace ReluAnalysis.Mpi;

/// <summary>
/// MPI_COMM_WORLD of a process started by an MPI launcher (<c>mpiexec</c>, <c>srun --mpi=pmi2</c>): rank, size and byte
/// messages. One per process; <see cref="Dispose"/> finalizes MPI. Only the thread that called <see cref="Initialize"/>
/// may use it (MPI_THREAD_FUNNELED); other threads may compute.
/// </summary>
/// <remarks>
/// Blocking receives poll <c>MPI_Iprobe</c> with a short sleep instead of calling <c>MPI_Recv</c> at once: MPICH
/// waits by spinning, and a dispatcher spinning on a core that also computes would halve that core's work.
/// </remarks>
public sealed unsafe class MpiCommunicator : IDisposable
{
    private static MpiCommunicator? s_current;
    private bool _disposed;

    private MpiCommunicator(int rank, int size)
    {
        Rank = rank;
        Size = size;
    }

    /// <summary>This process's rank, 0 … <see cref="Size"/> − 1.</summary>
    public int Rank { get; }

    /// <summary>The number of processes.</summary>
    public int Size { get; }

    /// <summary>True on rank 0, which hands out work and writes results.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>
    /// True when an MPI launcher started this process: one of the process-manager variables <c>PMI_RANK</c>,
    /// <c>PMI_FD</c>, <c>PMI_PORT</c> (MPICH hydra, Slurm PMI-2) or <c>PMIX_RANK</c> (PMIx) is set.
    /// </summary>
    public static bool IsLaunched =>
        new[] { "PMI_RANK", "PMI_FD", "PMI_PORT", "PMIX_RANK" }.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

    /// <summary>Initializes MPI (MPI_Init_thread, FUNNELED) and returns the world communicator.</summary>
    /// <exception cref="InvalidOperationException">Not started by an MPI launcher, libmpich.so.12 missing, or MPI already initialized here.</exception>
    public static MpiCommunicator Initialize()
    {
        if (!IsLaunched)
        {
            throw new InvalidOperationException(
                "--mpi: no MPI launcher found (none of PMI_RANK, PMI_FD, PMI_PORT, PMIX_RANK is set); expected a start by mpiexec (e.g. mpiexec.mpich -n 4 relu … --mpi) or srun --mpi=pmi2.");
        }

        if (s_current is not null)
        {
            throw new InvalidOperationException("MPI is already initialized in this process; expected one MpiCommunicator per process.");
        }

        try
        {
            Check(MpiNative.Initialized(out int initialized), "MPI_Initialized");
            if (initialized == 0)
            {
                Check(MpiNative.InitThread(null, null, MpiNative.ThreadFunneled, out int provided), "MPI_Init_thread");
                if (provided < MpiNative.ThreadFunneled)
                {
                    throw new InvalidOperationException($"MPI_Init_thread provided thread level {provided}; expected at least MPI_THREAD_FUNNELED (1).");
                }
            }

            Check(MpiNative.CommRank(MpiNative.CommWorld, out int rank), "MPI_Comm_rank");
            Check(MpiNative.CommSize(MpiNative.CommWorld, out int size), "MPI_Comm_size");
            s_current = new MpiCommunicator(rank, size);
            return s_current;
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException($"--mpi: {MpiNative.Library} could not be loaded ({e.Message}); expected MPICH (apt-get install mpich) or another MPICH-ABI MPI.", e);
        }
    }

    /// <summary>Sends <paramref name="message"/> (bytes) to <paramref name="destination"/> with <paramref name="tag"/> (≥ 0).</summary>
    public void Send(int destination, int tag, ReadOnlySpan<byte> message)
    {
        ThrowIfDisposed();
        fixed (byte* p = message)
        {
            Check(MpiNative.Send(p, message.Length, MpiNative.Byte, destination, tag, MpiNative.CommWorld), "MPI_Send");
        }
    }

    /// <summary>Receives the next message from <paramref name="source"/> (or any source, −2) with any tag, waiting as described in the remarks.</summary>
    /// <returns>The sender, the tag and the bytes.</returns>
    public (int Source, int Tag, byte[] Message) Receive(int source = MpiNative.AnySource, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        int idle = 0;
        while (true)
        {
            if (TryReceive(source, out var message))
            {
                return message;
            }

            cancellationToken.ThrowIfCancellationRequested();
            Thread.Sleep(++idle < 100 ? 0 : 1);
        }
    }

    /// <summary>Receives a message from <paramref name="source"/> (or any source, −2) if one is waiting.</summary>
    public bool TryReceive(int source, out (int Source, int Tag, byte[] Message) message)
    {
        ThrowIfDisposed();
        Check(MpiNative.Iprobe(source, MpiNative.AnyTag, MpiNative.CommWorld, out int flag, out MpiNative.Status status), "MPI_Iprobe");
        if (flag == 0)
        {
            message = default;
            return false;
        }

        Check(MpiNative.GetCount(status, MpiNative.Byte, out int count), "MPI_Get_count");
        var buffer = new byte[count];
        fixed (byte* p = buffer)
        {
            Check(MpiNative.Recv(p, count, MpiNative.Byte, status.Source, status.Tag, MpiNative.CommWorld, out _), "MPI_Recv");
        }

        message = (status.Source, status.Tag, buffer);
        return true;
    }

    /// <summary>Broadcasts bytes from <paramref name="root"/>: every rank returns the root's <paramref name="message"/> (ignored elsewhere).</summary>
    public byte[] Broadcast(byte[]? message, int root = 0)
    {
        ThrowIfDisposed();
        long length = Rank == root ? (message ?? throw new ArgumentNullException(nameof(message))).Length : 0;
        Check(MpiNative.Bcast(&length, 1, MpiNative.Int64, root, MpiNative.CommWorld), "MPI_Bcast");
        byte[] buffer = Rank == root ? message! : new byte[length];
        fixed (byte* p = buffer)
        {
            Check(MpiNative.Bcast(p, buffer.Length, MpiNative.Byte, root, MpiNative.CommWorld), "MPI_Bcast");
        }

        return buffer;
    }

    /// <summary>Replaces <paramref name="values"/> on every rank by their sum over all ranks (MPI_Allreduce, MPI_SUM, 64-bit integers).</summary>
    public void AllreduceSum(Span<long> values)
    {
        ThrowIfDisposed();
        var result = new long[values.Length];
        fixed (long* send = values)
        fixed (long* receive = result)
        {
            Check(MpiNative.Allreduce(send, receive, values.Length, MpiNative.Int64, MpiNative.Sum, MpiNative.CommWorld), "MPI_Allreduce");
        }

        result.CopyTo(values);
    }

    /// <summary>Waits until every rank has called it (MPI_Barrier).</summary>
    public void Barrier()
    {
        ThrowIfDisposed();
        Check(MpiNative.Barrier(MpiNative.CommWorld), "MPI_Barrier");
    }

    /// <summary>Ends every rank of the job with <paramref name="errorCode"/> (MPI_Abort); for failures one rank cannot report to the others.</summary>
    public void Abort(int errorCode) => MpiNative.Abort(MpiNative.CommWorld, errorCode);

    /// <summary>Finalizes MPI (collective: every rank must call it).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        MpiNative.Finalized(out int finalized);
        if (finalized == 0)
        {
            MpiNative.Finalize();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static void Check(int code, string call)
    {
        if (code != MpiNative.Success)
        {
            throw new InvalidOperationException($"{call} returned MPI error code {code}; expected MPI_SUCCESS (0).");
        }
    }
}
