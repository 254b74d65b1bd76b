using System.Runtime.InteropServices;

namespace ReluAnalysis.Mpi.Native;

/// <summary>
/// The few MPI calls this package needs, bound to the MPICH ABI (libmpich.so.12, shared by MPICH, Intel MPI and Cray
/// MPICH). Handles are ints in that ABI; the constants below are copied from MPICH's mpi.h
/// (/usr/include/x86_64-linux-gnu/mpich/mpi.h, MPICH 4.0). The library is loaded on the first call only.
/// </summary>
internal static unsafe partial class MpiNative
{
    public const string Library = "libmpich.so.12";

    public const int Success = 0;                       // MPI_SUCCESS
    public const int CommWorld = 0x44000000;            // MPI_COMM_WORLD ((MPI_Comm)0x44000000)
    public const int Byte = 0x4c00010d;                 // MPI_BYTE ((MPI_Datatype)0x4c00010d)
    public const int Int64 = 0x4c00083a;                // MPI_INT64_T ((MPI_Datatype)0x4c00083a)
    public const int Double = 0x4c00080b;               // MPI_DOUBLE ((MPI_Datatype)0x4c00080b)
    public const int Sum = 0x58000003;                  // MPI_SUM (MPI_Op)(0x58000003)
    public const int AnySource = -2;                    // MPI_ANY_SOURCE
    public const int AnyTag = -1;                       // MPI_ANY_TAG
    public const int ThreadFunneled = 1;                // MPI_THREAD_FUNNELED

    /// <summary>MPI_Status of the MPICH ABI: five ints.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Status
    {
        public int CountLo;
        public int CountHiAndCancelled;
        public int Source;
        public int Tag;
        public int Error;
    }

    [LibraryImport(Library, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(out int flag);

    [LibraryImport(Library, EntryPoint = "MPI_Init_thread")]
    public static partial int InitThread(int* argc, byte*** argv, int required, out int provided);

    [LibraryImport(Library, EntryPoint = "MPI_Finalized")]
    public static partial int Finalized(out int flag);

    [LibraryImport(Library, EntryPoint = "MPI_Finalize")]
    public static partial int Finalize();

    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(int comm, out int rank);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(int comm, out int size);

    [LibraryImport(Library, EntryPoint = "MPI_Send")]
    public static partial int Send(byte* buffer, int count, int datatype, int destination, int tag, int comm);

    [LibraryImport(Library, EntryPoint = "MPI_Recv")]
    public static partial int Recv(byte* buffer, int count, int datatype, int source, int tag, int comm, out Status status);

    [LibraryImport(Library, EntryPoint = "MPI_Iprobe")]
    public static partial int Iprobe(int source, int tag, int comm, out int flag, out Status status);

    [LibraryImport(Library, EntryPoint = "MPI_Get_count")]
    public static partial int GetCount(in Status status, int datatype, out int count);

    [LibraryImport(Library, EntryPoint = "MPI_Bcast")]
    public static partial int Bcast(void* buffer, int count, int datatype, int root, int comm);

    [LibraryImport(Library, EntryPoint = "MPI_Allreduce")]
    public static partial int Allreduce(void* sendBuffer, void* receiveBuffer, int count, int datatype, int op, int comm);

    [LibraryImport(Library, EntryPoint = "MPI_Barrier")]
    public static partial int Barrier(int comm);

    [LibraryImport(Library, EntryPoint = "MPI_Abort")]
    public static partial int Abort(int comm, int errorCode);
}
