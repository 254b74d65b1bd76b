using System.Globalization;
using ReluAnalysis.Cli.Commands;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.Splines;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Free knot splines: x^(2/3) at N = 32 by equidistribution, the two-level FKS and preconditioned vs plain ReLU training.</summary>
internal sealed class FksTourStep : ITourStep
{
    public string Title => "Splines: x^(2/3) on [0, 1] with N = 32 (equidistribution vs plain Adam)";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        TargetFunction t = Targets.TwoThirds;
        const int n = 32;
        double sigma = Equidistribution.Knots(t, 1).Sigma;
        output.WriteLine($"   optimal density |u''|^(2/5): sigma = {sigma.ToString("F6", inv)}, predicted interpolation error {(Math.Pow(sigma, 2.5) / Math.Sqrt(120) / n / n).ToString("E3", inv)}");
        foreach (string m in new[] { "interp", "fks", "relu-precond", "relu-equi", "relu-adam" })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (spline, _, seconds) = FksCommand.Fit(t, n, m, 1, null);
            output.WriteLine($"   {m,-13} L2 error {SplineError.L2(spline, t).ToString("E3", inv)}   {seconds.ToString("F2", inv)} s");
            if (m == "relu-precond")
            {
                string path = Path.Combine(outDir, "fks_x23_n32.png");
                FksPlots.FitAndConvergence(path, t, spline, m, FksCommand.Convergence(t, [8, 16, 32, 64, 128, 256]));
                output.WriteLine($"   plot: {path}");
            }
        }

        ConditioningRow[] rows = SplineConditioning.UniformTable([16, 32, 64]);
        output.WriteLine($"   cond(ReLU Gram) N=16/32/64: {string.Join(" / ", rows.Select(r => r.ReluGram.ToString("E2", inv)))}; cond(hat Gram) {string.Join(" / ", rows.Select(r => r.HatGram.ToString("F2", inv)))}");
    }
}
