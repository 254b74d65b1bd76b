using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Verification;

namespace ReluAnalysis.Benchmarks.Verification;

/// <summary>
/// <c>--acasxu-sweep [--threads N] [--timeout S] [--only text]</c>: every instance of data/acasxu/instances.csv (the 186 VNN-COMP
/// ACAS Xu instances over ../shared/data/acasxu) run once, verdicts and times written to
/// benchmarks/results/verify-acasxu.csv and summarised on standard output as markdown.
/// </summary>
internal static class AcasXuSweep
{
    public static int Run(string[] args)
    {
        int threads = 0;
        string? only = null;
        double? timeout = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads" && i + 1 < args.Length)
            {
                threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--timeout" && i + 1 < args.Length)
            {
                timeout = double.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--only" && i + 1 < args.Length)
            {
                only = args[++i];
            }
        }

        string csv = Path.Combine(RepositoryRoot.Path, "data", "acasxu", "instances.csv");
        string root = Path.GetDirectoryName(csv)!;
        var rows = new List<(string Net, string Prop, double Seconds, string Result, long Regions, bool Attack)>();
        var total = Stopwatch.StartNew();
        foreach (string line in File.ReadLines(csv))
        {
            string[] p = line.Split(',');
            if (p.Length != 3)
            {
                continue;
            }

            string netPath = Path.GetFullPath(Path.Combine(root, p[0]));
            string propPath = Path.GetFullPath(Path.Combine(root, p[1]));
            string net = Path.GetFileNameWithoutExtension(netPath).Replace("ACASXU_run2a_", string.Empty).Replace("_batch_2000", string.Empty);
            string prop = Path.GetFileNameWithoutExtension(propPath);
            if (only is not null && !$"{net},{prop}".Contains(only, StringComparison.Ordinal))
            {
                continue;
            }

            ReluNetwork network = NetworkFile.Load(netPath);
            VerificationProperty property = VnnLibReader.Read(propPath);
            var options = new VerificationOptions { Timeout = TimeSpan.FromSeconds(timeout ?? double.Parse(p[2], CultureInfo.InvariantCulture)), MaxDegreeOfParallelism = threads };
            VerificationResult r = PropertyVerifier.Verify(network, property, options);
            if (r.Status == VerificationStatus.Violated)
            {
                // Replay: the counterexample must violate in the plain forward pass.
                double[] y = network.Evaluate(r.Counterexample!);
                if (property.UnsafeDisjunctOf(y) < 0 || property.InputPieceOf(r.Counterexample!) < 0)
                {
                    throw new InvalidOperationException($"{net} {prop}: the counterexample does not replay.");
                }
            }

            string word = r.Status switch { VerificationStatus.Holds => "holds", VerificationStatus.Violated => "violated", _ => "unknown" };
            rows.Add((net, prop, r.Elapsed.TotalSeconds, word, r.Regions, r.FoundByAttack));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{net} {prop}: {word} {r.Elapsed.TotalSeconds:F2} s, {r.Regions} boxes{(r.FoundByAttack ? " (attack)" : string.Empty)}{(r.UnknownReason is { } w ? $" ({w})" : string.Empty)}"));
        }

        string outPath = Path.Combine(RepositoryRoot.Path, "benchmarks", "results", only is null ? "verify-acasxu.csv" : "verify-acasxu-partial.csv");
        var sb = new StringBuilder("network,property,result,seconds,boxes,attack\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Net},{r.Prop},{r.Result},{r.Seconds:F3},{r.Regions},{(r.Attack ? 1 : 0)}\n");
        }

        File.WriteAllText(outPath, sb.ToString());
        Console.WriteLine("| properties | instances | holds | violated | unknown | total s | slowest |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => r.Prop is "prop_1" or "prop_2" or "prop_3" or "prop_4" ? "φ1–φ4" : r.Prop.Replace("prop_", "φ")))
        {
            var slow = group.MaxBy(r => r.Seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count()} | {group.Count(r => r.Result == "holds")} | {group.Count(r => r.Result == "violated")} | {group.Count(r => r.Result == "unknown")} | {group.Sum(r => r.Seconds):F1} | {slow.Net} {slow.Prop} {slow.Seconds:F1} s |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nwall time {total.Elapsed.TotalSeconds:F1} s; results in {outPath}"));
        return 0;
    }
}
