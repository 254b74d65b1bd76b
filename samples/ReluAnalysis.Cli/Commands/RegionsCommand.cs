using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Geometry;
using ReluAnalysis.Mpi;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Cli.Commands;

internal static class RegionsCommand
{
    public static string StatusWord(EnumerationStatus status) => status switch
    {
        EnumerationStatus.Complete => "complete",
        EnumerationStatus.Limit => "limit",
        EnumerationStatus.Timeout => "timeout",
        EnumerationStatus.Stopped => "stopped",
        _ => "error",
    };

    public static Command Create()
    {
        var network = new Argument<string>("network") { Description = "Network file (.nnet, .json or .onnx)." };
        var box = new Option<string>("--box") { Description = "Input box \"lo:hi,…\" (one interval per input, or two with --slice).", Required = true };
        var slice = new Option<string?>("--slice") { Description = "Two input indices \"i,j\": enumerate the 2-D slice x_i, x_j (others fixed by --at)." };
        var at = new Option<string?>("--at") { Description = "With --slice: the full input point \"x1,…,xd\" fixing the other coordinates (default 0)." };
        var maxRegions = new Option<long?>("--max-regions") { Description = "Stop after this many regions (at least 1)." }.InRange(1L, long.MaxValue);
        var timeLimit = new Option<double?>("--time-limit") { Description = "Stop after this many seconds (0.001 to 1e7)." }.InRange(1e-3, 1e7);
        var plot = new Option<string?>("--plot") { Description = "Write a PNG of the 2-D regions (each filled with its own colour)." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"regions\", \"status\", \"lps\", \"seconds\", \"perLayer\", \"patternDigest\"} (with --mpi also \"ranks\", \"subproblems\")." };
        var mpi = MpiRun.Option("the census");
        var checkpoint = new Option<string?>("--checkpoint") { Description = "With --mpi: rank 0 rewrites this file with the unfinished subproblems and partial counts." }.OutputFile();
        var checkpointInterval = new Option<double?>("--checkpoint-interval") { Description = "Seconds between checkpoints (0.1 to 1e6; default 30)." }.InRange(0.1, 1e6);
        var resume = new Option<string?>("--resume") { Description = "With --mpi: continue the census saved in this checkpoint (same network, box and tolerance)." };
        var splitAfter = new Option<double?>("--split-after") { Description = "With --mpi: seconds after which a subproblem hands its next layer back to rank 0 (0.001 to 1e6; default 0.5)." }.InRange(1e-3, 1e6);
        var timings = new Option<string?>("--timings") { Description = "With --mpi: write each subproblem's seconds and message sizes, and the measured message cost, as CSV (input of relu scaling)." }.OutputFile();
        var command = new Command("regions", "Enumerate the linear regions of a network inside an input box (exact).")
        {
            network, box, slice, at, maxRegions, timeLimit, plot, json, mpi, checkpoint, checkpointInterval, resume, splitAfter, timings,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            ReluNetwork net = NetworkFile.Load(parse.GetValue(network)!);
            Box domain = Box.Parse(parse.GetValue(box)!);
            string? sliceText = parse.GetValue(slice);
            string title = Path.GetFileName(parse.GetValue(network)!);
            if (sliceText is not null)
            {
                double[] indices = CliApp.ParseVector(sliceText, "--slice");
                CliApp.Require(
                    indices.Length == 2 && indices.All(i => i >= 0 && i < net.InputDimension && i == Math.Floor(i)) && indices[0] != indices[1],
                    $"--slice \"{sliceText}\": expected two distinct integer input indices in [0, {net.InputDimension - 1}].");
                int[] dims = [(int)indices[0], (int)indices[1]];

                double[] basePoint = parse.GetValue(at) is { } atText ? CliApp.ParseVector(atText, "--at") : new double[net.InputDimension];
                if (basePoint.Length != net.InputDimension)
                {
                    throw new ArgumentException($"--at has {basePoint.Length} values; the network expects {net.InputDimension}.");
                }

                net = InputRestriction.Of(net, dims, basePoint).Restricted;
                title += $" slice x{dims[0]}, x{dims[1]}";
            }

            if (domain.Dimension != net.InputDimension)
            {
                throw new ArgumentException($"--box has {domain.Dimension} intervals; expected {net.InputDimension}{(sliceText is null ? " (or use --slice)" : string.Empty)}.");
            }

            if (InputRestriction.HasFixedSides(domain) && Enumerable.Range(0, domain.Dimension).Any(j => domain.Upper[j] > domain.Lower[j]))
            {
                // Sides with lower == upper are substituted into the first layer; the slice of the free sides is enumerated.
                InputRestriction fixedSides = InputRestriction.FixedSidesOf(net, domain);
                title += $" (x{string.Join(", x", fixedSides.FreeInputs)} free)";
                net = fixedSides.Restricted;
                domain = fixedSides.Restrict(domain);
            }

            string? plotPath = parse.GetValue(plot);
            if (plotPath is not null && net.InputDimension != 2)
            {
                throw new ArgumentException($"--plot needs a 2-D input (the network has {net.InputDimension}); use --slice i,j.");
            }

            var options = new LinearRegionOptions
            {
                MaxRegions = parse.GetValue(maxRegions) ?? long.MaxValue,
                TimeLimit = parse.GetValue(timeLimit) is { } s ? TimeSpan.FromSeconds(s) : null,
                ComputeHRepresentation = plotPath is not null,
            };
            bool distributed = parse.GetValue(mpi);
            MpiRun.RequireMpi(distributed, "--checkpoint", parse.GetValue(checkpoint));
            MpiRun.RequireMpi(distributed, "--checkpoint-interval", parse.GetValue(checkpointInterval));
            MpiRun.RequireMpi(distributed, "--resume", parse.GetValue(resume));
            MpiRun.RequireMpi(distributed, "--split-after", parse.GetValue(splitAfter));
            MpiRun.RequireMpi(distributed, "--timings", parse.GetValue(timings));
            if (distributed)
            {
                CliApp.Require(plotPath is null, "--plot with --mpi: the regions stay on the ranks; expected --plot without --mpi.");
                var distributedOptions = new DistributedCensusOptions
                {
                    Regions = options with { MaxDegreeOfParallelism = 1 },
                    CheckpointPath = parse.GetValue(checkpoint),
                    CheckpointInterval = TimeSpan.FromSeconds(parse.GetValue(checkpointInterval) ?? 30),
                    ResumePath = parse.GetValue(resume),
                    SplitAfter = TimeSpan.FromSeconds(parse.GetValue(splitAfter) ?? 0.5),
                };
                return MpiRun.Run(comm => Distributed(comm, net, domain, distributedOptions, parse.GetValue(timings), parse.GetValue(json)));
            }

            var progress = new StderrProgress(p => $"\r  {p.Stage}: {p.Completed:N0} regions, {p.Value:N0} LPs   ");
            LinearRegionResult r = LinearRegionEnumerator.Enumerate(net, domain, options, progress: progress);
            Console.Error.WriteLine();
            if (plotPath is not null)
            {
                RegionsPlots.Regions(r, domain, plotPath, $"{title}: {r.Regions.Count} linear regions");
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    regions = r.Regions.Count, status = StatusWord(r.Status), lps = r.Lp.Solved, seconds = r.Elapsed.TotalSeconds,
                    perLayer = r.RegionsPerLayer, patternDigest = Hex(r.PatternDigest),
                });
                return CliApp.Ok;
            }

