namespace ReluAnalysis.Regions.Verification;

/// <summary>How <see cref="PropertyVerifier"/> chooses the input to halve on a box its bounds cannot close.</summary>
/// <remarks>
/// Notation: on the box, every row <c>r</c> of an open unsafe disjunct has a linear lower bound <c>a_r·x + b_r</c>
/// (from <see cref="VerificationOptions.Bounds"/>); a box's <i>gap</i> is the minimum over the open disjuncts of the
/// maximum over their rows of the rows' lower bounds (a disjunct is excluded when its gap is positive).
/// </remarks>
public enum SplitRule
{
    /// <summary>
    /// The input maximising <c>width_j · max_r |a_{r,j}|</c> over the rows of the open disjuncts (the widest side when
    /// no row depends on the input). One pass over the bounds already computed: no extra cost per box. It ignores how
    /// a split tightens the ReLU relaxations, and stalls on wide boxes (ACAS Xu φ1, φ2) where the relaxations, not the
    /// linear coefficients, decide the gap.
    /// </summary>
    Coefficient = 0,

    /// <summary>
    /// Strong branching with the coefficient rule as the reference. The box and both halves of every candidate input
    /// (relative width, against the input piece's box, at least 1/64 of the relatively widest side) are bounded with the
    /// cheap <see cref="Patterns.BoundMethod.Symbolic"/> bounds; input <c>j</c> scores
    /// <c>s_j = min(g_1, g_2) + 10⁻³ max(g_1, g_2)</c> (<c>g</c> the halves' gaps: the worse half first). The best
    /// input is taken only when its improvement over the box's own probe gap exceeds 1.5 times the improvement of the
    /// coefficient rule's input; otherwise, and when the symbolic bounds leave more than <c>1.5 n + 20</c> neurons
    /// unstable where the search's bounds leave <c>n</c> (the probes would not represent the search; small boxes such as
    /// ACAS Xu φ3, φ4), the coefficient rule's input is split. The constants were tuned on ACAS Xu (see the README). Costs about 2k + 1 forward symbolic passes per split box
    /// (<c>k</c> ≤ d candidates). Default.
    /// </summary>
    Strong = 1,
}
