using System.Text.Json;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>relu injectivity check|deep --mpi: trial t uses the threaded run's seed, so the estimates are identical.</summary>
public sealed class InjectivityTrialsTests
{
    [MpiFact]
    public void CheckEstimate_OnThreeRanks_EqualsThreaded()
    {
        string[] args = ["injectivity", "check", "--n", "3", "--m", "14", "--trials", "300", "--json"];
        JsonElement distributed = Mpiexec.Json(3, [.. args, "--mpi"]);
        Assert.Equal(Mpiexec.Strip(Mpiexec.Threaded(args)), Mpiexec.Strip(distributed));
        Assert.InRange(distributed.GetProperty("probability").GetDouble(), 0.1, 0.9); // a point where the trials disagree
    }

    [MpiFact]
    public void DeepEstimates_OnTwoRanks_EqualThreaded()
    {
        string[] args = ["injectivity", "deep", "--n", "2", "--m1", "5", "--alphas", "1,2", "--trials", "100", "--json"];
        Assert.Equal(Mpiexec.Strip(Mpiexec.Threaded(args)), Mpiexec.Strip(Mpiexec.Json(2, [.. args, "--mpi"])));
    }

    [MpiFact]
    public void Curve_OnTwoRanks_EqualsThreaded()
    {
        string[] args = ["injectivity", "curve", "--n", "3", "--alphas", "2:6:2", "--trials", "200", "--json"];
        JsonElement distributed = Mpiexec.Json(2, [.. args, "--mpi"]);
        Assert.Equal(Mpiexec.Strip(Mpiexec.Threaded(args)), Mpiexec.Strip(distributed));
        double[] p = distributed.GetProperty("curves")[0].GetProperty("points").EnumerateArray().Select(e => e.GetProperty("probability").GetDouble()).ToArray();
        Assert.Equal(3, p.Length);
        Assert.True(p[0] < p[2], $"P(injective) should grow with alpha: {string.Join(", ", p)}");
    }
}
