namespace ReluAnalysis.Patterns;

/// <summary>State of a neuron (or the side of a hyperplane) at a point, decided by <see cref="SignRule"/>.</summary>
public enum NeuronState
{
    /// <summary><c>z &lt; −tolerance</c>.</summary>
    Inactive = 0,

    /// <summary><c>z &gt; tolerance</c>.</summary>
    Active = 1,

    /// <summary><c>|z| ≤ tolerance</c>: the point lies on a region boundary.</summary>
    Degenerate = 2,
}

/// <summary>
/// The one place where signs are decided. Tie rule: <c>z &gt; tol</c> is active, <c>z &lt; −tol</c>
/// inactive, and <c>|z| ≤ tol</c> degenerate. A pattern bit is the plain <c>z &gt; 0</c>; callers that
/// must not assign boundary points silently ask <see cref="Classify"/> and treat
/// <see cref="NeuronState.Degenerate"/> themselves.
/// </summary>
public static class SignRule
{
    /// <summary>Default absolute tolerance for degenerate neurons.</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>Classifies <paramref name="z"/> with the tie rule above.</summary>
    public static NeuronState Classify(double z, double tolerance = DefaultTolerance) =>
        z > tolerance ? NeuronState.Active : z < -tolerance ? NeuronState.Inactive : NeuronState.Degenerate;

    /// <summary>The pattern bit: <see langword="true"/> exactly when <c>z &gt; 0</c>.</summary>
    public static bool IsActive(double z) => z > 0.0;
}
