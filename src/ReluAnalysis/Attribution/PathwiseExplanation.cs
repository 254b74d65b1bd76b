namespace ReluAnalysis.Attribution;

/// <summary>Outcome of a path selection.</summary>
public enum PathSelectionStatus
{
    /// <summary>Every constrained layer kept at least one unit that passed the share filter: the path is activated and connected.</summary>
    Selected,

    /// <summary>At some layer no unit passed the filter and the top-ranked unit was kept anyway (see <see cref="LayerSelection.FallbackUsed"/>).</summary>
    FallbackUsed,
}

/// <summary>What the greedy selection did at one constrained hidden layer.</summary>
/// <param name="Layer">Hidden layer index (0-based, input side first).</param>
/// <param name="Shares">Share <c>s_i = softmax_j(h_i·J[j,i])[c]</c> of every unit of the layer.</param>
/// <param name="Order">Units sorted by share, descending; ties by lower unit number. Independent of the width.</param>
/// <param name="Cap">The width cap <c>K_ℓ</c> applied to <paramref name="Order"/>.</param>
/// <param name="Kept">Kept units in ascending unit order.</param>
/// <param name="FallbackUsed">No unit passed the filter and <c>Order[0]</c> was kept.</param>
public sealed record LayerSelection(int Layer, double[] Shares, int[] Order, int Cap, int[] Kept, bool FallbackUsed);

/// <summary>A pathwise explanation <c>E = W_P[c,:] ⊙ x</c> and the path <c>P</c> it comes from.</summary>
/// <param name="Status">Whether the fallback fired anywhere.</param>
/// <param name="Class">The explained class <c>c</c>.</param>
/// <param name="Logits">The network outputs at the (possibly masked) input.</param>
/// <param name="Attribution">One score per input component (<c>M ⊙ W_P[c,:] ⊙ x</c>).</param>
/// <param name="WeightRow">Row c of the path matrix <c>W_P</c>.</param>
/// <param name="Path">
/// The multi-way path: kept units for constrained layers, the active units for unconstrained ones.
/// </param>
/// <param name="Layers">Selection record of each constrained layer, deepest first.</param>
public sealed record PathwiseExplanation(
    PathSelectionStatus Status,
    int Class,
    double[] Logits,
    double[] Attribution,
    double[] WeightRow,
    MultiwayPath Path,
    IReadOnlyList<LayerSelection> Layers)
{
    /// <summary>Hidden layers at which the fallback fired.</summary>
    public IEnumerable<int> FallbackLayers => Layers.Where(l => l.FallbackUsed).Select(l => l.Layer);

    /// <summary>Sum of the attribution, <c>Σ_j E_j = f_{P,c}(x) − b_{P,c} − b^(N+1)_c</c> when no input mask is set.</summary>
    public double Total => Attribution.Sum();
}
