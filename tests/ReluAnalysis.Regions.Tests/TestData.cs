namespace ReluAnalysis.Regions.Tests;

/// <summary>Paths of the data files shipped with the repository (and of ../shared/data beside it).</summary>
internal static class TestData
{
    public static string RepoRoot => RepositoryRoot.Path;

    public static string AcasXu(int a, int t) => Path.Combine(RepoRoot, "data", "acasxu", $"ACASXU_run2a_{a}_{t}_batch_2000.nnet");

    /// <summary>ACAS Xu property k (1..10), shipped in the repository.</summary>
    public static string AcasXuProperty(int k) => Path.Combine(RepoRoot, "data", "acasxu", $"prop_{k}.vnnlib");
}
