using ReluAnalysis.Injectivity;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Injectivity capacity: the three RDT levels, and one exact finite-size Monte Carlo point.</summary>
internal sealed class InjectivityTourStep : ITourStep
{
    public string Title => "Injectivity capacity of Gaussian ReLU layers: RDT levels 1-3 and an exact Monte Carlo point";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("   " + Commands.InjectivityCommand.Describe(RdtCapacity.Threshold(RdtLevel.Plain)));
        output.WriteLine("   " + Commands.InjectivityCommand.Describe(RdtCapacity.Threshold(RdtLevel.Second, null, cancellationToken)));

        // Level 3 at a reduced 60 x 40 grid so the tour stays fast; `relu injectivity rdt --level 3` uses 120 x 120.
        output.WriteLine("   " + Commands.InjectivityCommand.Describe(RdtCapacity.Threshold(RdtLevel.Third, new RdtOptions { QuadratureNodes = 60, InnerQuadratureNodes = 40 }, cancellationToken)));
        output.WriteLine("   (literature full-RSB value, Maillard et al.: 6.698; Euler-characteristic prediction 8.34 is wrong)");

        var e = InjectivityMonteCarlo.Estimate(3, 15, new MonteCarloOptions { Trials = 1000, Seed = 1 }, null, cancellationToken);
        output.WriteLine($"   exact checker, n = 3, m = 15: P(injective) = {e.Probability:F3} ± {e.StandardError:F3} over {e.Trials} Gaussian instances (spec table: 0.703)");

        double[] alphas = [3, 4, 5, 6, 7, 8, 10];
        var curves = new List<(int N, InjectivityEstimate[] Points)>();
        foreach (int n in new[] { 2, 3 })
        {
            curves.Add((n, InjectivityMonteCarlo.Curve(n, alphas, new MonteCarloOptions { Trials = 300, Seed = 1 }, null, cancellationToken)));
        }

        string png = Path.Combine(outDir, "injectivity_curve.png");
        Commands.InjectivityCommand.PlotCurves(png, curves, [RdtCapacity.Threshold(RdtLevel.Plain), RdtCapacity.Threshold(RdtLevel.Second, null, cancellationToken)]);
        output.WriteLine($"   P(injective) for n = 2, 3 at alpha = 3..10 (300 instances each) with RDT thresholds: {png}");
    }
}
