namespace ReluAnalysis.Networks;

/// <summary>
/// The input/output normalisation carried by a <c>.nnet</c> file. It is metadata: the library never
/// applies it silently. <see cref="NormalizeInput"/> computes <c>x̂_i = (clamp(x_i, min_i, max_i) − mean_i) / range_i</c>
/// and <see cref="DenormalizeOutput"/> computes <c>y_j = z_j · OutputRange + OutputMean</c>.
/// </summary>
/// <param name="Minimums">Per-input lower clamp.</param>
/// <param name="Maximums">Per-input upper clamp.</param>
/// <param name="Means">Per-input mean.</param>
/// <param name="Ranges">Per-input range (divisor).</param>
/// <param name="OutputMean">The single mean shared by all outputs.</param>
/// <param name="OutputRange">The single range shared by all outputs.</param>
public sealed record InputNormalization(
    IReadOnlyList<double> Minimums,
    IReadOnlyList<double> Maximums,
    IReadOnlyList<double> Means,
    IReadOnlyList<double> Ranges,
    double OutputMean,
    double OutputRange)
{
    /// <summary>The identity normalisation for <paramref name="inputs"/> inputs (no clamping).</summary>
    public static InputNormalization Identity(int inputs) => new(
        Enumerable.Repeat(double.NegativeInfinity, inputs).ToArray(),
        Enumerable.Repeat(double.PositiveInfinity, inputs).ToArray(),
        new double[inputs],
        Enumerable.Repeat(1.0, inputs).ToArray(),
        0.0,
        1.0);

    /// <summary>Writes the clamped and normalised input into <paramref name="destination"/>.</summary>
    public void NormalizeInput(ReadOnlySpan<double> x, Span<double> destination)
    {
        Guard.Length(x.Length, Means.Count, nameof(x));
        Guard.MinLength(destination.Length, x.Length, nameof(destination));
        for (int i = 0; i < x.Length; i++)
        {
            double clamped = Math.Min(Math.Max(x[i], Minimums[i]), Maximums[i]);
            destination[i] = (clamped - Means[i]) / Ranges[i];
        }
    }

    /// <summary>Maps raw network outputs <c>z</c> to <c>z · OutputRange + OutputMean</c> in place.</summary>
    public void DenormalizeOutput(Span<double> z)
    {
        for (int j = 0; j < z.Length; j++)
        {
            z[j] = z[j] * OutputRange + OutputMean;
        }
    }

    /// <inheritdoc />
    public bool Equals(InputNormalization? other) =>
        other is not null
        && Minimums.SequenceEqual(other.Minimums) && Maximums.SequenceEqual(other.Maximums)
        && Means.SequenceEqual(other.Means) && Ranges.SequenceEqual(other.Ranges)
        && OutputMean.Equals(other.OutputMean) && OutputRange.Equals(other.OutputRange);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Means.Count, OutputMean, OutputRange);
}
