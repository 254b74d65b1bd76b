namespace ReluAnalysis.SingularPerturbation;

/// <summary>
/// The singularly perturbed two-point problem <c>−ε² u'' + c(x) u = f(x)</c> on (−1, 1), <c>u(±1) = 0</c>, with
/// <c>0 &lt; ε ≤ 1</c> and <c>c ≥ c_0 &gt; 0</c> (Opschoor, Schwab, Xenophontos, arXiv 2401.06656; spec B.1).
/// </summary>
/// <remarks>
/// For <c>c = f = 1</c> (<see cref="Constant"/>) the solution is <c>u = 1 − cosh(x/ε)/cosh(1/ε)</c>, evaluated without overflow or
/// cancellation as <c>u = 1 − (e^{(x−1)/ε} + e^{(−x−1)/ε}) / (1 + e^{−2/ε})</c> and
/// <c>u' = −(e^{(x−1)/ε} − e^{(−x−1)/ε}) / (ε (1 + e^{−2/ε}))</c>; <c>cosh(1/ε)</c> is never formed.
/// </remarks>
public sealed class ReactionDiffusionProblem
{
    private ReactionDiffusionProblem(double epsilon, Func<double, double> c, Func<double, double> f, double c0, string name, bool closedForm)
    {
        Epsilon = epsilon;
        C = c;
        F = f;
        C0 = c0;
        Name = name;
        HasClosedForm = closedForm;
    }

    /// <summary>ε ∈ (0, 1].</summary>
    public double Epsilon { get; }

    /// <summary>The reaction coefficient c(x) ≥ c_0 &gt; 0.</summary>
    public Func<double, double> C { get; }

    /// <summary>The right-hand side f(x).</summary>
    public Func<double, double> F { get; }

    /// <summary>A lower bound c_0 of c on [−1, 1] (sampled minimum for general problems).</summary>
    public double C0 { get; }

    /// <summary>A label.</summary>
    public string Name { get; }

    /// <summary>True for <c>c = f = 1</c>, whose solution <see cref="Solution"/> is known in closed form.</summary>
    public bool HasClosedForm { get; }

    /// <summary>The problem with <c>c = f = 1</c>.</summary>
    /// <param name="epsilon">ε ∈ (0, 1].</param>
    public static ReactionDiffusionProblem Constant(double epsilon)
    {
        CheckEpsilon(epsilon);
        return new ReactionDiffusionProblem(epsilon, _ => 1.0, _ => 1.0, 1.0, "c = f = 1", true);
    }

    /// <summary>A problem with analytic coefficients; c must be positive on [−1, 1] (checked at 1001 points).</summary>
    /// <param name="epsilon">ε ∈ (0, 1].</param>
    /// <param name="c">Reaction coefficient.</param>
    /// <param name="f">Right-hand side.</param>
    /// <param name="name">A label.</param>
    public static ReactionDiffusionProblem General(double epsilon, Func<double, double> c, Func<double, double> f, string name = "general")
    {
        CheckEpsilon(epsilon);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(f);
        double c0 = double.PositiveInfinity;
        for (int i = 0; i <= 1000; i++)
        {
            double x = -1 + 2.0 * i / 1000;
            double ci = c(x), fi = f(x);
            if (!double.IsFinite(ci) || !double.IsFinite(fi) || ci <= 0)
            {
                throw new ArgumentException($"c({x}) = {ci}, f({x}) = {fi}; expected finite values with c > 0 on [-1, 1].", nameof(c));
            }

            c0 = Math.Min(c0, ci);
        }

        return new ReactionDiffusionProblem(epsilon, c, f, c0, name, false);
    }

    /// <summary>The closed-form solution for <c>c = f = 1</c>.</summary>
    /// <exception cref="InvalidOperationException">The problem has no closed form (use <see cref="ReactionDiffusionSolver"/>).</exception>
    public double Solution(double x)
    {
        RequireClosedForm();
        return ClosedForm(x, Epsilon);
    }

    /// <summary>The derivative of the closed-form solution.</summary>
    public double SolutionDerivative(double x)
    {
        RequireClosedForm();
        return ClosedFormDerivative(x, Epsilon);
    }

    /// <summary><c>u = 1 − (e^{(x−1)/ε} + e^{(−x−1)/ε}) / (1 + e^{−2/ε})</c>, stable for every ε &gt; 0.</summary>
    public static double ClosedForm(double x, double epsilon) =>
        1.0 - (Math.Exp((x - 1) / epsilon) + Math.Exp((-x - 1) / epsilon)) / (1.0 + Math.Exp(-2.0 / epsilon));

    /// <summary><c>u' = −(e^{(x−1)/ε} − e^{(−x−1)/ε}) / (ε (1 + e^{−2/ε}))</c>.</summary>
    public static double ClosedFormDerivative(double x, double epsilon) =>
        -(Math.Exp((x - 1) / epsilon) - Math.Exp((-x - 1) / epsilon)) / (epsilon * (1.0 + Math.Exp(-2.0 / epsilon)));

    internal static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon > 0 && epsilon <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon = {epsilon}; expected 0 < epsilon <= 1.");
        }
    }

    private void RequireClosedForm()
    {
        if (!HasClosedForm)
        {
            throw new InvalidOperationException($"problem \"{Name}\" has no closed-form solution; solve it with ReactionDiffusionSolver.");
        }
    }
}
