using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Mpi;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Verification;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Cli.Commands;

internal static class VerifyCommand
{
    /// <summary>Exit code of an undecided verdict.</summary>
    public const int Unknown = 3;

    public static string Word(VerificationStatus status) => status switch
    {
        VerificationStatus.Holds => "holds",
        VerificationStatus.Violated => "violated",
        _ => "unknown",
    };

    public static Command Create()
    {
        var network = new Argument<string?>("network") { Description = "Network file (.nnet, .json or .onnx); .nnet properties are in normalised input units.", Arity = ArgumentArity.ZeroOrOne };
        var property = new Argument<string?>("property") { Description = "Property file (.vnnlib).", Arity = ArgumentArity.ZeroOrOne };
        var timeout = new Option<double?>("--timeout") { Description = "Give up after this many seconds (verdict unknown, exit 3; 0.001 to 1e7)." }.InRange(1e-3, 1e7);
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"result\", \"counterexample\", \"output\", \"regions\", \"lps\", \"seconds\", …}." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0: every core; at most 256). Verdicts do not depend on it.", DefaultValueFactory = _ => 0 }.InRange(0, 256);
        var instances = new Option<string?>("--instances") { Description = "Run a VNN-COMP benchmark: a CSV of \"onnx,vnnlib,timeout\" lines (paths relative to the CSV)." };
        var output = new Option<string?>("--output") { Description = "With --instances: write the results CSV (network,property,result,seconds) here instead of standard output." };
        var bounds = new Option<BoundMethod>("--bounds") { Description = "How boxes are bounded: Interval, Symbolic or BackSubstitution (default).", DefaultValueFactory = _ => BoundMethod.BackSubstitution };
        var proof = new Option<string?>("--proof") { Description = "For a \"holds\" verdict, write its proof here (JSON, format relu-verification-proof; re-check with relu check-proof)." }.OutputFile();
        var regionLeaf = new Option<int>("--region-leaf") { Description = "Decide a box with at most this many unstable neurons by its linear regions, an LP on each (with --region-depth 1000000, 0 splits inputs only; not with --proof). Default 30.", DefaultValueFactory = _ => new VerificationOptions().RegionLeafNeurons }.InRange(0, 1_000_000);
        var regionDepth = new Option<int>("--region-depth") { Description = "Decide a box this many input splits deep by its linear regions when a third of the hidden neurons or more are unstable on it (not with --proof). Default 12.", DefaultValueFactory = _ => new VerificationOptions().RegionLeafDepth }.InRange(0, 1_000_000);
        var mpi = MpiRun.Option("the --instances (one instance per rank at a time, handed out on demand)");
        var command = new Command("verify", "Decide a VNNLIB property of a network exactly: holds (exit 0), violated with a counterexample (exit 1) or unknown (exit 3).")
        {
            network, property, timeout, json, threads, instances, output, bounds, proof, regionLeaf, regionDepth, mpi,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            double? seconds = parse.GetValue(timeout);
            var options = new VerificationOptions
            {
                MaxDegreeOfParallelism = parse.GetValue(threads),
                Timeout = seconds is { } t ? TimeSpan.FromSeconds(t) : null,
                Bounds = parse.GetValue(bounds),
                KeepSearchTree = parse.GetValue(proof) is not null,
                RegionLeafNeurons = parse.GetValue(regionLeaf),
                RegionLeafDepth = parse.GetValue(regionDepth),
            };
            string? csv = parse.GetValue(instances);
            string? netPath = parse.GetValue(network);
            string? propPath = parse.GetValue(property);
            if (csv is not null)
            {
                if (netPath is not null || propPath is not null)
                {
                    throw new ArgumentException("--instances runs the CSV's instances; give no network or property arguments with it.");
                }

                CliApp.Require(parse.GetValue(proof) is null, "--proof with --instances: proofs are written for one instance at a time; expected --proof with a network and a property.");
                return RunInstances(csv, parse.GetValue(output), options, parse.GetValue(mpi));
            }

            CliApp.Require(!parse.GetValue(mpi), "--mpi with a single instance: one instance split across ranks is not supported; expected --mpi with --instances file.csv.");

            if (netPath is null || propPath is null)
            {
                throw new ArgumentException("expected a network file and a property file (or --instances file.csv).");
            }

            ReluNetwork net = NetworkFile.Load(netPath);
            VerificationProperty prop = VnnLibReader.Read(propPath);
            var progress = new SyncProgress(p => $"\r  {p.Stage}: {p.Completed:N0} nodes   ");
            VerificationResult r = PropertyVerifier.Verify(net, prop, options, progress);
            Console.Error.WriteLine();
            string? proofPath = parse.GetValue(proof);
            long proofBytes = 0;
            double proofSeconds = 0;
            if (proofPath is not null && r.Status == VerificationStatus.Holds)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                proofBytes = VerificationProofWriter.WriteFile(net, prop, r, proofPath);
                proofSeconds = clock.Elapsed.TotalSeconds;
            }
            else if (proofPath is not null)
            {
                Console.Error.WriteLine($"no proof written: the verdict is {Word(r.Status)}; only \"holds\" has a proof.");
                proofPath = null;
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    result = Word(r.Status),
                    counterexample = r.Counterexample,
                    output = r.Output,
                    regions = r.Regions,
                    lps = r.LpsSolved,
                    seconds = r.Elapsed.TotalSeconds,
                    disjunct = r.Disjunct >= 0 ? r.Disjunct : (int?)null,
                    boundComputations = r.BoundComputations,
                    affineLeaves = r.AffineLeaves,
                    linearRegions = r.LinearRegions,
                    foundByAttack = r.FoundByAttack,
                    reason = r.UnknownReason,
                    proof = proofPath,
                    proofBytes = proofPath is null ? (long?)null : proofBytes,
                    proofSeconds = proofPath is null ? (double?)null : proofSeconds,
                });
            }
            else
            {
                Console.WriteLine($"{Word(r.Status)}{(r.UnknownReason is { } why ? $" ({why})" : string.Empty)}: {Path.GetFileName(netPath)} {Path.GetFileName(propPath)}");
                if (r.Counterexample is { } x)
                {
                    Console.WriteLine($"  counterexample x = [{string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]");
                    Console.WriteLine($"  output        y = [{string.Join(", ", r.Output!.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}] (unsafe disjunct {r.Disjunct}{(r.FoundByAttack ? ", found by the attack" : string.Empty)})");
                }

                Console.WriteLine($"  {r.Regions:N0} boxes bounded ({r.AffineLeaves:N0} affine, {r.LinearRegions:N0} linear regions in region leaves), {r.LpsSolved:N0} LPs, {r.Elapsed.TotalSeconds:F3} s");
                if (proofPath is not null)
                {
                    Console.WriteLine($"  proof: {proofPath} ({proofBytes:N0} bytes, written in {proofSeconds:F3} s)");
                }
            }

            return Exit(r.Status);
        }));
        return command;
    }

    public static int Exit(VerificationStatus status) => status switch
    {
        VerificationStatus.Holds => CliApp.Ok,
        VerificationStatus.Violated => CliApp.Negative,
        _ => Unknown,
    };

    /// <summary>Runs every line "network,property,timeout" of a VNN-COMP instances CSV; exit 3 when any verdict is unknown.</summary>
    private static int RunInstances(string csv, string? outputPath, VerificationOptions options, bool distributed)
    {
        if (!File.Exists(csv))
        {
            throw new FileNotFoundException($"Instances file \"{csv}\" does not exist.", csv);
        }

        string root = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var lines = new List<(string Net, string Prop, double Timeout)>();
        int number = 0;
        foreach (string text in File.ReadLines(csv))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('#'))
            {
                continue;
            }

            string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double t) || !double.IsFinite(t) || t <= 0)
            {
                throw new FormatException($"{csv}:{number}: expected \"network,property,timeout\" with a positive timeout in seconds; found \"{text}\".");
            }

            lines.Add((Path.GetFullPath(Path.Combine(root, parts[0])), Path.GetFullPath(Path.Combine(root, parts[1])), t));
        }

        // Load every file up front so a bad path fails before any verification runs.
        var networks = new Dictionary<string, ReluNetwork>();
        var properties = new Dictionary<string, VerificationProperty>();
        foreach (var (netPath, propPath, _) in lines)
        {
            if (!networks.ContainsKey(netPath))
            {
                networks[netPath] = NetworkFile.Load(netPath);
            }

            if (!properties.ContainsKey(propPath))
            {
                properties[propPath] = VnnLibReader.Read(propPath);
            }
        }

        string Row(int i)
        {
            var (netPath, propPath, t) = lines[i];
            VerificationOptions o = options.Timeout is null ? options with { Timeout = TimeSpan.FromSeconds(t) } : options;
            VerificationResult r = PropertyVerifier.Verify(networks[netPath], properties[propPath], o);
            return string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(netPath)},{Path.GetFileNameWithoutExtension(propPath)},{Word(r.Status)},{r.Elapsed.TotalSeconds:F3}");
        }

        string[]? gathered = null;
        if (distributed)
        {
            // Instances go out on demand; rank 0 writes the rows in the CSV's order.
            int exit = MpiRun.Run(comm =>
            {
                var progress = comm.IsRoot ? new SyncProgress(p => $"\r  {p.Completed}/{p.Total} instances   ") : null;
                gathered = DistributedJobs.Run(comm, lines.Count, (i, _) => System.Text.Encoding.UTF8.GetBytes(Row(i)), progress)?
                    .Select(System.Text.Encoding.UTF8.GetString).ToArray();
                return CliApp.Ok;
            });
            if (gathered is null)
            {
                return exit;
            }

            Console.Error.WriteLine();
        }

        using TextWriter writer = outputPath is null ? new StringWriter() : new StreamWriter(outputPath);
        writer.WriteLine("network,property,result,seconds");
        bool anyUnknown = false;
        for (int i = 0; i < lines.Count; i++)
        {
            string row = gathered?[i] ?? Row(i);
            anyUnknown |= row.Split(',')[2] == Word(VerificationStatus.Unknown);
            writer.WriteLine(row);
            writer.Flush();
            if (gathered is null)
            {
                Console.Error.WriteLine($"  [{i + 1}/{lines.Count}] {row}");
            }
        }

        if (outputPath is null)
        {
            Console.Write(writer.ToString());
        }

        return anyUnknown ? Unknown : CliApp.Ok;
    }
}

/// <summary>Progress written synchronously to stderr (Progress&lt;T&gt; would post out of order).</summary>
internal sealed class SyncProgress(Func<OperationProgress, string> format) : IProgress<OperationProgress>
{
    private readonly object _gate = new();
    private long _last;

    public void Report(OperationProgress value)
    {
        lock (_gate)
        {
            // At most ten lines a second.
            long now = Environment.TickCount64;
            if (now - _last < 100)
            {
                return;
            }

            _last = now;
            Console.Error.Write(format(value));
        }
    }
}
