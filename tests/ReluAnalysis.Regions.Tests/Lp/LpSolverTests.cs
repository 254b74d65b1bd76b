using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Tests.Lp;

public class LpSolverTests
{
    [Fact]
    public void SmallLp_OptimalValueAndPoint()
    {
        // max x + y s.t. x + 2y ≤ 4, 3x + y ≤ 6, x, y ≥ 0: optimum (1.6, 1.2), value 2.8.
        var counters = new LpCounters();
        using var lp = new LpSolver(counters);
        int x = lp.AddVariable(0, double.PositiveInfinity);
        int y = lp.AddVariable(0, double.PositiveInfinity);
        int r0 = lp.AddRow(double.NegativeInfinity, 4);
        lp.SetCoefficient(r0, x, 1);
        lp.SetCoefficient(r0, y, 2);
        int r1 = lp.AddRow(double.NegativeInfinity, 6);
        lp.SetCoefficient(r1, x, 3);
        lp.SetCoefficient(r1, y, 1);
        lp.SetObjective(x, 1);
        lp.SetObjective(y, 1);
        lp.SetMaximize(true);
        Assert.Equal(LpStatus.Optimal, lp.Solve());
        Assert.Equal(1.6, lp.Value(x), 9);
        Assert.Equal(1.2, lp.Value(y), 9);
        Assert.Equal(2.8, lp.ObjectiveValue, 9);

        // Incremental change: tighten a row and re-solve on the same model.
        lp.SetRowBounds(r0, double.NegativeInfinity, 2);
        Assert.Equal(LpStatus.Optimal, lp.Solve());
        Assert.Equal(2.0, lp.ObjectiveValue, 9); // x = 2, y = 0 (3x ≤ 6 and x + 2y ≤ 2)
        Assert.Equal(2, counters.Solved);
    }

    [Fact]
    public void InfeasibleAndUnbounded_AreStatuses()
    {
        var counters = new LpCounters();
        using var lp = new LpSolver(counters);
        int x = lp.AddVariable(0, double.PositiveInfinity);
        int r = lp.AddRow(double.NegativeInfinity, -1);
        lp.SetCoefficient(r, x, 1);
        Assert.Equal(LpStatus.Infeasible, lp.Solve());
        lp.SetRowBounds(r, double.NegativeInfinity, double.PositiveInfinity);
        lp.SetObjective(x, 1);
        lp.SetMaximize(true);
        Assert.Equal(LpStatus.Unbounded, lp.Solve());
        Assert.Equal(0, counters.Failed);
    }

    [Fact]
    public void InvalidModel_IsRetriedOnce_ThenAnErrorNotInfeasible()
    {
        var counters = new LpCounters();
        using var lp = new LpSolver(counters);
        int x = lp.AddVariable(0, 1);
        int r = lp.AddRow(double.NegativeInfinity, 1);
        lp.SetCoefficient(r, x, double.NaN);
        lp.SetObjective(x, 1);
        lp.SetMaximize(true);
        Assert.Equal(LpStatus.Error, lp.Solve());
        Assert.Equal(1, counters.Retried);
        Assert.Equal(1, counters.Failed);
    }
}
