namespace ReluAnalysis.Cli;

/// <summary>
/// Progress written synchronously to stderr on one line (<see cref="Progress{T}"/> would post out of order). The
/// format returns the text to write, or null to skip a report (throttling).
/// </summary>
internal sealed class StderrProgress(Func<OperationProgress, string?> format) : IProgress<OperationProgress>
{
    private readonly object _gate = new();

    /// <summary>Whether anything was written (so <see cref="Done"/> ends the line).</summary>
    public bool Wrote { get; private set; }

    public void Report(OperationProgress value)
    {
        lock (_gate)
        {
            if (format(value) is { } text)
            {
                Console.Error.Write(text);
                Wrote = true;
            }
        }
    }

    /// <summary>Ends the progress line if one was written.</summary>
    public void Done()
    {
        if (Wrote)
        {
            Console.Error.WriteLine();
        }
    }
}
