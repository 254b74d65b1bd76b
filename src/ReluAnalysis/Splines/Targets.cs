namespace ReluAnalysis.Splines;

/// <summary>
/// The named catalogue of univariate targets on <c>[0, 1]</c> (spec §8), each with exact first and
/// second derivatives: <c>x^2</c>, <c>x^(2/3)</c>, <c>tanh100</c>, <c>gauss100</c>, <c>sin2pi</c>, <c>sqrt</c>.
/// </summary>
public static class Targets
{
    /// <summary>T1, <c>u = x²</c>: regular; uniform knots are optimal, interpolation error <c>1/(√30 N²)</c>.</summary>
    public static TargetFunction Square { get; } = new(
        "x^2", "x^2", x => x * x, x => 2 * x, _ => 2.0);

    /// <summary>
    /// T2, <c>u = x^(2/3)</c>: singular at 0, <c>u'' = −(2/9) x^(−4/3)</c>; equidistributed knots are
    /// <c>(i/N)^(15/7)</c>.
    /// </summary>
    public static TargetFunction TwoThirds { get; } = new(
        "x^(2/3)",
        "x^(2/3)",
        x => Math.Cbrt(x * x),
        x => 2.0 / 3.0 / Math.Cbrt(x),
        x => -2.0 / 9.0 / (x * Math.Cbrt(x)),
        singularPoints: [0.0]);

    /// <summary>T3, <c>u = tanh(100(x − 1/3))</c>: a steep front at 1/3.</summary>
    public static TargetFunction Tanh100 { get; } = new(
        "tanh100",
        "tanh(100(x-1/3))",
        x => Math.Tanh(100 * (x - 1.0 / 3.0)),
        x =>
        {
            double t = Math.Tanh(100 * (x - 1.0 / 3.0));
            return 100 * (1 - t * t);
        },
        x =>
        {
            double t = Math.Tanh(100 * (x - 1.0 / 3.0));
            return -2e4 * t * (1 - t * t);
        },
        densityKinks: [1.0 / 3.0]);

    /// <summary>T4, <c>u = exp(−100(x − 1/2)²)</c>: a narrow bump.</summary>
    public static TargetFunction Gauss100 { get; } = new(
        "gauss100",
        "exp(-100(x-1/2)^2)",
        x => Math.Exp(-100 * (x - 0.5) * (x - 0.5)),
        x => -200 * (x - 0.5) * Math.Exp(-100 * (x - 0.5) * (x - 0.5)),
        x => (-200 + 4e4 * (x - 0.5) * (x - 0.5)) * Math.Exp(-100 * (x - 0.5) * (x - 0.5)),
        densityKinks: [0.5 - Math.Sqrt(0.005), 0.5 + Math.Sqrt(0.005)]);

    /// <summary><c>u = sin(2πx)</c>.</summary>
    public static TargetFunction Sin2Pi { get; } = new(
        "sin2pi",
        "sin(2 pi x)",
        x => Math.Sin(2 * Math.PI * x),
        x => 2 * Math.PI * Math.Cos(2 * Math.PI * x),
        x => -4 * Math.PI * Math.PI * Math.Sin(2 * Math.PI * x),
        densityKinks: [0.0, 0.5, 1.0]);

    /// <summary><c>u = √x</c>: singular at 0, <c>u'' = −x^(−3/2)/4</c>.</summary>
    public static TargetFunction Sqrt { get; } = new(
        "sqrt",
        "x^(1/2)",
        Math.Sqrt,
        x => 0.5 / Math.Sqrt(x),
        x => -0.25 / (x * Math.Sqrt(x)),
        singularPoints: [0.0]);

    /// <summary>Every catalogue entry.</summary>
    public static IReadOnlyList<TargetFunction> All { get; } = [Square, TwoThirds, Tanh100, Gauss100, Sin2Pi, Sqrt];

    /// <summary>Looks a target up by name (case-insensitive; <c>x^2/3</c>, <c>x23</c> and <c>tanh</c> are accepted aliases).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the catalogue.</exception>
    public static TargetFunction Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string key = name.Trim().ToLowerInvariant();
        key = key switch
        {
            "x^2/3" or "x23" or "x^(2/3)" or "twothirds" => "x^(2/3)",
            "tanh" or "tanh100" or "tanh(100(x-1/3))" => "tanh100",
            "x2" or "x^2" or "square" => "x^2",
            "gauss" or "gauss100" => "gauss100",
            "sin" or "sin2pi" => "sin2pi",
            "sqrt" or "x^(1/2)" => "sqrt",
            _ => key,
        };
        foreach (TargetFunction t in All)
        {
            if (t.Name == key)
            {
                return t;
            }
        }

        throw new ArgumentException($"target '{name}' is not in the catalogue; expected one of {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));
    }
}
