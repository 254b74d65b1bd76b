using ReluAnalysis.Proofs;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Barrier: the diamond with a stable node (exact answer) and Darboux with the shipped trained barrier, with a picture; both proofs re-checked exactly.</summary>
internal sealed class BarrierTourStep : ITourStep
{
    public string Title => "Barrier: certified invariant sets from shallow ReLU barrier networks";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        BarrierCertificate diamond = BarrierCertifier.Certify(BarrierExamples.DiamondNode(), cancellationToken: cancellationToken);
        output.WriteLine($"   diamond |x1|+|x2|-1 with dx/dt = -x: {diamond.Status}, {diamond.Pieces.Count} pieces (expected 4), area {CliApp.Format(diamond.Volume)} (expected 2)");

        BarrierProblem darboux = BarrierExamples.Darboux();
        BarrierCertificate c = BarrierCertifier.Certify(darboux, BarrierExamples.OptionsFor("darboux"), cancellationToken: cancellationToken);
        string png = Path.Combine(outDir, "barrier-darboux.png");
        Plots.BarrierPlots.Certificate(darboux, c, png, $"Darboux, trained 2-48-1 barrier: {c.Pieces.Count} pieces, area {CliApp.Format(c.Volume)}");
        output.WriteLine($"   Darboux, trained 2-48-1 barrier: {c.Status}, {c.Statistics.RegionsVisited} regions, {c.Pieces.Count} pieces, area {CliApp.Format(c.Volume)}, {c.Statistics.LpsSolved} LPs ({c.Elapsed.TotalSeconds:F1} s); picture {png}");

        // The same verdicts as proofs, re-checked in exact rational arithmetic by the independent checker.
        foreach (var (name, problem, certificate) in new[] { ("diamond-node", BarrierExamples.DiamondNode(), diamond), ("darboux", darboux, c) })
        {
            if (!certificate.IsCertified)
            {
                continue;
            }

            BarrierProof proof = BarrierProofWriter.Create(problem, certificate, name, BarrierExamples.OptionsFor(name), cancellationToken: cancellationToken);
            ProofCheckResult check = BarrierProofChecker.Check(problem.Barrier, name, proof.Json, name, cancellationToken);
            output.WriteLine($"   {name} proof: {proof.Certificates:N0} certificates, {proof.Json.Length / 1024.0:F0} KiB ({proof.Elapsed.TotalSeconds:F1} s); exact check: {check.Status}, {check.Nodes:N0} nodes ({check.Elapsed.TotalSeconds:F1} s)");
        }
    }
}
