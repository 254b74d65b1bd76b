using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// A barrier-certification question: dynamics on a box domain <c>X</c>, an unsafe set <c>X_u</c>, an optional initial
/// set <c>X_0</c>, and a shallow ReLU network <c>B(x) = w₂ᵀ ReLU(W₁ x + b₁) + b₂</c> meant as a barrier (safe side <c>B ≤ 0</c>).
/// </summary>
public sealed class BarrierProblem
{
    /// <summary>Creates a problem and checks its shapes.</summary>
    /// <param name="system">The dynamics (dimension <c>n</c>).</param>
    /// <param name="barrier">A shallow network <c>n → N → 1</c> (one hidden ReLU layer, one output).</param>
    /// <param name="domain">The box <c>X</c> (positive width on every side).</param>
    /// <param name="unsafeSet">The unsafe set; null for none.</param>
    /// <param name="initialSet">Optional box <c>X_0</c>; the result reports whether <c>X_0 ⊆ C</c> was proved.</param>
    /// <param name="seed">Optional seed with <c>B(seed) &lt; 0</c> inside <c>X</c>; default: the centre of <c>X_0</c> when <c>B &lt; 0</c> there, else the lowest-<c>B</c> point of a seeded sample of <c>X</c>.</param>
    /// <exception cref="ArgumentException">Dimensions disagree, the network is not shallow with one output, or the domain is flat.</exception>
    public BarrierProblem(BarrierSystem system, ReluNetwork barrier, Box domain, UnsafeSet? unsafeSet = null, Box? initialSet = null, double[]? seed = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(barrier);
        ArgumentNullException.ThrowIfNull(domain);
        int n = system.Dimension;
        if (barrier.HiddenLayerCount != 1 || barrier.OutputDimension != 1)
        {
            throw new ArgumentException($"barrier has {barrier.HiddenLayerCount} hidden layers and {barrier.OutputDimension} outputs; expected a shallow network (one hidden ReLU layer) with one output.", nameof(barrier));
        }

        if (barrier.InputDimension != n)
        {
            throw new ArgumentException($"barrier has {barrier.InputDimension} inputs; expected {n} (the system's dimension).", nameof(barrier));
        }

        Guard.Length(domain.Dimension, n, nameof(domain));
        for (int i = 0; i < n; i++)
        {
            if (!(domain.Upper[i] > domain.Lower[i]))
            {
                throw new ArgumentException($"domain side {i} is [{domain.Lower[i]}, {domain.Upper[i]}]; expected lower < upper.", nameof(domain));
            }
        }

        if (unsafeSet is not null && unsafeSet.Dimension != n)
        {
            throw new ArgumentException($"unsafeSet has dimension {unsafeSet.Dimension}; expected {n}.", nameof(unsafeSet));
        }

        if (initialSet is not null)
        {
            Guard.Length(initialSet.Dimension, n, nameof(initialSet));
        }

        if (seed is not null)
        {
            Guard.Length(seed.Length, n, nameof(seed));
            Guard.Finite(seed, nameof(seed));
            if (!domain.Contains(seed))
            {
                throw new ArgumentException($"seed ({string.Join(", ", seed)}) lies outside the domain {domain}; expected a point of the domain.", nameof(seed));
            }
        }

        System = system;
        Barrier = barrier;
        Domain = domain;
        Unsafe = unsafeSet ?? UnsafeSet.None(n);
        InitialSet = initialSet;
        Seed = seed is null ? null : (double[])seed.Clone();
    }

    /// <summary>The dynamics.</summary>
    public BarrierSystem System { get; }

    /// <summary>The barrier network <c>B</c>.</summary>
    public ReluNetwork Barrier { get; }

    /// <summary>The domain box <c>X</c>.</summary>
    public Box Domain { get; }

    /// <summary>The unsafe set.</summary>
    public UnsafeSet Unsafe { get; }

    /// <summary>The optional initial set.</summary>
    public Box? InitialSet { get; }

    /// <summary>The optional seed.</summary>
    public double[]? Seed { get; }

    /// <summary>State dimension <c>n</c>.</summary>
    public int Dimension => System.Dimension;
}
