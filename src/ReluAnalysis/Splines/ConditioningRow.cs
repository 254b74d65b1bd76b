namespace ReluAnalysis.Splines;

/// <summary>One row of the conditioning table (spec §3).</summary>
/// <param name="Intervals">Number of intervals <c>N</c>.</param>
/// <param name="ReluGram">cond₂ of the ReLU-basis Gram matrix <c>Tᵀ M T</c>.</param>
/// <param name="ReluGramScaled">cond₂ of the ReLU Gram matrix after symmetric diagonal (column) scaling.</param>
/// <param name="HatGram">cond₂ of the hat mass matrix <c>M</c>.</param>
/// <param name="HatGramScaled">cond₂ of <c>diag(M)^{−1/2} M diag(M)^{−1/2}</c> (≤ 3 for any knots).</param>
public readonly record struct ConditioningRow(int Intervals, double ReluGram, double ReluGramScaled, double HatGram, double HatGramScaled);
