namespace ReluAnalysis.Attribution;

/// <summary>Result of exact Integrated Gradients.</summary>
/// <param name="Status"><see cref="PathEnumerationStatus.Complete"/>, or <see cref="PathEnumerationStatus.LimitReached"/> when the
/// piece limit stopped the walk (then the attribution integrates only <c>[0, ReachedAlpha]</c>).</param>
/// <param name="Attribution">IG score per input component.</param>
/// <param name="Pieces">Number of linear pieces of the segment from the baseline to x that were integrated.</param>
/// <param name="ReachedAlpha">End of the integrated part of the segment (1 when complete).</param>
/// <param name="CompletenessGap"><c>Σ IG − (f_c(x) − f_c(x'))</c>; zero up to rounding when complete.</param>
public sealed record ExactIntegratedGradients(PathEnumerationStatus Status, double[] Attribution, int Pieces, double ReachedAlpha, double CompletenessGap);
