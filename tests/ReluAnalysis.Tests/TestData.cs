namespace ReluAnalysis.Tests;

/// <summary>Paths of the data files shipped with the repository and of ../shared/data.</summary>
internal static class TestData
{
    public static string RepoRoot => RepositoryRoot.Path;

    public static string AcasXu(int a, int t) => Path.Combine(RepoRoot, "data", "acasxu", $"ACASXU_run2a_{a}_{t}_batch_2000.nnet");

    /// <summary>Any of the 45 networks: the repository copy, else ../shared/data, else null.</summary>
    public static string? AcasXuAnywhere(int a, int t)
    {
        string local = AcasXu(a, t);
        if (File.Exists(local))
        {
            return local;
        }

        string shared = Path.Combine(RepoRoot, "..", "shared", "data", "acasxu", $"ACASXU_run2a_{a}_{t}_batch_2000.nnet");
        return File.Exists(shared) ? shared : null;
    }

    public static string DataFile(params string[] parts) => Path.Combine([RepoRoot, .. parts]);
}
