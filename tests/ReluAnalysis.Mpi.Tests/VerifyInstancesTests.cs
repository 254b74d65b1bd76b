using System.Diagnostics;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>relu verify --instances --mpi: the same verdicts, in the same order, as the threaded sweep.</summary>
public sealed class VerifyInstancesTests
{
    [MpiFact]
    public void AcasXuSweep_OnThreeRanks_GivesTheThreadedVerdicts()
    {
        string dir = Directory.CreateTempSubdirectory("relu-mpi-verify").FullName;
        try
        {
            // Two violated and three holding instances that each decide in about a second.
            (string Net, int Prop)[] instances = [("2_9", 2), ("1_1", 4), ("1_2", 3), ("4_5", 2), ("1_3", 4)];
            string csv = Path.Combine(dir, "instances.csv");
            File.WriteAllLines(csv, instances.Select(i =>
                $"{Mpiexec.Data("acasxu", $"ACASXU_run2a_{i.Net}_batch_2000.nnet")},{Mpiexec.Data("acasxu", $"prop_{i.Prop}.vnnlib")},120"));

            string threaded = Path.Combine(dir, "threaded.csv");
            var info = new ProcessStartInfo(Mpiexec.Dotnet) { UseShellExecute = false, RedirectStandardError = true };
            foreach (string a in new[] { Mpiexec.Relu, "verify", "--instances", csv, "--output", threaded })
            {
                info.ArgumentList.Add(a);
            }

            using (Process p = Process.Start(info)!)
            {
                p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.Equal(0, p.ExitCode);
            }

            string distributed = Path.Combine(dir, "mpi.csv");
            var (exit, _, error) = Mpiexec.Run(3, "verify", "--instances", csv, "--output", distributed, "--mpi", "--threads", "1");
            Assert.True(exit == 0, $"exit {exit}: {error}");

            static string[] Verdicts(string path) => File.ReadAllLines(path).Select(l => string.Join(',', l.Split(',')[..3])).ToArray();
            Assert.Equal(Verdicts(threaded), Verdicts(distributed));
            Assert.Equal(["violated", "holds", "holds", "violated", "holds"], Verdicts(distributed).Skip(1).Select(l => l.Split(',')[2]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
