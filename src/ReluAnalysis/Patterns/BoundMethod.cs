namespace ReluAnalysis.Patterns;

/// <summary>How <see cref="LinearBoundPropagator"/> bounds the hidden pre-activations over a box.</summary>
public enum BoundMethod
{
    /// <summary>Interval arithmetic, layer by layer: <c>[l, u]</c> of <c>W h + b</c> from the intervals of <c>h</c>.</summary>
    Interval = 0,

    /// <summary>
    /// Forward symbolic intervals (ReluVal/Neurify style): every neuron carries a lower and an upper affine function of
    /// the input, relaxed at unstable ReLUs by the DeepPoly lines; each is concretised over the box. Costs about
    /// <c>2(d+1)</c> forward passes.
    /// </summary>
    Symbolic = 1,

    /// <summary>
    /// <see cref="Symbolic"/>, then for every neuron still unstable a back-substitution (DeepPoly/CROWN) of its lower
    /// and upper bound through the relaxations of the layers below, which is at least as tight. Default.
    /// </summary>
    BackSubstitution = 2,
}
