using System.Text.Json;

namespace ReluAnalysis.Cli.Tests;

/// <summary>The MPI-related options and outputs that work without MPI: the census digest, refusals, relu scaling.</summary>
public sealed class MpiOptionsTests
{
    private static string Acas => Relu.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet");

    [Fact]
    public void Regions_json_has_per_layer_counts_and_a_pattern_digest()
    {
        JsonElement j = Relu.Json("regions", Acas, "--box=-0.3:-0.298,-0.01:0.01,0.49:0.5,0.3:0.32,0.3:0.32", "--json");
        long[] perLayer = j.GetProperty("perLayer").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(6, perLayer.Length);
        Assert.Equal(j.GetProperty("regions").GetInt64(), perLayer[^1]);
        Assert.Matches("^[0-9a-f]{16}$", j.GetProperty("patternDigest").GetString());
    }

    [Theory]
    [InlineData("--split-after", "0.5", "--split-after needs --mpi")]
    [InlineData("--timings", "t.csv", "--timings needs --mpi")]
    [InlineData("--checkpoint-interval", "5", "--checkpoint-interval needs --mpi")]
    public void Regions_mpi_only_options_without_mpi_are_bad_input(string option, string value, string message)
    {
        var (exit, _, error) = Relu.Run("regions", Acas, "--box=0:0.1,0:0.1,0:0.1,0:0.1,0:0.1", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Verify_of_one_instance_with_mpi_is_refused_with_the_reason()
    {
        var (exit, _, error) = Relu.Run("verify", Acas, Relu.Data("acasxu", "prop_3.vnnlib"), "--mpi");
        Assert.Equal(2, exit);
        Assert.Contains("one instance split across ranks is not supported", error);
    }

    [Fact]
    public void Scaling_replays_a_timings_file_and_rejects_a_malformed_one()
    {
        string dir = Directory.CreateTempSubdirectory("relu-scaling").FullName;
        try
        {
            // Root 1 s hands back four 1 s pieces: 5 s on one rank, 2 s on four (messages free).
            string csv = Path.Combine(dir, "t.csv");
            File.WriteAllText(csv, "# ranks=2,latency_s=0,bytes_per_s=1e12\nid,parent,seconds,task_bytes,result_bytes\n0,-1,1,0,0\n1,0,1,0,0\n2,0,1,0,0\n3,0,1,0,0\n4,0,1,0,0\n");
            JsonElement j = Relu.Json("scaling", csv, "--ranks", "1,4", "--json");
            JsonElement[] points = [.. j.GetProperty("points").EnumerateArray()];
            Assert.Equal(5.0, points[0].GetProperty("makespan").GetDouble(), 9);
            Assert.Equal(2.0, points[1].GetProperty("makespan").GetDouble(), 9);
            Assert.Equal(2.5, points[1].GetProperty("speedup").GetDouble(), 9);

            string bad = Path.Combine(dir, "bad.csv");
            File.WriteAllText(bad, "id,parent,seconds,task_bytes,result_bytes\n0,-1,fast,0,0\n");
            var (exit, _, error) = Relu.Run("scaling", bad);
            Assert.Equal(2, exit);
            Assert.Contains("bad.csv:2", error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
