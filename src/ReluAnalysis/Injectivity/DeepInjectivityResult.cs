namespace ReluAnalysis.Injectivity;

/// <summary>Result of the exact injectivity check of a bias-free deep ReLU network on the plane.</summary>
/// <param name="Status">Injective, NotInjective (with a witness pair) or Unknown (tolerance band).</param>
/// <param name="Sectors">Linear regions found: angular sectors of <c>R²</c> on which every layer's pattern is constant.</param>
/// <param name="PairsExamined">Sector pairs examined (each one small cone problem).</param>
/// <param name="X">First point of the witness pair (scaled so <c>max(‖x‖∞, ‖x'‖∞) = 1</c>), or null.</param>
/// <param name="XPrime">Second point of the witness pair, <c>f(x) = f(x')</c>, <c>x ≠ x'</c>, or null.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record DeepInjectivityResult(InjectivityStatus Status, int Sectors, long PairsExamined, double[]? X, double[]? XPrime, TimeSpan Elapsed);
