namespace ReluAnalysis.NullSpace;

/// <summary>How <see cref="Steganography.Hide"/> builds the stego image from a cover <c>C</c> and a hidden image <c>H</c>.</summary>
public enum StegoMethod
{
    /// <summary>
    /// <c>S = P_N C + P_R H</c> with the first layer's null and row spaces (Li and Short): <c>W₁S = W₁H</c>, so
    /// <c>f(S) = f(H)</c> exactly, for every input.
    /// </summary>
    Exact,

    /// <summary>
    /// The practical recipe: <c>S = (α P_N C + (1 − α) P_R H) · m / max_i |·|</c>, rescaled so that <c>max |S| = m</c>
    /// (<see cref="StegoOptions.DisplayMax"/>). <c>W₁S</c> is a scaled <c>W₁H</c>, so the hidden class is only usually kept.
    /// </summary>
    Blended,

    /// <summary>
    /// Beyond the paper: from the exact stego <c>x₀</c>, move towards the cover inside the local null space of the
    /// hidden image's activation region, <c>S = x₀ + t (P_{R₁} − P_{R_σ})(C − H)</c> with the Jacobian's row space
    /// <c>R_σ ⊆ R₁</c>, and the step <c>t</c> capped so that the pattern is kept: <c>f(S) = f(H)</c> exactly and
    /// <c>S</c> is at least as close to <c>C</c> as the exact stego.
    /// </summary>
    Local,
}
