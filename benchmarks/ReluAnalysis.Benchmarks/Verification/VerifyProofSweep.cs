using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReluAnalysis.Networks;
using ReluAnalysis.Proofs;
using ReluAnalysis.Regions.Verification;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Benchmarks.Verification;

/// <summary>
/// <c>--verify-proofs [--threads N] [--timeout S] [--only text]</c>: for every φ1–φ4 instance that holds in
/// benchmarks/results/verify-acasxu.csv, verifies by input splits alone (as proof runs do; no region leaves) without and
/// with proof production (search tree kept; each twice,
/// interleaved, the faster run counted), writes the proof to a temporary file, checks it with the checker, and writes
/// benchmarks/results/verify-proofs.csv and a markdown summary on standard output.
/// </summary>
internal static class VerifyProofSweep
{
    public static int Run(string[] args)
    {
        var (threads, timeoutOption, only) = SweepArguments.Parse(args);
        double timeout = timeoutOption ?? 60;

        string sweep = Path.Combine(RepositoryRoot.Path, "benchmarks", "results", "verify-acasxu.csv");
        var files = AcasXuInstance.ReadAll().ToDictionary(i => $"{i.Net},{i.Prop}");
        var rows = new List<string>();
        var header = "network,property,boxes,verify_s,verify_proof_s,write_s,proof_bytes,check_s,valid";
        double sumPlain = 0, sumProof = 0, sumWrite = 0, sumCheck = 0;
        long sumBytes = 0, maxBytes = 0;
        int valid = 0, count = 0;
        string proofPath = Path.Combine(Path.GetTempPath(), $"relu-verify-proof-{Environment.ProcessId}.json");
        foreach (string line in File.ReadLines(sweep).Skip(1))
        {
            string[] p = line.Split(',');
            if (p.Length < 3 || p[2] != "holds" || p[1] is not ("prop_1" or "prop_2" or "prop_3" or "prop_4") || (only is not null && !$"{p[0]},{p[1]}".Contains(only, StringComparison.Ordinal)))
            {
                continue;
            }

            string propPath = files[$"{p[0]},{p[1]}"].PropPath;
            ReluNetwork net = NetworkFile.Load(files[$"{p[0]},{p[1]}"].NetPath);
            VerificationProperty property = VnnLibReader.Read(propPath);
            // Proof runs split inputs only (no region leaves): the run without a proof takes the same search, so the two compare.
            var options = new VerificationOptions
            {
                Timeout = TimeSpan.FromSeconds(timeout), MaxDegreeOfParallelism = threads, RegionLeafNeurons = 0, RegionLeafDepth = int.MaxValue,
            };
            // Interleaved twice, the faster of each kept: the machine is shared and its load drifts.
            VerificationResult plain = PropertyVerifier.Verify(net, property, options);
            VerificationResult kept = PropertyVerifier.Verify(net, property, options with { KeepSearchTree = true });
            VerificationResult plain2 = PropertyVerifier.Verify(net, property, options);
            VerificationResult kept2 = PropertyVerifier.Verify(net, property, options with { KeepSearchTree = true });
            plain = plain2.Elapsed < plain.Elapsed ? plain2 : plain;
            kept = kept2.Elapsed < kept.Elapsed ? kept2 : kept;
            if (kept.Status != VerificationStatus.Holds || plain.Status != VerificationStatus.Holds)
            {
                Console.Error.WriteLine($"{p[0]} {p[1]}: {plain.Status}/{kept.Status} within {timeout} s; skipped");
                continue;
            }

            var clock = Stopwatch.StartNew();
            long bytes = VerificationProofWriter.WriteFile(net, property, kept, proofPath);
            double write = clock.Elapsed.TotalSeconds;
            ProofCheckResult check = VerificationProofChecker.CheckFile(net, propPath, proofPath, threads);
            count++;
            valid += check.IsValid ? 1 : 0;
            sumPlain += plain.Elapsed.TotalSeconds;
            sumProof += kept.Elapsed.TotalSeconds;
            sumWrite += write;
            sumCheck += check.Elapsed.TotalSeconds;
            sumBytes += bytes;
            maxBytes = Math.Max(maxBytes, bytes);
            string row = string.Create(CultureInfo.InvariantCulture,
                $"{p[0]},{p[1]},{kept.Regions},{plain.Elapsed.TotalSeconds:F3},{kept.Elapsed.TotalSeconds:F3},{write:F3},{bytes},{check.Elapsed.TotalSeconds:F3},{(check.IsValid ? 1 : 0)}");
            rows.Add(row);
            Console.Error.WriteLine(row + (check.Failure is { } f ? $"  FAILURE {f.Node}: {f.Reason}" : string.Empty));
        }

        File.Delete(proofPath);
        string outPath = Path.Combine(RepositoryRoot.Path, "benchmarks", "results", only is null ? "verify-proofs.csv" : "verify-proofs-partial.csv");
        File.WriteAllText(outPath, header + "\n" + string.Join("\n", rows) + "\n");
        var sb = new StringBuilder();
        sb.AppendLine("| instances | valid | verify s | verify + tree s | write s | overhead | proof bytes (total / max) | check s | check / verify |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {count} | {valid} | {sumPlain:F1} | {sumProof:F1} | {sumWrite:F2} | {100 * (sumProof + sumWrite - sumPlain) / Math.Max(sumPlain, 1e-9):F0} % | {sumBytes:N0} / {maxBytes:N0} | {sumCheck:F1} | {sumCheck / Math.Max(sumPlain, 1e-9):F2} |"));
        Console.WriteLine(sb.ToString());
        Console.WriteLine($"results in {outPath}");
        return valid == count ? 0 : 1;
    }
}
