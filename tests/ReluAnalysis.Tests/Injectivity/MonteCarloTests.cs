using ReluAnalysis.Injectivity;

namespace ReluAnalysis.Tests.Injectivity;

public class MonteCarloTests
{
    [Theory]
    [InlineData(3, 15, 1000, 0.703)]
    [InlineData(4, 20, 500, 0.564)]
    [InlineData(2, 8, 2000, 0.627)]
    public void FiniteSizeTable_ReproducedWithinThreeStandardErrors(int n, int m, int trials, double reference)
    {
        var estimate = InjectivityMonteCarlo.Estimate(n, m, new MonteCarloOptions { Trials = trials, Seed = 2024 });
        Assert.Equal(trials, estimate.Injective + estimate.NotInjective + estimate.Degenerate);
        Assert.Equal(trials, estimate.Trials);
        Assert.Equal(0, estimate.Degenerate);
        double referenceSe = Math.Sqrt(reference * (1 - reference) / trials);
        double combined = Math.Sqrt(referenceSe * referenceSe + estimate.StandardError * estimate.StandardError);
        Assert.True(Math.Abs(estimate.Probability - reference) <= 3 * combined, $"P̂ = {estimate.Probability} vs {reference} ± {3 * combined}");
        Assert.True(estimate.WilsonLower < estimate.Probability && estimate.Probability < estimate.WilsonUpper);
    }

    [Fact]
    public void Estimate_IndependentOfThreadCount()
    {
        var one = InjectivityMonteCarlo.Estimate(3, 12, new MonteCarloOptions { Trials = 200, Seed = 5, MaxDegreeOfParallelism = 1 });
        var two = InjectivityMonteCarlo.Estimate(3, 12, new MonteCarloOptions { Trials = 200, Seed = 5, MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Injective, two.Injective);
        Assert.Equal(one.NotInjective, two.NotInjective);
    }

    [Fact]
    public void Wilson_KnownValues()
    {
        // 50 of 100: centre 0.5, half-width z·√(0.25/100 + z²/40000)/(1 + z²/100).
        var (lo, hi) = InjectivityMonteCarlo.Wilson(50, 100);
        Assert.Equal(0.40383, lo, 1e-4);
        Assert.Equal(0.59617, hi, 1e-4);
        var (lo0, hi0) = InjectivityMonteCarlo.Wilson(0, 20);
        Assert.Equal(0.0, lo0, 1e-12);
        Assert.Equal(0.16113, hi0, 1e-4);
    }

    [Fact]
    public void Curve_IsMonotoneInTrend_AndCancellable()
    {
        var curve = InjectivityMonteCarlo.Curve(2, [2.0, 4.0, 8.0], new MonteCarloOptions { Trials = 400 });
        Assert.Equal(0.0, curve[0].Probability);
        Assert.True(curve[1].Probability < curve[2].Probability);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => InjectivityMonteCarlo.Estimate(3, 12, new MonteCarloOptions { Trials = 100 }, null, cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => InjectivityMonteCarlo.Curve(3, [4.0], new MonteCarloOptions { Trials = 100 }, null, cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => DeepInjectivityChecker.Estimate([2, 4, 6], new MonteCarloOptions { Trials = 10 }, null, cts.Token));
    }

    [Fact]
    public void Every_degree_of_parallelism_gives_the_same_estimate_and_progress_counts_every_trial()
    {
        var reports = new List<OperationProgress>();
        var progress = new SynchronousProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        });
        var one = InjectivityMonteCarlo.Estimate(3, 12, new MonteCarloOptions { Trials = 60, MaxDegreeOfParallelism = 1 });
        foreach (int threads in new[] { 0, -1, 2 })
        {
            var other = InjectivityMonteCarlo.Estimate(3, 12, new MonteCarloOptions { Trials = 60, MaxDegreeOfParallelism = threads }, threads == 0 ? progress : null);
            Assert.Equal(one with { Elapsed = TimeSpan.Zero }, other with { Elapsed = TimeSpan.Zero });
        }

        Assert.Equal(60, reports.Count);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), reports.Select(r => r.Completed).Order());
        Assert.All(reports, r => Assert.Equal(("trials", 60L), (r.Stage, r.Total!.Value)));
    }
}
