namespace ReluAnalysis.Tests;

/// <summary>
/// Tests that change process-wide state (current directory, <see cref="Console.Out"/>): they run in this collection,
/// which xunit runs alone, after the parallel ones, so no other test sees the change.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    /// <summary>The collection's name for <c>[Collection(ProcessStateCollection.Name)]</c>.</summary>
    public const string Name = "Process state";
}
