namespace ReluAnalysis.FiniteElements;

/// <summary>How the first hidden layer of <see cref="FeNetworkBuilder.TwoHiddenLayer"/> encodes the mesh hyperplanes.</summary>
public enum FeLayerVariant
{
    /// <summary>Width <c>2n</c>: <c>σ(t_j)</c> and <c>σ(−t_j)</c> per hyperplane; the cell penalties are single neurons, exact to rounding for any k.</summary>
    Safe,

    /// <summary>Width <c>n</c>: one neuron <c>σ(o_j t_j)</c> per hyperplane (domain-boundary hyperplanes oriented non-negative on Ω);
    /// <c>σ(−o_j t_j)</c> is rebuilt as <c>σ(o_j t_j) − o_j t_j</c>, which costs rounding of order <c>k · 1e−16</c>.</summary>
    Minimal,
}