            Console.WriteLine($"{r.Regions.Count} linear regions inside {domain} ({StatusWord(r.Status)})");
            Console.WriteLine($"  regions after each hidden layer: {string.Join(", ", r.RegionsPerLayer)}");
            Console.WriteLine($"  neurons stable by bounds: {r.StableByBounds:N0}, split: {r.SplitNeurons:N0}");
            Console.WriteLine($"  {r.Lp.Solved:N0} LPs solved, {r.Lp.Skipped:N0} skipped, {r.Elapsed.TotalSeconds:F3} s");
            if (plotPath is not null)
            {
                Console.WriteLine($"  plot: {plotPath}");
            }

            return CliApp.Ok;
        }));
        return command;
    }

    private static string Hex(ulong digest) => digest.ToString("x16", CultureInfo.InvariantCulture);

    private static int Distributed(MpiCommunicator comm, ReluNetwork net, Box domain, DistributedCensusOptions options, string? timingsPath, bool json)
    {
        (double Latency, double Bandwidth) cost = timingsPath is null ? default : ScalingSimulation.MeasureMessageCost(comm);
        var progress = comm.IsRoot ? new StderrProgress(p => $"\r  {p.Completed:N0} regions, {p.Total:N0} subproblems open, {p.Value:N0} LPs   ") : null;
        RegionCensus? c = DistributedRegionCensus.Run(comm, net, domain, options, progress);
        progress?.Done();
        if (c is null)
        {
            return CliApp.Ok;
        }

        if (timingsPath is not null)
        {
            using var w = new StreamWriter(timingsPath);
            w.WriteLine(FormattableString.Invariant($"# ranks={c.Ranks},latency_s={cost.Latency:R},bytes_per_s={cost.Bandwidth:R}"));
            w.WriteLine("id,parent,seconds,task_bytes,result_bytes");
            foreach (SubproblemTiming t in c.Subproblems.OrderBy(t => t.Id))
            {
                w.WriteLine(FormattableString.Invariant($"{t.Id},{t.Parent},{t.Seconds:R},{t.TaskBytes},{t.ResultBytes}"));
            }
        }

        if (json)
        {
            CliApp.WriteJson(new
            {
                regions = c.Regions, status = StatusWord(c.Status), lps = c.Lp.Solved, seconds = c.Elapsed.TotalSeconds,
                perLayer = c.RegionsPerLayer, patternDigest = Hex(c.PatternDigest), ranks = c.Ranks, subproblems = c.Subproblems.Count,
            });
            return CliApp.Ok;
        }

        Console.WriteLine($"{c.Regions} linear regions inside {domain} ({StatusWord(c.Status)}; {c.Ranks} MPI ranks{(c.Resumed ? ", resumed" : string.Empty)})");
        Console.WriteLine($"  regions after each hidden layer: {string.Join(", ", c.RegionsPerLayer)}");
        Console.WriteLine($"  neurons stable by bounds: {c.StableByBounds:N0}, split: {c.SplitNeurons:N0}");
        Console.WriteLine($"  {c.Lp.Solved:N0} LPs solved, {c.Lp.Skipped:N0} skipped, {c.Elapsed.TotalSeconds:F3} s, {c.Subproblems.Count:N0} subproblems");
        Console.WriteLine($"  pattern digest: {Hex(c.PatternDigest)}");
        return CliApp.Ok;
    }
}
