namespace ReluAnalysis.Stability;

/// <summary>The catalogue of targets for the stability experiments (all of bounded first-order total variation on [−1, 1]).</summary>
public static class StabilityTargets
{
    /// <summary><c>sin(πx)</c>, the default of the experiments.</summary>
    public static StabilityTarget Sin { get; } = new("sin", "sin(pi x)", x => Math.Sin(Math.PI * x));

    /// <summary><c>|x|</c>: one kink at 0, a linear spline with one knot.</summary>
    public static StabilityTarget Abs { get; } = new("abs", "|x|", Math.Abs);

    /// <summary><c>tanh(5x)</c>: a smooth step.</summary>
    public static StabilityTarget SmoothStep { get; } = new("step-smooth", "tanh(5x)", x => Math.Tanh(5.0 * x));

    /// <summary>Every target, in catalogue order.</summary>
    public static IReadOnlyList<StabilityTarget> All { get; } = [Sin, Abs, SmoothStep];

    /// <summary>The target called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static StabilityTarget Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"target \"{name}\" is unknown; expected one of {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));
    }
}
