using System.Reflection;

namespace ReluAnalysis.Cli.Tests;

/// <summary>
/// The library's public surface as a whole (this project is the one that references every library assembly,
/// through the CLI): a user who imports every namespace must never meet an ambiguous type name (CS0104).
/// </summary>
public class LibraryApiTests
{
    /// <summary>Every library assembly the CLI ships with (core, Regions, Onnx, Proofs).</summary>
    public static IEnumerable<Assembly> LibraryAssemblies() =>
        typeof(CliApp).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name is not null && a.Name.StartsWith("ReluAnalysis", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Concat([typeof(ReluAnalysis.Networks.ReluNetwork).Assembly, typeof(ReluAnalysis.Regions.RegionDecision).Assembly, typeof(ReluAnalysis.Proofs.Rational).Assembly])
            .Distinct();

    [Fact]
    public void Public_type_simple_names_are_unique_across_the_library()
    {
        var types = LibraryAssemblies().SelectMany(a => a.GetExportedTypes()).ToList();
        Assert.True(types.Count > 100, $"only {types.Count} public types found");
        string[] duplicates = types
            .GroupBy(t => t.Name)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.FullName))}")
            .ToArray();
        Assert.True(duplicates.Length == 0, "public type names used twice:\n" + string.Join("\n", duplicates));
    }
}
