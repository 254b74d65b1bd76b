using ReluAnalysis.Networks;

namespace ReluAnalysis.Attribution;

/// <summary>
/// A named attribution method <c>(network, x, class) ↦ one score per input component</c>, for evaluations that
/// compare several methods on the same inputs.
/// </summary>
/// <param name="Name">Display name.</param>
/// <param name="Attribute">The method; must be deterministic and thread-safe.</param>
public sealed record AttributionMethod(string Name, Func<ReluNetwork, double[], int, double[]> Attribute)
{
    /// <summary>Pathwise explanation with <paramref name="options"/> (its <see cref="PathwiseOptions.TargetClass"/> is overridden by the evaluated class).</summary>
    public static AttributionMethod Pathwise(PathwiseOptions options, string? name = null) =>
        new(name ?? $"pathwise K={options.Width} D={(options.Depth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all")}",
            (net, x, c) => new PathwiseExplainer(net).Explain(x, options with { TargetClass = c }).Attribution);

    /// <summary>Gradient×Input.</summary>
    public static AttributionMethod GradientTimesInput { get; } = new("gradient×input", (net, x, c) => GradientAttribution.GradientTimesInput(net, x, c));

    /// <summary>Saliency (signed gradient).</summary>
    public static AttributionMethod Saliency { get; } = new("saliency", (net, x, c) => GradientAttribution.Saliency(net, x, c));

    /// <summary>Integrated Gradients, zero baseline, midpoint rule with <paramref name="steps"/> steps.</summary>
    public static AttributionMethod IntegratedGradients(int steps = 64) =>
        new($"IG ({steps} steps)", (net, x, c) => GradientAttribution.IntegratedGradients(net, x, c, null, steps));

    /// <summary>Exact Integrated Gradients, zero baseline.</summary>
    public static AttributionMethod ExactIntegratedGradients { get; } = new("IG (exact)", (net, x, c) => GradientAttribution.IntegratedGradientsExact(net, x, c).Attribution);

    /// <summary>
    /// A random ordering (the floor of every metric): i.i.d. uniform scores from a generator seeded by
    /// <paramref name="seed"/> and the bits of x, so the same input always gets the same order.
    /// </summary>
    public static AttributionMethod Random(int seed) => new("random", (net, x, c) =>
    {
        ulong h = (ulong)seed * 0x9E3779B97F4A7C15UL;
        foreach (double v in x)
        {
            h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(v)) * 0x100000001B3UL;
        }

        var rng = new System.Random((int)(h ^ (h >> 32)));
        var a = new double[x.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextDouble();
        }

        return a;
    });
}
