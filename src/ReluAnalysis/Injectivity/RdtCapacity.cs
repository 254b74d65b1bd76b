namespace ReluAnalysis.Injectivity;

/// <summary>
/// Facade over the three RDT levels for the injectivity capacity of a Gaussian ReLU layer
/// (<see cref="PlainRdt"/>, <see cref="SecondLevelRdt"/>, <see cref="ThirdLevelRdt"/>): threshold,
/// energy at one <c>α</c>, and the energy curve <c>e(α)</c>.
/// </summary>
public static class RdtCapacity
{
    /// <summary>The injectivity threshold <c>α</c> of the given level with its optimal parameters and timing.</summary>
    /// <param name="level">Level of lifting.</param>
    /// <param name="options">Quadrature and tolerance settings; null for defaults (ignored by the plain level).</param>
    /// <param name="cancellationToken">Cancels the lifted solves by throwing <see cref="OperationCanceledException"/>.</param>
    public static RdtThreshold Threshold(RdtLevel level, RdtOptions? options = null, CancellationToken cancellationToken = default) => level switch
    {
        RdtLevel.Plain => PlainRdt.Threshold(),
        RdtLevel.Second => SecondLevelRdt.Threshold(options, cancellationToken),
        RdtLevel.Third => ThirdLevelRdt.Threshold(options, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, $"level must be 1, 2 or 3; found {(int)level}."),
    };

    /// <summary>The ground-state energy lower bound <c>e(α)</c> of the given level, with its maximiser.</summary>
    public static RdtEnergy Energy(RdtLevel level, double alpha, RdtOptions? options = null, CancellationToken cancellationToken = default) => level switch
    {
        RdtLevel.Plain => PlainRdt.Energy(alpha),
        RdtLevel.Second => SecondLevelRdt.Energy(alpha, options, cancellationToken),
        RdtLevel.Third => ThirdLevelRdt.Energy(alpha, options, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, $"level must be 1, 2 or 3; found {(int)level}."),
    };

    /// <summary>The energy curve <c>e(α)</c> at each of <paramref name="alphas"/> (each solved from the level's default start).</summary>
    public static RdtEnergy[] EnergyCurve(RdtLevel level, IReadOnlyList<double> alphas, RdtOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        var curve = new RdtEnergy[alphas.Count];
        for (int i = 0; i < curve.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            curve[i] = Energy(level, alphas[i], options, cancellationToken);
        }

        return curve;
    }
}
