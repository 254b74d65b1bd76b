using System.Diagnostics;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Benchmarks.Barrier;

/// <summary>
/// The scalability sweep as one stopwatch pass per configuration (not BenchmarkDotNet: the large cases take
/// seconds each). Run: <c>dotnet run -c Release --project benchmarks/ReluAnalysis.Benchmarks -- --barrier-sweep</c>.
/// Prints a Markdown table: regions visited by the sublevel search, pieces, LPs, stage-2 seconds, against the full
/// arrangement enumeration of the same hyperplanes in the domain, and whether region counts agree across two runs
/// and 1 vs 2 threads.
/// </summary>
public static class BarrierSweep
{
    public static void Run(TextWriter output)
    {
        output.WriteLine("| n | N | bound Σ C(N,i) | regions visited | pieces | verdict | LPs, both stages (skipped) | stage 2 s | full arrangement cells | full LPs | full s | identical (runs, 1 vs 2 threads) |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (n, widths) in new[] { (2, new[] { 8, 16, 32, 64, 128 }), (3, new[] { 8, 16, 32 }), (4, new[] { 8, 16, 32 }) })
        {
            foreach (int width in widths)
            {
                BarrierProblem p = BarrierSweepInstances.Create(n, width);
                BarrierCertificate one = BarrierCertifier.Certify(p, BarrierSweepInstances.Options(n, 1));
                BarrierCertificate two = BarrierCertifier.Certify(p, BarrierSweepInstances.Options(n, 2));
                BarrierCertificate again = BarrierCertifier.Certify(p, BarrierSweepInstances.Options(n, 2));
                bool same = one.Statistics.RegionsVisited == two.Statistics.RegionsVisited && two.Statistics.RegionsVisited == again.Statistics.RegionsVisited
                    && one.Pieces.Select(q => q.Pattern).SequenceEqual(two.Pieces.Select(q => q.Pattern))
                    && one.Status == two.Status;

                // Stage-2 LPs: total minus a stage-1-only run's LPs.
                var clock = Stopwatch.StartNew();
                var hidden = p.Barrier.Layers[0];
                ArrangementResult full = ArrangementEnumerator.Enumerate(
                    new HyperplaneArrangement(n, hidden.Weights, hidden.Bias), p.Domain, new ArrangementOptions { MaxDegreeOfParallelism = 2 });
                double fullSeconds = clock.Elapsed.TotalSeconds;
                long bound = 0;
                for (int i = 0; i <= n; i++)
                {
                    bound += Choose(width, i);
                }

                output.WriteLine($"| {n} | {width} | {bound:N0} | {two.Statistics.RegionsVisited:N0} | {two.Pieces.Count:N0} | {two.Status} | {two.Statistics.LpsSolved:N0} ({two.Statistics.LpsSkipped:N0}) | {two.Statistics.Stage2Elapsed.TotalSeconds:F2} | {full.Cells.Count:N0} | {full.Lp.Solved:N0} | {fullSeconds:F2} | {(same ? "yes" : "NO")} |");
            }
        }
    }

    private static long Choose(int n, int k)
    {
        long r = 1;
        for (int i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
        }

        return r;
    }
}
