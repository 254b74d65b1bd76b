namespace ReluAnalysis.Attribution;

/// <summary>What the greedy selection did at one constrained hidden layer.</summary>
/// <param name="Layer">Hidden layer index (0-based, input side first).</param>
/// <param name="Shares">Share <c>s_i = softmax_j(h_i·J[j,i])[c]</c> of every unit of the layer.</param>
/// <param name="Order">Units sorted by share, descending; ties by lower unit number. Independent of the width.</param>
/// <param name="Cap">The width cap <c>K_ℓ</c> applied to <paramref name="Order"/>.</param>
/// <param name="Kept">Kept units in ascending unit order.</param>
/// <param name="FallbackUsed">No unit passed the filter and <c>Order[0]</c> was kept.</param>
public sealed record LayerSelection(int Layer, double[] Shares, int[] Order, int Cap, int[] Kept, bool FallbackUsed);
