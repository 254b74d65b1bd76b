namespace ReluAnalysis.Attribution;

/// <summary>Mean and standard error of a sample.</summary>
/// <param name="Mean">Sample mean.</param>
/// <param name="StandardError">Sample standard deviation (n − 1) over √n; 0 for fewer than two values.</param>
/// <param name="Count">Sample size.</param>
public readonly record struct MeanWithError(double Mean, double StandardError, int Count)
{
    /// <summary>Mean and standard error of <paramref name="values"/>.</summary>
    public static MeanWithError Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (n == 0)
        {
            return new MeanWithError(double.NaN, double.NaN, 0);
        }

        double mean = values.Average();
        if (n == 1)
        {
            return new MeanWithError(mean, 0, 1);
        }

        double ss = values.Sum(v => (v - mean) * (v - mean));
        return new MeanWithError(mean, Math.Sqrt(ss / (n - 1)) / Math.Sqrt(n), n);
    }

    /// <summary>Lower end of the normal 95 % interval, <c>mean − 1.96·se</c>.</summary>
    public double Lower95 => Mean - 1.96 * StandardError;

    /// <summary>Upper end of the normal 95 % interval, <c>mean + 1.96·se</c>.</summary>
    public double Upper95 => Mean + 1.96 * StandardError;

    /// <summary><c>"0.1234 ± 0.0056"</c>.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Mean:F4} ± {StandardError:F4}");
}
