namespace ReluAnalysis.Mpi.Tests;

/// <summary>The makespan replay against schedules worked out by hand.</summary>
public sealed class ScalingSimulationTests
{
    private static SubproblemTiming T(long id, long parent, double seconds, int bytes = 0) => new(id, parent, seconds, bytes, bytes);

    [Fact]
    public void IndependentEqualTasks_TakeCeilingOfTasksOverRanksRounds()
    {
        SubproblemTiming[] tasks = [.. Enumerable.Range(0, 10).Select(i => T(i, -1, 1.0))];
        Assert.Equal(10.0, ScalingSimulation.Makespan(tasks, 1, 0, 1e9), 12);
        Assert.Equal(4.0, ScalingSimulation.Makespan(tasks, 3, 0, 1e9), 12);
        Assert.Equal(1.0, ScalingSimulation.Makespan(tasks, 64, 0, 1e9), 12);
    }

    [Fact]
    public void AChainOfSplits_IsNotShortenedByMoreRanks()
    {
        // Root (2 s) hands back two pieces (1 s, 3 s); the 3 s piece hands back one more (0.5 s): critical path 2 + 3 + 0.5.
        SubproblemTiming[] tasks = [T(0, -1, 2), T(1, 0, 1), T(2, 0, 3), T(3, 2, 0.5)];
        Assert.Equal(6.5, ScalingSimulation.Makespan(tasks, 1, 0, 1e9), 12);
        Assert.Equal(5.5, ScalingSimulation.Makespan(tasks, 2, 0, 1e9), 12);
        Assert.Equal(5.5, ScalingSimulation.Makespan(tasks, 100, 0, 1e9), 12);
    }

    [Fact]
    public void Messages_AddLatencyBothWaysAndBytesAtTheDispatcher()
    {
        // One task: send 1,000 B (1 ms at 1 MB/s), latency 0.1 s, compute 1 s, latency 0.1 s, receive 1,000 B (1 ms).
        Assert.Equal(1.202, ScalingSimulation.Makespan([T(0, -1, 1.0, 1000)], 4, 0.1, 1e6), 12);
    }

    [Fact]
    public void BadArguments_NameTheParameter()
    {
        Assert.Equal("ranks", Assert.Throws<ArgumentOutOfRangeException>(() => ScalingSimulation.Makespan([], 0, 0, 1)).ParamName);
        Assert.Contains("expected latency ≥ 0 and bandwidth > 0", Assert.Throws<ArgumentException>(() => ScalingSimulation.Makespan([], 1, -1, 1)).Message);
    }
}
