using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>Starts the built relu tool under <c>mpiexec.mpich -n N</c> and reads its output.</summary>
internal static class Mpiexec
{
    public const string MissingReason = "MPICH is not installed: mpiexec.mpich is not on the PATH (apt-get install mpich libmpich-dev).";

    public static string? Path { get; } = Find();

    /// <summary>relu.dll of the CLI project this test project references (copied beside the tests).</summary>
    public static string Relu => System.IO.Path.Combine(AppContext.BaseDirectory, "relu.dll");

    /// <summary>The dotnet host running the tests (so mpiexec needs no dotnet on its PATH).</summary>
    public static string Dotnet { get; } =
        Environment.ProcessPath is { } host && System.IO.Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    public static string Data(params string[] parts) => RepositoryRoot.Combine(["data", .. parts]);

    /// <summary>Starts <c>mpiexec.mpich -n ranks dotnet relu.dll args</c> without waiting.</summary>
    public static Process Start(int ranks, params string[] args)
    {
        var info = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), Dotnet, Relu }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    /// <summary>Runs to the end; returns exit code, standard output and standard error.</summary>
    public static (int Exit, string Out, string Err) Run(int ranks, params string[] args)
    {
        using Process p = Start(ranks, args);
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"mpiexec -n {ranks} relu {string.Join(' ', args)} did not finish in 5 minutes.");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static JsonElement Json(int ranks, params string[] args)
    {
        var (exit, output, error) = Run(ranks, args);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>The same command without MPI (threads), run to the end; its JSON.</summary>
    public static JsonElement Threaded(string[] args)
    {
        var info = new ProcessStartInfo(Dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Relu);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr.Result);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>The JSON without wall times ("seconds", "secondsPerTrial"), as text.</summary>
    public static string Strip(JsonElement e)
    {
        JsonNode node = JsonNode.Parse(e.GetRawText())!;
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("seconds");
                o.Remove("secondsPerTrial");
                foreach (var (_, v) in o.ToList())
                {
                    Walk(v);
                }
            }
            else if (n is JsonArray a)
            {
                foreach (JsonNode? v in a)
                {
                    Walk(v);
                }
            }
        }

        Walk(node);
        return node.ToJsonString();
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "mpiexec.mpich"))
            .FirstOrDefault(File.Exists);
}
