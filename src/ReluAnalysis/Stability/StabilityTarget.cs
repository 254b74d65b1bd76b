namespace ReluAnalysis.Stability;

/// <summary>A named univariate regression target <c>f_0</c> on <c>[−1, 1]</c> for the stability experiments.</summary>
/// <param name="Name">Catalogue name (for example <c>sin</c>).</param>
/// <param name="Description">Formula in words.</param>
/// <param name="Value"><c>f_0(x)</c>.</param>
public sealed record StabilityTarget(string Name, string Description, Func<double, double> Value);
