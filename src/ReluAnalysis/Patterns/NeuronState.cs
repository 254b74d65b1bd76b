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
