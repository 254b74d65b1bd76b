using System.Diagnostics;
using System.Text.Json;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.NetworkRegions;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Mpi.Tests;

/// <summary>The distributed census under mpiexec: the same regions as the threaded search for any number of ranks, and after a kill and resume.</summary>
public sealed class CensusTests
{
    // PatternDigest of the threaded census of ACAS Xu 1_1 inside φ3's box (relu regions … --json without --mpi).
    private const string Phi3Digest = "f0258b30da2af353";

    private static string Network => Mpiexec.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet");

    /// <summary>φ3's input box, read from the shipped VNNLIB file.</summary>
    private static Box Phi3Box => VnnLibReader.Read(Mpiexec.Data("acasxu", "prop_3.vnnlib")).InputBoxes[0]!;

    /// <summary>A corner of φ3's box (x3, x4 ∈ [0.3, 0.35]): 6,329 regions, a few seconds.</summary>
    private static Box SmallBox
    {
        get
        {
            Box b = Phi3Box;
            double[] hi = b.Upper.ToArray();
            hi[3] = hi[4] = 0.35;
            return new Box(b.Lower.ToArray(), hi);
        }
    }

    [MpiTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AcasXuPhi3Census_Has71930RegionsOnOneTwoAndThreeRanks(int ranks)
    {
        JsonElement r = Mpiexec.Json(ranks, "regions", Network, $"--box={Phi3Box}", "--mpi", "--json");
        Assert.Equal(71930, r.GetProperty("regions").GetInt64());
        Assert.Equal("complete", r.GetProperty("status").GetString());
        Assert.Equal(ranks, r.GetProperty("ranks").GetInt32());
        Assert.Equal([39L, 103, 499, 2918, 8010, 71930], r.GetProperty("perLayer").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(Phi3Digest, r.GetProperty("patternDigest").GetString());
    }

    [MpiFact]
    public void FinelySplitCensus_EqualsThreadedRun()
    {
        LinearRegionResult threaded = LinearRegionEnumerator.Enumerate(NetworkFile.Load(Network), SmallBox);

        // A split budget of 1 ms hands almost every subproblem back in pieces: many messages, same regions.
        JsonElement r = Mpiexec.Json(3, "regions", Network, $"--box={SmallBox}", "--mpi", "--json", "--split-after", "0.001");
        Assert.Equal(threaded.Regions.Count, r.GetProperty("regions").GetInt64());
        Assert.Equal(threaded.RegionsPerLayer, r.GetProperty("perLayer").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(threaded.PatternDigest.ToString("x16"), r.GetProperty("patternDigest").GetString());
        Assert.Equal(threaded.Lp.Solved, r.GetProperty("lps").GetInt64()); // each region's LPs depend on the region alone
        Assert.True(r.GetProperty("subproblems").GetInt32() > 10, "expected the run to be split into many subproblems");
    }

    [MpiFact]
    public void KilledRun_ResumedFromItsCheckpoint_GivesTheSameCensus()
    {
        string checkpoint = Path.Combine(Path.GetTempPath(), $"relu-census-{Guid.NewGuid():N}.ckpt");
        try
        {
            string box = $"--box={SmallBox}";
            using (Process run = Mpiexec.Start(2, "regions", Network, box, "--mpi", "--json", "--split-after", "0.02",
                "--checkpoint", checkpoint, "--checkpoint-interval", "0.1"))
            {
                var clock = Stopwatch.StartNew();
                while (!File.Exists(checkpoint) && !run.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
                {
                    Thread.Sleep(10);
                }

                Assert.True(File.Exists(checkpoint), "expected a checkpoint before the run ended");
                run.Kill(entireProcessTree: true);
                run.WaitForExit();
            }

            JsonElement resumed = Mpiexec.Json(3, "regions", Network, box, "--mpi", "--json", "--resume", checkpoint);
            Assert.True(resumed.GetProperty("subproblems").GetInt32() > 0, "expected the killed run to have left work for the resumed one");
            Assert.Equal(6329, resumed.GetProperty("regions").GetInt64());
            Assert.Equal([4L, 11, 37, 252, 648, 6329], resumed.GetProperty("perLayer").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal(LinearRegionEnumerator.Enumerate(NetworkFile.Load(Network), SmallBox).PatternDigest.ToString("x16"), resumed.GetProperty("patternDigest").GetString());
        }
        finally
        {
            File.Delete(checkpoint);
            File.Delete(checkpoint + ".tmp");
        }
    }
}
