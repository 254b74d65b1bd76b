namespace ReluAnalysis.Attribution;

/// <summary>Options of a pathwise explanation (Lim, Jo, Lee and Choi, AISTATS 2024; spec §3–4).</summary>
public sealed record PathwiseOptions
{
    /// <summary>Default options: every layer constrained, no width cap, share filter on, predicted class.</summary>
    public static PathwiseOptions Default { get; } = new();

    /// <summary>Options that make the method Gradient×Input: no cap, every layer, filter off.</summary>
    public static PathwiseOptions GradientTimesInput { get; } = new() { ShareFilter = false };

    /// <summary>Depth <c>D</c>: how many of the last hidden layers are constrained; <see langword="null"/> (default) = all. 0 constrains nothing.</summary>
    public int? Depth { get; init; }

    /// <summary>Width <c>K</c>: maximum units kept per constrained layer (default <see cref="PathWidth.Unlimited"/>).</summary>
    public PathWidth Width { get; init; } = PathWidth.Unlimited;

    /// <summary>Keep only units whose class share exceeds <c>1/C</c> (default <see langword="true"/>).</summary>
    public bool ShareFilter { get; init; } = true;

    /// <summary>Class to explain; <see langword="null"/> (default) = the predicted class (ties to the lower index).</summary>
    public int? TargetClass { get; init; }

    /// <summary>
    /// Optional input mask <c>M</c> (one flag per input component): the explanation is <c>M ⊙ W_P[c,:] ⊙ x</c>.
    /// An extension of this library, not a confirmed part of the paper (spec §4.1). Default <see langword="null"/>.
    /// </summary>
    public IReadOnlyList<bool>? InputMask { get; init; }

    /// <summary>With an <see cref="InputMask"/>, run the forward pass and selection on <c>M ⊙ x</c> (the stricter variant). Default <see langword="false"/>.</summary>
    public bool SelectOnMaskedInput { get; init; }

    /// <summary>Jacobian update rule during selection (default <see cref="JacobianUpdate.Incremental"/>).</summary>
    public JacobianUpdate JacobianUpdate { get; init; } = JacobianUpdate.Incremental;
}
