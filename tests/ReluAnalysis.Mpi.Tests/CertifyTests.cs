using System.Text.Json;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>relu certify --mpi: every rank follows the same level-by-level search, so the certificate equals the threaded one.</summary>
public sealed class CertifyTests
{
    [MpiFact]
    public void Darboux_OnTwoRanks_EqualsThreaded()
    {
        string[] args = ["certify", "--system", "darboux", "--json"];
        JsonElement distributed = Mpiexec.Json(2, [.. args, "--mpi"]);
        Assert.Equal(Mpiexec.Strip(Mpiexec.Threaded(args)), Mpiexec.Strip(distributed));
        Assert.Equal(148, distributed.GetProperty("regions").GetInt32());
        Assert.Equal(36214, distributed.GetProperty("cells").GetInt32());
    }

    [MpiFact]
    public void ProofWrittenByRankZero_OfThreeRanks_ChecksValid()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"relu-certify-mpi-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string proof = Path.Combine(dir, "proof.json"), barrier = Path.Combine(dir, "barrier.json");
            string[] args = ["certify", "--system", "polynorm-16", "--json"];
            JsonElement distributed = Mpiexec.Json(3, [.. args, "--mpi", "--proof", proof, "--save-barrier", barrier]);
            Assert.Equal("certified", distributed.GetProperty("status").GetString());
            Assert.Equal(Mpiexec.Strip(Mpiexec.Threaded([.. args, "--proof", Path.Combine(dir, "threaded.json")])), Mpiexec.Strip(distributed));
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "threaded.json")), File.ReadAllText(proof));
            JsonElement check = Mpiexec.Threaded(["check-proof", barrier, "--system", "polynorm-16", proof, "--json"]);
            Assert.True(check.GetProperty("valid").GetBoolean());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
