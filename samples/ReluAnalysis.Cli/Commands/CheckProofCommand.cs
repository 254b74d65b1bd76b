using System.CommandLine;
using ReluAnalysis.Networks;
using ReluAnalysis.Proofs;

namespace ReluAnalysis.Cli.Commands;

internal static class CheckProofCommand
{
    /// <summary>Exit code of a partial check (some conditions not checked): the "unknown" code of the tool.</summary>
    public const int Partial = 3;

    public static Command Create()
    {
        var network = new Argument<string>("network") { Description = "The network the proof is about (.json, .nnet or .onnx)." };
        var files = new Argument<string[]>("files")
        {
            Description = "With --system: proof.json. Otherwise property.vnnlib proof.json (verification proofs).",
            Arity = new ArgumentArity(1, 2),
        };
        var system = new Option<string?>("--system") { Description = $"Built-in barrier system of a barrier proof: {string.Join(", ", BarrierProofChecker.Systems)}." };
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"valid\", \"status\", \"nodes\", \"leaves\", \"seconds\", \"failure\", \"unchecked\", \"claim\"}." };
        var command = new Command("check-proof", "Re-check a proof file exactly (BigInteger rational arithmetic) with a checker independent of the producers. Exit 0 valid, 1 invalid, 2 bad input, 3 partial (some conditions not checked).")
        {
            network, files, system, json,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            string[] rest = parse.GetValue(files)!;
            string? name = parse.GetValue(system);
            ProofCheckResult r;
            if (name is null)
            {
                if (rest.Length != 2)
                {
                    throw new ArgumentException("check-proof <network> <proof.json> needs --system <name> (barrier proofs); verification proofs take check-proof <network> <property.vnnlib> <proof.json>.");
                }

                r = VerificationProofChecker.CheckFile(NetworkFile.Load(parse.GetValue(network)!), rest[0], rest[1]);
            }
            else
            {
                if (rest.Length != 1)
                {
                    throw new ArgumentException($"with --system, expected one proof file after the network; got {rest.Length} files.");
                }

                if (!BarrierProofChecker.Systems.Contains(name))
                {
                    throw new ArgumentException($"--system \"{name}\": expected one of {string.Join(", ", BarrierProofChecker.Systems)}.");
                }

                r = BarrierProofChecker.CheckFile(NetworkFile.Load(parse.GetValue(network)!), name, rest[0]);
            }

            int exit = r.Status switch
            {
                ProofStatus.Valid => CliApp.Ok,
                ProofStatus.Invalid => CliApp.Negative,
                _ => Partial,
            };
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    valid = r.IsValid,
                    status = r.Status.ToString().ToLowerInvariant(),
                    nodes = r.Nodes,
                    leaves = r.Leaves,
                    seconds = r.Elapsed.TotalSeconds,
                    failure = r.Failure is null ? null : new { node = r.Failure.Node, reason = r.Failure.Reason },
                    @unchecked = r.Unchecked,
                    claim = r.Claim,
                });
                return exit;
            }

            Console.WriteLine(r.Status switch
            {
                ProofStatus.Valid => $"proof valid: {r.Leaves:N0} {(name is null ? "leaves" : "pieces")}, {r.Nodes:N0} {(name is null ? "nodes" : "certificates")} checked exactly ({r.Elapsed.TotalSeconds:F2} s)",
                ProofStatus.Invalid => $"proof INVALID at {r.Failure!.Node}: {r.Failure.Reason} ({r.Nodes:N0} certificates checked, {r.Elapsed.TotalSeconds:F2} s)",
                _ => $"proof PARTIAL: every checked certificate holds ({r.Leaves:N0} pieces, {r.Nodes:N0} certificates, {r.Elapsed.TotalSeconds:F2} s), but not checked:",
            });
            if (r.Status != ProofStatus.Invalid)
            {
                Console.WriteLine($"  claim: {r.Claim}");
            }

            foreach (string u in r.Unchecked)
            {
                Console.WriteLine($"  - {u}");
            }

            return exit;
        }));
        return command;
    }
}
