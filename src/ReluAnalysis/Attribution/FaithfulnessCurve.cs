namespace ReluAnalysis.Attribution;

/// <summary>A deletion or insertion curve and its area.</summary>
/// <param name="Mode">Deletion or insertion.</param>
/// <param name="Scores"><c>s_0..s_n</c>: softmax probability of the class after each step.</param>
/// <param name="Auc">Trapezoid area <c>(Σ s_t − s_0/2 − s_n/2)/n</c>.</param>
public sealed record FaithfulnessCurve(FaithfulnessMode Mode, double[] Scores, double Auc);
