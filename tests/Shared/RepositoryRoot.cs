namespace ReluAnalysis;

/// <summary>
/// The repository root (the folder holding ReluAnalysis.sln), found by walking up from the binaries. Linked into
/// the test and benchmark projects so they read the shipped data files (data/…) by one rule.
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path below the root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ReluAnalysis.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ReluAnalysis.sln not found above the binaries.");
    }
}
