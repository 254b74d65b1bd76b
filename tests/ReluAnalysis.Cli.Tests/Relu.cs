using System.Text.Json;

// Every CLI test redirects Console.Out/Error (process state), so none of them runs in parallel with another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ReluAnalysis.Cli.Tests;

/// <summary>Runs the relu tool in-process with captured standard output and error.</summary>
internal static class Relu
{
    private static readonly object Gate = new();

    public static string RepoRoot => RepositoryRoot.Path;

    public static string Data(params string[] parts) => Path.Combine([RepoRoot, "data", .. parts]);

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            TextWriter stdout = Console.Out, stderr = Console.Error;
            var o = new StringWriter();
            var e = new StringWriter();
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                object? result = typeof(CliApp).Assembly.EntryPoint!.Invoke(null, [args]);
                return ((int)result!, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
            }
        }
    }

    public static JsonElement Json(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
