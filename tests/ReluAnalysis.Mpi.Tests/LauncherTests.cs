using System.Diagnostics;
using System.Reflection;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>--mpi and its options outside an MPI launch: clear errors, exit 2; and without --mpi no MPI library is loaded (no MPICH needed).</summary>
public sealed class LauncherTests
{
    [Theory]
    [InlineData("--mpi", "no MPI launcher found")]
    [InlineData("--checkpoint=/tmp/x.ckpt", "--checkpoint needs --mpi")]
    [InlineData("--resume=/tmp/x.ckpt", "--resume needs --mpi")]
    public void MpiOptionsWithoutALauncher_AreBadInput(string option, string message) =>
        AssertBadInput(["regions", Mpiexec.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet"), "--box=0:0.1,0:0.1,0:0.1,0:0.1,0:0.1", option], message);

    [Theory]
    [InlineData("certify", "--system", "darboux", "--mpi")]
    [InlineData("injectivity", "curve", "--n", "3", "--alphas", "2:4:1", "--mpi")]
    [InlineData("injectivity", "check", "--n", "3", "--m", "8", "--mpi")]
    public void EveryMpiCommandWithoutALauncher_IsBadInput(params string[] args) => AssertBadInput(args, "no MPI launcher found");

    private static void AssertBadInput(string[] args, string message)
    {
        var info = new ProcessStartInfo(Mpiexec.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Mpiexec.Relu }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        foreach (string v in new[] { "PMI_RANK", "PMI_FD", "PMI_PORT", "PMIX_RANK" })
        {
            info.Environment.Remove(v);
        }

        using Process p = Process.Start(info)!;
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(2, p.ExitCode);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void ThreadedCensus_DoesNotLoadLibmpich()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // The relu tool in this process: a census without --mpi must not touch the MPI library.
        MethodInfo main = Assembly.Load("relu").EntryPoint!;
        TextWriter stdout = Console.Out, stderr = Console.Error;
        var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(new StringWriter());
        int exit;
        try
        {
            exit = (int)main.Invoke(null, [new[] { "regions", Mpiexec.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet"), "--box=-0.3:-0.298,-0.01:0.01,0.49:0.5,0.3:0.32,0.3:0.32", "--json" }])!;
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.Equal(0, exit);
        Assert.Contains("\"regions\"", output.ToString());
        Assert.DoesNotContain("libmpich", File.ReadAllText("/proc/self/maps"));
    }
}
