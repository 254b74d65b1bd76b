using ReluAnalysis.Geometry;

namespace ReluAnalysis.Regions.Injectivity;

/// <summary>Options of <see cref="NetworkInjectivityChecker"/>. Change with <c>with</c>.</summary>
public sealed record NetworkInjectivityOptions
{
    /// <summary>
    /// The input box. Null means <c>[−1, 1]^n</c>, which loses no generality for a bias-free (positively homogeneous)
    /// network: a collision anywhere scales into the box. With biases the verdict is "injective on the box". Default null.
    /// </summary>
    public Box? Domain { get; init; }

    /// <summary>
    /// Separation tolerance, relative to the box's half-width: a collision <c>f(x) = f(x')</c> with
    /// <c>‖x − x'‖∞ &gt; tol</c> is a witness; an optimum below <c>tol/10</c> is none; in between the verdict is unknown.
    /// Default 1e-7.
    /// </summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>
    /// Decide region pairs by linear algebra before any LP (full column rank of <c>[A_a, −A_b]</c>, or a null space on
    /// the diagonal). Off, every pair takes its 2n LPs, as the plain algorithm of the spec (a baseline). Default true.
    /// </summary>
    public bool PairAlgebra { get; init; } = true;

    /// <summary>Wall-time limit; reaching it gives <see cref="ReluAnalysis.Injectivity.InjectivityStatus.Unknown"/>. Default none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Worker threads; ≤ 0 means every core. The verdict and witness do not depend on it. Default 0.</summary>
    public int MaxDegreeOfParallelism { get; init; }
}
