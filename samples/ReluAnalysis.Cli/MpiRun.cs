using System.CommandLine;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Mpi;

namespace ReluAnalysis.Cli;

/// <summary>The <c>--mpi</c> switch of the search commands: MPI's lifetime around a command body (libmpich is loaded only here).</summary>
internal static class MpiRun
{
    public static Option<bool> Option(string what) => new("--mpi") { Description = $"Spread {what} over the MPI ranks of an mpiexec/srun launch (MPICH ABI); rank 0 writes the output." };

    /// <summary>
    /// Initializes MPI, runs <paramref name="body"/> on every rank (the non-root ranks' standard output is discarded) and
    /// finalizes. No launcher or no libmpich is bad input (exit 2). A failure on one rank aborts the job, so no rank waits forever.
    /// </summary>
    public static int Run(Func<MpiCommunicator, int> body)
    {
        MpiCommunicator comm;
        try
        {
            comm = MpiCommunicator.Initialize();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        TextWriter stdout = Console.Out;
        if (!comm.IsRoot)
        {
            Console.SetOut(TextWriter.Null);
        }

        try
        {
            int exit = body(comm);
            comm.Dispose();
            return exit;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"relu: rank {comm.Rank}: {CliApp.OneLine(CliApp.Unwrap(e))}; aborting the MPI job.");
            comm.Abort(CliApp.IsBadInput(CliApp.Unwrap(e)) ? CliApp.BadInput : CliApp.InternalError);
            throw;
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }

    /// <summary>
    /// Runs a Monte Carlo command body with its trials spread over MPI ranks when <paramref name="mpi"/> is set (the body
    /// gets the trial runner and whether it is rank 0, which alone writes files), else with threads (null, true).
    /// </summary>
    public static int Trials(bool mpi, Func<Func<int, Func<int, InjectivityStatus>, CancellationToken, InjectivityStatus[]>?, bool, int> body) =>
        mpi ? Run(comm => body(DistributedJobs.TrialRunner(comm), comm.IsRoot)) : body(null, true);

    /// <summary>
    /// Runs a level-by-level search body with its jobs spread over MPI ranks when <paramref name="mpi"/> is set (the body
    /// gets <see cref="DistributedJobs.EverywhereRunner"/> and whether it is rank 0, which alone writes files), else with
    /// threads (null, true). Every rank follows the same search; only the jobs are divided.
    /// </summary>
    public static int Jobs(bool mpi, Func<Func<int, Func<int, CancellationToken, byte[]>, CancellationToken, byte[][]>?, bool, int> body) =>
        mpi ? Run(comm => body(DistributedJobs.EverywhereRunner(comm), comm.IsRoot)) : body(null, true);

    /// <summary>Bad input unless <paramref name="mpi"/> is set when an MPI-only option was given.</summary>
    public static void RequireMpi(bool mpi, string option, object? value)
    {
        CliApp.Require(mpi || value is null, $"{option} needs --mpi (it belongs to the distributed run); got {option} without --mpi.");
    }
}
