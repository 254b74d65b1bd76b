namespace ReluAnalysis.Attribution;

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
