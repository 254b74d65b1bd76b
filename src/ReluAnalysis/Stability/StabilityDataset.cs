using ReluAnalysis.Networks;

namespace ReluAnalysis.Stability;

/// <summary>Noisy samples <c>y_j = f_0(x_j) + ε_j</c> of a target, <c>x_j ~ U[−1, 1]</c> sorted, <c>ε_j ~ N(0, σ²)</c>.</summary>
/// <param name="Target">The target <c>f_0</c>.</param>
/// <param name="X">Inputs in increasing order.</param>
/// <param name="Y">Labels.</param>
/// <param name="Noise">The noise level σ.</param>
public sealed record StabilityDataset(StabilityTarget Target, double[] X, double[] Y, double Noise)
{
    /// <summary>Draws <paramref name="count"/> samples from a seeded generator (same seed, same data).</summary>
    /// <param name="target">The target.</param>
    /// <param name="count">n ≥ 2.</param>
    /// <param name="noise">σ ≥ 0 (finite).</param>
    /// <param name="seed">Seed.</param>
    public static StabilityDataset Generate(StabilityTarget target, int count, double noise, int seed)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be at least 2; found {count}.");
        }

        if (!(noise >= 0.0) || double.IsInfinity(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, $"noise must be a finite number ≥ 0; found {noise}.");
        }

        var rng = new Random(seed);
        var x = new double[count];
        for (int j = 0; j < count; j++)
        {
            x[j] = 2.0 * rng.NextDouble() - 1.0;
        }

        Array.Sort(x);
        var y = new double[count];
        for (int j = 0; j < count; j++)
        {
            y[j] = target.Value(x[j]) + noise * ReluNetwork.Gaussian(rng);
        }

        return new StabilityDataset(target, x, y, noise);
    }
}
