using ReluAnalysis.Networks;

namespace ReluAnalysis.Tests.Networks;

/// <summary>Random corruptions of real files: the parsers either succeed or throw FormatException, nothing else, and never hang.</summary>
public class ParserFuzzTests
{
    private static string Corrupt(string text, Random rng)
    {
        var chars = text.ToCharArray().ToList();
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits && chars.Count > 0; e++)
        {
            int at = rng.Next(chars.Count);
            switch (rng.Next(6))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars[at] = "0123456789,.-e\n /xNa"[rng.Next(20)]; break;
                case 2: chars.Insert(at, ",9,"[rng.Next(3)]); break;
                case 3: chars.RemoveRange(at, chars.Count - at); break;
                case 4: chars.InsertRange(at, "99999999999"); break;
                default: chars.InsertRange(at, "\n1e400,"); break;
            }
        }

        return new string(chars.ToArray());
    }

    [Fact]
    public void Corrupted_nnet_files_throw_only_FormatException()
    {
        string original = File.ReadAllText(TestData.AcasXu(1, 1));
        var rng = new Random(2024);
        int failures = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            string text = Corrupt(original, rng);
            try
            {
                NnetFormat.Read(new StringReader(text), "fuzz.nnet");
            }
            catch (FormatException e)
            {
                Assert.StartsWith("fuzz.nnet:", e.Message);
                failures++;
            }
        }

        Assert.True(failures > 100, $"only {failures} corruptions were detected");
    }

    [Fact]
    public void Corrupted_json_files_throw_only_FormatException()
    {
        string original = JsonNetworkFormat.ToJson(ReluNetwork.Random([3, 6, 2], seed: 1));
        var rng = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            string text = Corrupt(original, rng);
            try
            {
                JsonNetworkFormat.Parse(text, "fuzz.json");
            }
            catch (FormatException e)
            {
                Assert.StartsWith("fuzz.json", e.Message);
            }
        }
    }
}
