namespace ReluAnalysis.Injectivity;

/// <summary>
/// Third level of lifting (zero-temperature 2RSB) of the injectivity capacity, spec §4. Variables
/// <c>0 &lt; q0 &lt; q1 &lt; 1</c>, <c>χ &gt; 0</c>, <c>0 &lt; y1 &lt; y2</c>:
/// <code>
/// Φ2 = −(α/y1) E_ξ0 log E_ξ1 [ N(√q0 ξ0 + √(q1 − q0) ξ1, 1 − q1; χ, y2)^{y1/y2} ]
///      − ½ [ (1/y2) log(Λ2/χ) + (1/y1) log(Λ1/Λ2) + q0/Λ1 ],
/// Λ2 = χ + y2 (1 − q1),  Λ1 = Λ2 + y1 (q1 − q0),
/// </code>
/// <c>N</c> as in <see cref="SecondLevelRdt.LogN"/>; both Gaussian layers are Gauss–Hermite rules
/// (outer <see cref="RdtOptions.QuadratureNodes"/>, inner <see cref="RdtOptions.InnerQuadratureNodes"/>).
/// The functional is derived from the standard Parisi structure (the spec's §4), not transcribed from
/// Stojnic's paper; whether his printed third-level numbers use exactly this functional is unconfirmed.
/// </summary>
public static class ThirdLevelRdt
{
    /// <summary>Default start <c>(q0, q1, χ, y1, y2)</c>: a generic interior point with <c>y1 &lt; y2</c>.</summary>
    public static IReadOnlyList<double> DefaultStart { get; } = [0.5, 0.9, 0.05, 2.0, 8.0];

    /// <summary>The functional <c>Φ2(q0, q1, χ, y1, y2; α)</c>.</summary>
    public static double Functional(double alpha, double q0, double q1, double chi, double y1, double y2, int outerNodes = 120, int innerNodes = 60)
    {
        var f = new Level3Functional(outerNodes, innerNodes);
        double[] raw = [q0, q1, chi, y1, y2];
        SecondLevelRdt.CheckFeasible(f, raw);
        return LiftedRdtSolver.Value(f, raw, alpha);
    }

    /// <summary><c>e_2RSB(α) = max Φ2</c> with the maximiser (Nelder–Mead, then Newton polish).</summary>
    public static RdtEnergy Energy(double alpha, RdtOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.Finite(alpha, nameof(alpha));
        options ??= new RdtOptions();
        options.Validate();
        return LiftedRdtSolver.Energy(new Level3Functional(options.QuadratureNodes, options.InnerQuadratureNodes), alpha, null, options, cancellationToken).Energy;
    }

    /// <summary>The third-level threshold: Newton on <c>e_2RSB(α) = 1</c> from <c>α = 6.7</c>.</summary>
    public static RdtThreshold Threshold(RdtOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RdtOptions();
        options.Validate();
        return LiftedRdtSolver.Threshold(new Level3Functional(options.QuadratureNodes, options.InnerQuadratureNodes), 6.7, options, options.InnerQuadratureNodes, cancellationToken);
    }

    private sealed class Level3Functional(int outerNodes, int innerNodes) : ILiftedFunctional
    {
        private readonly (double[] Nodes, double[] Weights) outer = Gaussian.Hermite(outerNodes);
        private readonly (double[] Nodes, double[] Weights) inner = Gaussian.Hermite(innerNodes);

        public RdtLevel Level => RdtLevel.Third;

        public string[] Names { get; } = ["q0", "q1", "chi", "y1", "y2"];

        public double[] DefaultStart => [.. ThirdLevelRdt.DefaultStart];

        public int Evaluations { get; private set; }

        public (double A, double B) Parts(double[] raw)
        {
            Evaluations++;
            double q0 = raw[0], q1 = raw[1], chi = raw[2], y1 = raw[3], y2 = raw[4];
            double a0 = Math.Sqrt(q0), a1 = Math.Sqrt(q1 - q0), s = Math.Sqrt(1.0 - q1), ratio = y1 / y2;
            double[] xo = outer.Nodes, wo = outer.Weights, xi = inner.Nodes, wi = inner.Weights;
            double sum = 0;
            for (int a = 0; a < xo.Length; a++)
            {
                double mu0 = a0 * xo[a];
                double innerSum = 0;
                for (int b = 0; b < xi.Length; b++)
                {
                    innerSum += wi[b] * Math.Exp(ratio * SecondLevelRdt.LogN(mu0 + a1 * xi[b], s, chi, y2));
                }

                sum += wo[a] * Math.Log(innerSum);
            }

            double lambda2 = chi + y2 * (1.0 - q1);
            double lambda1 = lambda2 + y1 * (q1 - q0);
            double entropy = -0.5 * (Math.Log(lambda2 / chi) / y2 + Math.Log(lambda1 / lambda2) / y1 + q0 / lambda1);
            return (-sum / y1, entropy);
        }

        public bool Feasible(double[] raw) =>
            raw[0] > 0 && raw[1] > raw[0] && raw[1] < 1 && raw[2] > 0 && raw[3] > 0 && raw[4] > raw[3] && raw[4] < 500;

        public double[] ToRaw(double[] free)
        {
            double q0 = StationaryPoint.Logistic(free[0]);
            double y1 = Math.Exp(free[3]);
            return [q0, q0 + (1.0 - q0) * StationaryPoint.Logistic(free[1]), Math.Exp(free[2]), y1, y1 + Math.Exp(free[4])];
        }

        public double[] ToFree(double[] raw) =>
            [StationaryPoint.Logit(raw[0]), StationaryPoint.Logit((raw[1] - raw[0]) / (1.0 - raw[0])), Math.Log(raw[2]), Math.Log(raw[3]), Math.Log(raw[4] - raw[3])];
    }
}
