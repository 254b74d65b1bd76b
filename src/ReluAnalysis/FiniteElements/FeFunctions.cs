namespace ReluAnalysis.FiniteElements;

/// <summary>Named test functions on [0, 1]^d (d = 1, 2) for the finite-element interpolants.</summary>
public static class FeFunctions
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sinsin", "peak", "linear"];

    /// <summary>
    /// The named function: <c>sinsin</c> = sin(πx)·sin(πy) (1-D: sin(πx)); <c>peak</c> = exp(−20‖x − c‖²), c = (0.5, 0.5)
    /// (a smooth bump); <c>linear</c> = 1 + 2x − y (1-D: 1 + 2x), reproduced exactly by P1 and DG-P1.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static Func<double[], double> Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "sinsin" => x => x.Length == 1 ? Math.Sin(Math.PI * x[0]) : Math.Sin(Math.PI * x[0]) * Math.Sin(Math.PI * x[1]),
            "peak" => x =>
            {
                double r2 = 0;
                foreach (double v in x)
                {
                    r2 += (v - 0.5) * (v - 0.5);
                }

                return Math.Exp(-20 * r2);
            },
            "linear" => x => x.Length == 1 ? 1 + 2 * x[0] : 1 + 2 * x[0] - x[1],
            _ => throw new ArgumentException($"function \"{name}\" is unknown; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
