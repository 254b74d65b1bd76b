namespace ReluAnalysis.Attribution;

/// <summary>
/// The exact decomposition of the logits into path terms (spec §2.2):
/// <c>f(x) = Σ_{complete activated p} f_p(x) + Σ_{k≥2} Σ_{bias chains q from layer k} term(q) + b^(N+1)</c>.
/// </summary>
/// <param name="Status">Whether the enumeration finished within the limit.</param>
/// <param name="CompletePathSum">Sum of the complete activated one-way path terms (length C).</param>
/// <param name="BiasChainSum">Sum of the incomplete bias-chain terms from hidden layers 1..N−1 (0-based) (length C).</param>
/// <param name="OutputBias">The output bias <c>b^(N+1)</c>.</param>
/// <param name="ActivatedCompletePaths">Number of complete paths whose units are all active.</param>
/// <param name="ActivatedBiasChains">Number of activated bias chains.</param>
public sealed record PathDecomposition(
    PathEnumerationStatus Status,
    double[] CompletePathSum,
    double[] BiasChainSum,
    double[] OutputBias,
    long ActivatedCompletePaths,
    long ActivatedBiasChains)
{
    /// <summary>The total, which equals <c>f(x)</c> up to rounding.</summary>
    public double[] Total() => CompletePathSum.Select((v, i) => v + BiasChainSum[i] + OutputBias[i]).ToArray();
}
