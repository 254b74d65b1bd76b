using System.CommandLine;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Cli.Commands;

internal static class CertifyCommand
{
    public static string StatusWord(BarrierStatus status) => status == BarrierStatus.Certified ? "certified" : "not-certified";

    public static Command Create()
    {
        var system = new Option<string>("--system") { Description = $"Built-in system: {string.Join(", ", BarrierExamples.Names)}.", Required = true };
        var barrier = new Option<string?>("--barrier") { Description = "Barrier network file (.json, .nnet or .onnx; shallow, one output) replacing the built-in one." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"status\", \"pieces\":[{\"pattern\",\"A\",\"b\"}], \"regions\", \"lps\", \"volume\", \"seconds\", …}." };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG (2-D systems): domain, unsafe set, uncertified cells, certified pieces, trajectories." };
        var shrink = new Option<bool>("--shrink") { Description = "On failure, certify the component of {B <= -c} for a bisected level c." };
        var stop = new Option<bool>("--stop-at-first-failure") { Description = "End the region search at the first failed check." };
        var cells = new Option<int?>("--cells") { Description = "Stage-1 grid cells per axis (1..1024, default 16)." }.InRange(1, 1024);
        var threads = new Option<int?>("--threads") { Description = "Worker threads (1..256; default all cores)." }.InRange(1, 256);
        var proof = new Option<string?>("--proof") { Description = "When certified, write a proof file (relu-barrier-proof v1) for `relu check-proof`." }.OutputFile();
        var saveBarrier = new Option<string?>("--save-barrier") { Description = "Write the barrier network used (.json or .nnet) so that `relu check-proof` can be given it." }.OutputFile();
        var mpi = MpiRun.Option("stage 1's cells and stage 2's regions, level by level");
        var command = new Command("certify", "Certify a forward-invariant set on which a shallow ReLU barrier network is provably a barrier.")
        {
            system, barrier, json, plot, shrink, stop, cells, threads, proof, saveBarrier, mpi,
        };
        command.SetAction(parse => CliApp.Run(parse, () => MpiRun.Jobs(parse.GetValue(mpi), (runner, root) =>
        {
            string name = parse.GetValue(system)!;
            if (!BarrierExamples.Names.Contains(name))
            {
                throw new ArgumentException($"--system \"{name}\": expected one of {string.Join(", ", BarrierExamples.Names)}.");
            }

            int? cellCount = parse.GetValue(cells);
            int? threadCount = parse.GetValue(threads);

            ReluNetwork? net = parse.GetValue(barrier) is { } file ? NetworkFile.Load(file) : null;
            BarrierProblem problem = BarrierExamples.ByName(name, net);
            string? plotPath = parse.GetValue(plot);
            if (plotPath is not null && problem.Dimension != 2)
            {
                throw new ArgumentException($"--plot needs a 2-D system; \"{name}\" has dimension {problem.Dimension}.");
            }

            BarrierOptions options = BarrierExamples.OptionsFor(name) with
            {
                FailurePolicy = parse.GetValue(shrink) ? BarrierFailurePolicy.Shrink : BarrierFailurePolicy.Reject,
                StopAtFirstFailure = parse.GetValue(stop),
                CellsPerAxis = cellCount ?? 16,
                MaxDegreeOfParallelism = threadCount ?? 0,
                JobRunner = runner,
            };
            BarrierCertificate c = BarrierCertifier.Certify(problem, options);
            if (!root)
            {
                return c.IsCertified ? CliApp.Ok : CliApp.Negative;
            }

            if (parse.GetValue(saveBarrier) is { } barrierPath)
            {
                NetworkFile.Save(problem.Barrier, barrierPath);
            }

            BarrierProof? written = null;
            if (parse.GetValue(proof) is { } proofPath)
            {
                if (c.IsCertified)
                {
                    written = BarrierProofWriter.Create(problem, c, name, options, options.MaxDegreeOfParallelism);
                    written.Save(proofPath);
                    if (!written.IsComplete)
                    {
                        Console.Error.WriteLine($"relu: the proof in {proofPath} is incomplete ({written.Gaps.Count} conditions without a certificate; first: {written.Gaps[0]}); the checker will reject it.");
                    }
                }
                else
                {
                    Console.Error.WriteLine($"relu: not certified, so no proof was written to {proofPath}.");
                }
            }
            if (plotPath is not null)
            {
                BarrierPlots.Certificate(problem, c, plotPath, $"{name}: {StatusWord(c.Status)}, {c.Pieces.Count} pieces, area {CliApp.Format(c.Volume)}");
            }

            int exit = c.IsCertified ? CliApp.Ok : CliApp.Negative;
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    status = StatusWord(c.Status),
                    reason = c.Reason,
                    verdict = c.Status.ToString(),
                    witness = c.Witness,
                    level = c.Level,
                    pieces = c.Pieces.Select(p => new
                    {
                        pattern = p.Pattern,
                        A = p.Polytope.HalfSpaces.Select(h => h.Normal.ToArray()).ToArray(),
                        b = p.Polytope.HalfSpaces.Select(h => h.Offset).ToArray(),
                    }).ToArray(),
                    regions = c.Statistics.RegionsVisited,
                    lps = c.Statistics.LpsSolved,
                    lpsSkipped = c.Statistics.LpsSkipped,
                    cells = c.Statistics.Cells,
                    uncertifiedCells = c.Statistics.UncertifiedCells,
                    volume = c.Volume,
                    volumeExact = c.VolumeIsExact,
                    initialSetCovered = c.InitialSetCovered,
                    seconds = c.Elapsed.TotalSeconds,
                    proof = written is null ? null : new
                    {
                        pieces = written.Pieces,
                        certificates = written.Certificates,
                        lps = written.LpsSolved,
                        complete = written.IsComplete,
                        bytes = System.Text.Encoding.UTF8.GetByteCount(written.Json),
                        seconds = written.Elapsed.TotalSeconds,
                    },
                });
                return exit;
            }

            BarrierStatistics s = c.Statistics;
            Console.WriteLine($"{name} ({problem.System.Name}, barrier {problem.Barrier.InputDimension}-{problem.Barrier.HiddenSizes[0]}-1): {StatusWord(c.Status)} ({c.Status})");
            Console.WriteLine($"  {c.Reason}");
            if (c.Witness is not null)
            {
                Console.WriteLine($"  witness: ({string.Join(", ", c.Witness.Select(CliApp.Format))})");
            }

            Console.WriteLine($"  stage 1: {s.Cells:N0} cells, {s.CertifiedFraction:P1} of the domain certified non-increasing, {s.UncertifiedCells:N0} uncertified cells ({s.Stage1Elapsed.TotalSeconds:F2} s)");
            Console.WriteLine($"  stage 2: {s.RegionsVisited:N0} regions visited, {c.Pieces.Count:N0} pieces, {s.LpsSolved:N0} LPs, {s.LpsSkipped:N0} skipped ({s.Stage2Elapsed.TotalSeconds:F2} s)");
            if (c.IsCertified)
            {
                Console.WriteLine($"  volume {CliApp.Format(c.Volume)} ({(c.VolumeIsExact ? "exact" : "Monte Carlo")}){(c.Level != 0 ? $", level {CliApp.Format(c.Level)}" : string.Empty)}{(c.InitialSetCovered is { } cov ? $", initial set inside: {(cov ? "proved" : "not proved")}" : string.Empty)}");
            }

            if (written is not null)
            {
                Console.WriteLine($"  proof: {written.Pieces:N0} pieces, {written.Certificates:N0} certificates, {written.LpsSolved:N0} LPs, {System.Text.Encoding.UTF8.GetByteCount(written.Json):N0} bytes ({written.Elapsed.TotalSeconds:F2} s){(written.IsComplete ? string.Empty : ", INCOMPLETE")}");
            }

            Console.WriteLine($"  {c.Elapsed.TotalSeconds:F2} s{(plotPath is not null ? $"; plot {plotPath}" : string.Empty)}");
            return exit;
        })));
        return command;
    }
}
