namespace ReluAnalysis.Regions.Tests;

/// <summary>Paths of the data files shipped with the repository.</summary>
internal static class TestData
{
    public static string RepoRoot { get; } = FindRoot();

    public static string AcasXu(int a, int t) => Path.Combine(RepoRoot, "data", "acasxu", $"ACASXU_run2a_{a}_{t}_batch_2000.nnet");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReluAnalysis.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ReluAnalysis.sln not found above the test binaries.");
    }
}
