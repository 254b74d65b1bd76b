namespace ReluAnalysis.Injectivity;

/// <summary>Settings of <see cref="InjectivityMonteCarlo"/>.</summary>
public sealed record MonteCarloOptions
{
    /// <summary>Number of independent Gaussian instances per point. Default 1000.</summary>
    public int Trials { get; init; } = 1000;

    /// <summary>Master seed; trial t draws its instance from its own stream derived from (seed, t). Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Worker threads over trials (each check runs sequentially): a positive value is that many threads, zero or negative means all cores. Default −1.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Relative sign tolerance of the checker. Default 1e-12.</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>
    /// Runs the trials elsewhere, e.g. over MPI ranks (<c>DistributedJobs.TrialRunner</c> of ReluAnalysis.Mpi): called with
    /// the trial count, the trial function and the cancellation token, it returns the verdict of every trial
    /// t = 0 … Trials − 1 in trial order. A trial's verdict depends on t alone, so any runner gives the estimate of the
    /// threaded run. No per-trial progress is reported through it. Default null: threads in this process.
    /// </summary>
    public Func<int, Func<int, InjectivityStatus>, CancellationToken, InjectivityStatus[]>? TrialRunner { get; init; }

    internal void Validate()
    {
        Guard.Positive(Trials, nameof(Trials));
        new InjectivityCheckOptions { Tolerance = Tolerance, MaxDegreeOfParallelism = MaxDegreeOfParallelism }.Validate();
    }
}
