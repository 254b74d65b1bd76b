using ReluAnalysis.Regions.Barrier;
using ReluAnalysis.Regions.Lp;
using Xunit.Abstractions;

namespace ReluAnalysis.Proofs.Tests;

public class DebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        BarrierProblem p = BarrierExamples.ByName("polynorm-4");
        BarrierCertificate c = BarrierCertifier.Certify(p, BarrierExamples.OptionsFor("polynorm-4"));
        var piece = c.Pieces[0];
        var normals = new List<double>();
        var offs = new List<double>();
        foreach (var h in piece.Polytope.HalfSpaces)
        {
            double norm = Math.Sqrt(h.Normal.ToArray().Sum(v => v * v));
            normals.AddRange(h.Normal.ToArray().Select(v => v / norm));
            offs.Add(h.Offset / norm);
        }

        using var lp = new PieceLp(2, normals.ToArray(), offs.ToArray(), new LpCounters());
        var r = lp.Separate([-1.0, 0.0], [-2.0]);
        output.WriteLine($"{r.Status} {r.Gap} {string.Join(",", r.X)} {string.Join(",", r.Duals)}");
        r = lp.Separate([], []);
        output.WriteLine($"{r.Status} {r.Gap} {string.Join(",", r.X)} {string.Join(",", r.Duals)}");
        r = lp.Separate([1.0, 0.0], [-2.0]);
        output.WriteLine($"{r.Status} {r.Gap} {string.Join(",", r.X)} {string.Join(",", r.Duals)}");
    }
}
