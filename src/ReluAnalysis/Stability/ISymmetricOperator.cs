namespace ReluAnalysis.Stability;

/// <summary>A symmetric linear map <c>v ↦ A v</c> on <c>R^Dimension</c> given only by products (for Lanczos and power iteration).</summary>
public interface ISymmetricOperator
{
    /// <summary>Dimension of the space.</summary>
    int Dimension { get; }

    /// <summary>Writes <c>A v</c> into <paramref name="destination"/> (both of length <see cref="Dimension"/>).</summary>
    void Multiply(ReadOnlySpan<double> v, Span<double> destination);
}
