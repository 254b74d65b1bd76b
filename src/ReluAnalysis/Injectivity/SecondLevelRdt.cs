namespace ReluAnalysis.Injectivity;

/// <summary>
/// Second level of lifting (partially lifted RDT; zero-temperature 1RSB) of the injectivity capacity,
/// spec §3. Variables <c>q0 ∈ (0, 1)</c>, <c>χ &gt; 0</c>, <c>y &gt; 0</c>:
/// <code>
/// Φ1 = −(α/y) E_ξ log N(√q0 ξ, 1 − q0; χ, y) − (1/(2y)) log(1 + y(1 − q0)/χ) − q0 / (2(χ + y(1 − q0)))
/// </code>
/// with <c>N(μ, s²; χ, y) = E_z exp(−y f(μ + s z; χ))</c> in closed form (<see cref="LogN"/>). The outer
/// expectation is a Gauss–Hermite rule. <c>e_1RSB(α) = max Φ1</c>; the threshold solves <c>e_1RSB = 1</c>.
/// Derived from standard zero-temperature replica theory (not transcribed from Stojnic's paper).
/// </summary>
public static class SecondLevelRdt
{
    /// <summary>Default starting point <c>(q0, χ, y)</c> of the maximisation: a generic interior point, not the answer.</summary>
    public static IReadOnlyList<double> DefaultStart { get; } = [0.5, 0.2, 1.0];

    /// <summary>
    /// <c>log N(μ, s²; χ, y)</c>: the sum of the zero-cost piece <c>Q(μ/s)</c>, the unit-cost piece
    /// <c>e^{−y} Q((√(2χ) − μ)/s)</c> and the quadratic piece
    /// <c>d^{−1/2} exp(−c μ²/d) [Φ((√(2χ) − μ')/s') − Φ(−μ'/s')]</c>, <c>c = y/(2χ)</c>, <c>d = 1 + 2 c s²</c>,
    /// <c>μ' = μ/d</c>, <c>s' = s/√d</c>. All three are positive and computed with <c>erfc</c> tails.
    /// </summary>
    /// <param name="mu">Mean <c>μ</c>.</param>
    /// <param name="s">Standard deviation <c>s &gt; 0</c>.</param>
    /// <param name="chi">The variable <c>χ &gt; 0</c>.</param>
    /// <param name="y">The variable <c>y &gt; 0</c>.</param>
    public static double LogN(double mu, double s, double chi, double y)
    {
        double kappa = Math.Sqrt(2.0 * chi);
        double c = y / (2.0 * chi);
        double d = 1.0 + 2.0 * c * s * s;
        double muP = mu / d;
        double sP = s / Math.Sqrt(d);
        double zero = Gaussian.Tail(mu / s);
        double one = Math.Exp(-y) * Gaussian.Tail((kappa - mu) / s);
        double quadratic = Math.Exp(-c * mu * mu / d) / Math.Sqrt(d) * Gaussian.CdfDifference((kappa - muP) / sP, -muP / sP);
        return Math.Log(zero + one + quadratic);
    }

    /// <summary>The functional <c>Φ1(q0, χ, y; α)</c> with an <paramref name="nodes"/>-point Gauss–Hermite outer integral.</summary>
    public static double Functional(double alpha, double q0, double chi, double y, int nodes = 120)
    {
        var f = new Level2Functional(nodes);
        double[] raw = [q0, chi, y];
        CheckFeasible(f, raw);
        return LiftedRdtSolver.Value(f, raw, alpha);
    }

    /// <summary>Finite-difference Hessian of <c>Φ1</c> in <c>(q0, χ, y)</c> (central differences, step 1e-4 relative).</summary>
    public static double[,] Hessian(double alpha, double q0, double chi, double y, int nodes = 120)
    {
        var f = new Level2Functional(nodes);
        double[] raw = [q0, chi, y];
        CheckFeasible(f, raw);
        var point = new StationaryPoint(r => LiftedRdtSolver.Value(f, r, alpha), f.ToRaw, f.ToFree, f.Feasible);
        return point.Derivatives(raw).Hessian;
    }

    /// <summary><c>e_1RSB(α) = max Φ1</c> with the maximiser; Nelder–Mead (MathNet) then Newton polish.</summary>
    public static RdtEnergy Energy(double alpha, RdtOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.Finite(alpha, nameof(alpha));
        options ??= new RdtOptions();
        options.Validate();
        return LiftedRdtSolver.Energy(new Level2Functional(options.QuadratureNodes), alpha, null, options, cancellationToken).Energy;
    }

    /// <summary>The second-level threshold: Newton on <c>e_1RSB(α) = 1</c> from <c>α = 7</c> (envelope slope), warm-started inner maximisations.</summary>
    public static RdtThreshold Threshold(RdtOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RdtOptions();
        options.Validate();
        return LiftedRdtSolver.Threshold(new Level2Functional(options.QuadratureNodes), 7.0, options, 0, cancellationToken);
    }

    internal static void CheckFeasible(ILiftedFunctional f, double[] raw)
    {
        foreach (double v in raw)
        {
            Guard.Finite(v, "parameters");
        }

        if (!f.Feasible(raw))
        {
            throw new ArgumentOutOfRangeException("parameters", $"({string.Join(", ", raw)}) is outside the domain of ({string.Join(", ", f.Names)}).");
        }
    }

    private sealed class Level2Functional(int nodes) : ILiftedFunctional
    {
        private readonly (double[] Nodes, double[] Weights) rule = Gaussian.Hermite(nodes);

        public RdtLevel Level => RdtLevel.Second;

        public string[] Names { get; } = ["q0", "chi", "y"];

        public double[] DefaultStart => [.. SecondLevelRdt.DefaultStart];

        public int Evaluations { get; private set; }

        public (double A, double B) Parts(double[] raw)
        {
            Evaluations++;
            double q0 = raw[0], chi = raw[1], y = raw[2];
            double sq = Math.Sqrt(q0), s = Math.Sqrt(1.0 - q0);
            double sum = 0;
            for (int k = 0; k < rule.Nodes.Length; k++)
            {
                sum += rule.Weights[k] * LogN(sq * rule.Nodes[k], s, chi, y);
            }

            double a = -sum / y;
            double b = -Math.Log(1.0 + y * (1.0 - q0) / chi) / (2.0 * y) - q0 / (2.0 * (chi + y * (1.0 - q0)));
            return (a, b);
        }

        public bool Feasible(double[] raw) => raw[0] > 0 && raw[0] < 1 && raw[1] > 0 && raw[2] > 0 && raw[2] < 500;

        public double[] ToRaw(double[] free) => [StationaryPoint.Logistic(free[0]), Math.Exp(free[1]), Math.Exp(free[2])];

        public double[] ToFree(double[] raw) => [StationaryPoint.Logit(raw[0]), Math.Log(raw[1]), Math.Log(raw[2])];
    }
}
