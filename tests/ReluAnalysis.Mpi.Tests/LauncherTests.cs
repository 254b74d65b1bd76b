using System.Diagnostics;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>--mpi and its options outside an MPI launch: clear errors, exit 2 (no MPICH needed).</summary>
public sealed class LauncherTests
{
    [Theory]
    [InlineData("--mpi", "no MPI launcher found")]
    [InlineData("--checkpoint=/tmp/x.ckpt", "--checkpoint needs --mpi")]
    [InlineData("--resume=/tmp/x.ckpt", "--resume needs --mpi")]
    public void MpiOptionsWithoutALauncher_AreBadInput(string option, string message)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Mpiexec.Relu, "regions", Mpiexec.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet"), "--box=0:0.1,0:0.1,0:0.1,0:0.1,0:0.1", option })
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
}
