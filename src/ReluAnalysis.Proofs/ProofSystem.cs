namespace ReluAnalysis.Proofs;

/// <summary>
/// The checker's own definitions of the built-in barrier systems (written out again here on purpose: the checker
/// shares no code with the certifier). Continuous time <c>ẋ = f(x)</c> on a box; unsafe polytopes <c>{a·x ≤ b}</c>.
/// </summary>
internal sealed record ProofSystem(
    string Name,
    double[] Lower,
    double[] Upper,
    double[][][] UnsafePolytopes,
    string? NonPolyhedralUnsafe,
    double[]? AffineMatrix,
    double[]? AffineOffset,
    string? PolynomialField,
    bool DomainContained)
{
    /// <summary>Exact natural interval extension of a polynomial field (the same expression forms as the certifier's, so never looser).</summary>
    public Func<ExactInterval[], ExactInterval[]>? FieldBound { get; init; }

    /// <summary>Exact interval extension of <c>h</c> for a non-polyhedral unsafe set <c>{h ≤ 0}</c>.</summary>
    public Func<ExactInterval[], ExactInterval>? UnsafeBound { get; init; }

    public int Dimension => Lower.Length;

    /// <summary>The built-in names known to the checker.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["diamond-node", "diamond-rotation", "polynorm-4", "polynorm-8", "polynorm-16", "two-diamonds", "unsafe-overlap", "darboux", "skew3"];

    private static Rational Two => Rational.FromInteger(2);

    public static ProofSystem ByName(string name)
    {
        double[] square = [-2.0, -2.0];
        double[] squareHi = [2.0, 2.0];
        double[][][] x1From(double v) => [[[-1.0, 0.0, -v]]];
        return name switch
        {
            "diamond-node" => new(name, square, squareHi, x1From(1.5), null, [-1, 0, 0, -1], [0, 0], null, true),
            "diamond-rotation" => new(name, square, squareHi, x1From(1.5), null, [0, 1, -1, 0], [0, 0], null, true),
            "unsafe-overlap" => new(name, square, squareHi, x1From(0.5), null, [-1, 0, 0, -1], [0, 0], null, true),
            "polynorm-4" or "polynorm-8" or "polynorm-16" => new(name, square, squareHi, [], null, [-1, 2, -2, -1], [0, 0], null, true),
            "two-diamonds" => new(name, [-4.0, -2.0], [4.0, 2.0], [], null, [-1, 0, 0, -1], [2, 0], null, true),
            "darboux" => new(name, square, squareHi, [], "x1 + x2^2 <= 0", null, null, "x1' = x2 + 2 x1 x2, x2' = -x1 + 2 x1^2 - x2^2", false)
            {
                FieldBound = b => [b[1] + Two * (b[0] * b[1]), -b[0] + Two * b[0].Square() - b[1].Square()],
                UnsafeBound = b => b[0] + b[1].Square(),
            },
            "skew3" => new(name, [-2.0, -2.0, -2.0], [2.0, 2.0, 2.0], [[[-1.0, 0.0, 0.0, -1.2]]], null, null, null, "x1' = -x1 + x2 x3, x2' = -x2 - x1 x3, x3' = -x3", true)
            {
                FieldBound = b => [-b[0] + b[1] * b[2], -b[1] - b[0] * b[2], -b[2]],
            },
            _ => throw new ArgumentException($"system \"{name}\" is unknown to the proof checker; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
