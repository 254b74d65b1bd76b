using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>relu injectivity check|deep --mpi: trial t uses the threaded run's seed, so the estimates are identical.</summary>
public sealed class InjectivityTrialsTests
{
    [MpiFact]
    public void CheckEstimate_OnThreeRanks_EqualsThreaded()
    {
        string[] args = ["injectivity", "check", "--n", "3", "--m", "14", "--trials", "300", "--json"];
        JsonElement distributed = Mpiexec.Json(3, [.. args, "--mpi"]);
        Assert.Equal(Strip(Threaded(args)), Strip(distributed));
        Assert.InRange(distributed.GetProperty("probability").GetDouble(), 0.1, 0.9); // a point where the trials disagree
    }

    [MpiFact]
    public void DeepEstimates_OnTwoRanks_EqualThreaded()
    {
        string[] args = ["injectivity", "deep", "--n", "2", "--m1", "5", "--alphas", "1,2", "--trials", "100", "--json"];
        Assert.Equal(Strip(Threaded(args)), Strip(Mpiexec.Json(2, [.. args, "--mpi"])));
    }

    private static JsonElement Threaded(string[] args)
    {
        var info = new ProcessStartInfo(Mpiexec.Dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Mpiexec.Relu);
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
    private static string Strip(JsonElement e)
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
}
