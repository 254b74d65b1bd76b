using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// The hand-checkable cases of specs/barrier.md §7 (barrier networks built in, exact answers known), the Darboux
/// system (§8) and a 3-D system with trained barrier networks shipped as embedded JSON.
/// </summary>
public static class BarrierExamples
{
    /// <summary>The built-in names, as used by <c>relu certify --system</c>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["diamond-node", "diamond-rotation", "polynorm-4", "polynorm-8", "polynorm-16", "two-diamonds", "unsafe-overlap", "darboux", "skew3"];

    /// <summary>The problem called <paramref name="name"/> (see <see cref="Names"/>); <paramref name="barrier"/> replaces the built-in network.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static BarrierProblem ByName(string name, ReluNetwork? barrier = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        BarrierProblem p = name switch
        {
            "diamond-node" => DiamondNode(),
            "diamond-rotation" => DiamondRotation(),
            "polynorm-4" => PolyNorm(4, [-1, 2, -2, -1]),
            "polynorm-8" => PolyNorm(8, [-1, 2, -2, -1]),
            "polynorm-16" => PolyNorm(16, [-1, 2, -2, -1]),
            "two-diamonds" => TwoDiamonds(),
            "unsafe-overlap" => UnsafeOverlap(),
            "darboux" => Darboux(barrier),
            "skew3" => Skew3(barrier),
            _ => throw new ArgumentException($"system \"{name}\" is unknown; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
        return barrier is null ? p : new BarrierProblem(p.System, barrier, p.Domain, p.Unsafe, p.InitialSet, p.Seed);
    }

    /// <summary>Options that suit the named problem (Darboux: the set may reach the domain boundary, cells down to 1/64).</summary>
    public static BarrierOptions OptionsFor(string name) => name == "darboux"
        ? new BarrierOptions { DomainPolicy = BarrierDomainPolicy.ExitAllowed, MinCellWidth = 4.0 / 256 }
        : new BarrierOptions();

    /// <summary>A shallow network <c>Σ_k v_k ReLU(w_k·x + β_k) + b₂</c> from rows <c>(w_k, β_k, v_k)</c>.</summary>
    public static ReluNetwork Shallow(int dimension, IReadOnlyList<double[]> neurons, double outputBias)
    {
        ArgumentNullException.ThrowIfNull(neurons);
        int n = neurons.Count;
        var w = new double[n * dimension];
        var b = new double[n];
        var v = new double[n];
        for (int k = 0; k < n; k++)
        {
            Guard.Length(neurons[k].Length, dimension + 2, nameof(neurons));
            neurons[k].AsSpan(0, dimension).CopyTo(w.AsSpan(k * dimension, dimension));
            b[k] = neurons[k][dimension];
            v[k] = neurons[k][dimension + 1];
        }

        return new ReluNetwork([new DenseLayer(n, dimension, w, b), new DenseLayer(1, n, v, [outputBias])]);
    }

    /// <summary><c>|x₁| + |x₂| − 1</c> as four neurons (two distinct hyperplanes).</summary>
    public static ReluNetwork DiamondNetwork() => Shallow(2, [[1, 0, 0, 1], [-1, 0, 0, 1], [0, 1, 0, 1], [0, -1, 0, 1]], -1);

    /// <summary>Case 1: the diamond with <c>ẋ = −x</c> on <c>[−2, 2]²</c>, unsafe <c>x₁ ≥ 1.5</c>. Certified, 4 triangles, area 2.</summary>
    public static BarrierProblem DiamondNode() => Diamond(BarrierSystem.Affine([-1, 0, 0, -1], name: "dx/dt = -x"), 1.5);

    /// <summary>Case 2: the diamond with the rotation <c>ẋ = (x₂, −x₁)</c>. Fails (boundary not non-increasing).</summary>
    public static BarrierProblem DiamondRotation() => Diamond(BarrierSystem.Affine([0, 1, -1, 0], name: "dx/dt = (x2, -x1)"), 1.5);

    /// <summary>Case 5: case 1 with the unsafe set <c>x₁ ≥ 0.5</c>. Fails (meets unsafe); the shrink policy certifies a level just above 0.5.</summary>
    public static BarrierProblem UnsafeOverlap() => Diamond(BarrierSystem.Affine([-1, 0, 0, -1], name: "dx/dt = -x"), 0.5);

    /// <summary>The diamond with the discrete map <c>x⁺ = a x</c> (spec tests: <c>a = 0.5</c> certified, <c>a = 1.1</c> fails).</summary>
    public static BarrierProblem DiamondDiscrete(double factor) =>
        Diamond(BarrierSystem.Affine([factor, 0, 0, factor], time: DynamicsTime.Discrete, name: $"x+ = {factor} x"), 1.5);

    private static BarrierProblem Diamond(BarrierSystem system, double unsafeFrom) =>
        new(system, DiamondNetwork(), new Box([-2.0, -2.0], [2.0, 2.0]),
            UnsafeSet.FromPolytopes([new Polytope(2, [new HalfSpace([-1.0, 0.0], -unsafeFrom)])], $"x1 >= {unsafeFrom}"),
            seed: [0.1, 0.05]);

    /// <summary><c>Σ_{k&lt;K} |c_k·x| − 1</c> with <c>c_k = (cos kπ/K, sin kπ/K)</c>: <c>2K</c> neurons, <c>K</c> lines through 0.</summary>
    public static ReluNetwork PolyNormNetwork(int lines)
    {
        Guard.Positive(lines, nameof(lines));
        var rows = new List<double[]>();
        for (int k = 0; k < lines; k++)
        {
            double c = Math.Cos(k * Math.PI / lines), s = Math.Sin(k * Math.PI / lines);
            rows.Add([c, s, 0, 1]);
            rows.Add([-c, -s, 0, 1]);
        }

        return Shallow(2, rows, -1);
    }

    /// <summary>Case 3: the polyhedral norm with <c>ẋ = A x</c> (row-major <paramref name="matrix"/>) on <c>[−2, 2]²</c>, no unsafe set.</summary>
    public static BarrierProblem PolyNorm(int lines, double[] matrix) =>
        new(BarrierSystem.Affine(matrix, name: $"dx/dt = A x, A = [{string.Join(", ", matrix)}]"), PolyNormNetwork(lines), new Box([-2.0, -2.0], [2.0, 2.0]),
            seed: [0.013, 0.007]);

    /// <summary>Case 4: <c>B = |x₂| + |x₁−2| + |x₁+2| − |x₁| − 3</c>, <c>ẋ = −(x − (2, 0))</c> on <c>[−4, 4] × [−2, 2]</c>, seed (2, 0): only the right diamond.</summary>
    public static BarrierProblem TwoDiamonds()
    {
        ReluNetwork net = Shallow(2,
        [
            [0, 1, 0, 1], [0, -1, 0, 1],
            [1, 0, -2, 1], [-1, 0, 2, 1],
            [1, 0, 2, 1], [-1, 0, -2, 1],
            [1, 0, 0, -1], [-1, 0, 0, -1],
        ], -3);
        return new BarrierProblem(BarrierSystem.Affine([-1, 0, 0, -1], [2, 0], name: "dx/dt = -(x - (2,0))"), net,
            new Box([-4.0, -2.0], [4.0, 2.0]), seed: [2.0, 0.0]);
    }

    /// <summary>Darboux: <c>ẋ₁ = x₂ + 2x₁x₂</c>, <c>ẋ₂ = −x₁ + 2x₁² − x₂²</c> (continuous time).</summary>
    public static BarrierSystem DarbouxSystem() => BarrierSystem.FromDelegates(2,
        (x, y) =>
        {
            y[0] = x[1] + 2 * x[0] * x[1];
            y[1] = -x[0] + 2 * x[0] * x[0] - x[1] * x[1];
        },
        (b, y) =>
        {
            y[0] = b[1] + 2.0 * (b[0] * b[1]);
            y[1] = -b[0] + 2.0 * b[0].Square() - b[1].Square();
        },
        name: "Darboux");

    /// <summary>The Darboux unsafe set <c>x₁ + x₂² ≤ 0</c>.</summary>
    public static UnsafeSet DarbouxUnsafe() =>
        UnsafeSet.FromInequality(2, x => x[0] + x[1] * x[1], b => b[0] + b[1].Square(), "x1 + x2^2 <= 0");

    /// <summary>§8: Darboux on <c>[−2, 2]²</c>, initial set <c>[0, 1] × [1, 2]</c>, unsafe <c>x₁ + x₂² ≤ 0</c>, with the shipped trained barrier (or <paramref name="barrier"/>).</summary>
    public static BarrierProblem Darboux(ReluNetwork? barrier = null) =>
        new(DarbouxSystem(), barrier ?? Embedded("darboux-barrier.json"), new Box([-2.0, -2.0], [2.0, 2.0]), DarbouxUnsafe(),
            new Box([0.0, 1.0], [1.0, 2.0]));

    /// <summary>
    /// A 3-D polynomial system with skew-symmetric quadratic coupling: <c>ẋ₁ = −x₁ + x₂x₃</c>, <c>ẋ₂ = −x₂ − x₁x₃</c>,
    /// <c>ẋ₃ = −x₃</c> (<c>d|x|²/dt = −2|x|²</c>, so every ball about 0 is invariant).
    /// </summary>
    public static BarrierSystem Skew3System() => BarrierSystem.FromDelegates(3,
        (x, y) =>
        {
            y[0] = -x[0] + x[1] * x[2];
            y[1] = -x[1] - x[0] * x[2];
            y[2] = -x[2];
        },
        (b, y) =>
        {
            y[0] = -b[0] + b[1] * b[2];
            y[1] = -b[1] - b[0] * b[2];
            y[2] = -b[2];
        },
        name: "skew3");

    /// <summary>The 3-D case: <see cref="Skew3System"/> on <c>[−2, 2]³</c>, unsafe <c>x₁ ≥ 1.2</c>, initial set <c>[−0.3, 0.3]³</c>, with the shipped trained barrier (or <paramref name="barrier"/>).</summary>
    public static BarrierProblem Skew3(ReluNetwork? barrier = null) =>
        new(Skew3System(), barrier ?? Embedded("skew3-barrier.json"), new Box([-2.0, -2.0, -2.0], [2.0, 2.0, 2.0]),
            UnsafeSet.FromPolytopes([new Polytope(3, [new HalfSpace([-1.0, 0.0, 0.0], -1.2)])], "x1 >= 1.2"),
            new Box([-0.3, -0.3, -0.3], [0.3, 0.3, 0.3]));

    /// <summary>Reads a shipped barrier network (embedded JSON).</summary>
    internal static ReluNetwork Embedded(string name)
    {
        using Stream? s = typeof(BarrierExamples).Assembly.GetManifestResourceStream(name);
        if (s is null)
        {
            throw new InvalidOperationException($"the embedded barrier network \"{name}\" is missing from the build.");
        }

        using var reader = new StreamReader(s);
        return JsonNetworkFormat.Parse(reader.ReadToEnd(), name);
    }
}
