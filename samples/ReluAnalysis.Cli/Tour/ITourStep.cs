namespace ReluAnalysis.Cli.Tour;

/// <summary>One module's part of <c>relu tour</c>: runs on small embedded defaults and prints a short summary.</summary>
internal interface ITourStep
{
    /// <summary>Heading printed before the step.</summary>
    string Title { get; }

    /// <summary>Runs the step; writes files (plots) into <paramref name="outDir"/>.</summary>
    void Run(string outDir, TextWriter output, CancellationToken cancellationToken);
}
