namespace ReluAnalysis.FiniteElements;

/// <summary>Options of <see cref="FeNetworkBuilder.TwoHiddenLayer"/>.</summary>
public sealed record FeNetworkOptions
{
    /// <summary>Steepness k of the cell penalties (default 1e9); the error band has half-width <c>(G + B)/k</c>. Must be positive and finite.</summary>
    public double K { get; init; } = 1e9;

    /// <summary>First-layer encoding (default <see cref="FeLayerVariant.Safe"/>, width 2n).</summary>
    public FeLayerVariant Variant { get; init; } = FeLayerVariant.Safe;
}
