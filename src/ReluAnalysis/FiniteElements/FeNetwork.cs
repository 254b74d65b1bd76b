using ReluAnalysis.Networks;

namespace ReluAnalysis.FiniteElements;

/// <summary>A ReLU network built from a piecewise-linear function on a mesh, with the counts behind its widths.</summary>
/// <param name="Network">The network (input d, output 1).</param>
/// <param name="Function">The represented function.</param>
/// <param name="Lines">n: distinct mesh hyperplanes.</param>
/// <param name="Cells">m: mesh cells.</param>
/// <param name="K">Steepness k (<see cref="double.PositiveInfinity"/> for the exact one-hidden-layer network).</param>
/// <param name="Variant">First-layer encoding (null for the one-hidden-layer network).</param>
/// <param name="Bound">B = max_Ω |f|.</param>
/// <param name="ExtrapolatedBound">G = max_i max_Ω |g_i|.</param>
public sealed record FeNetwork(
    ReluNetwork Network,
    PiecewiseLinearFunction Function,
    int Lines,
    int Cells,
    double K,
    FeLayerVariant? Variant,
    double Bound,
    double ExtrapolatedBound)
{
    /// <summary>Hidden widths of <see cref="Network"/>.</summary>
    public IReadOnlyList<int> Widths => Network.HiddenSizes;

    /// <summary>Widths by the formula: <c>(2n, m)</c> safe, <c>(n, m)</c> minimal, <c>(M)</c> = <c>(m)</c> for the exact 1-D network.</summary>
    public IReadOnlyList<int> FormulaWidths => Variant switch
    {
        FeLayerVariant.Safe => [2 * Lines, Cells],
        FeLayerVariant.Minimal => [Lines, Cells],
        _ => [Cells],
    };

    /// <summary>Half-width <c>(G + B)/k</c> of the band around the hyperplanes outside which the network equals f (0 for exact networks).</summary>
    public double BandHalfWidth => double.IsPositiveInfinity(K) ? 0.0 : (ExtrapolatedBound + Bound) / K;
}
