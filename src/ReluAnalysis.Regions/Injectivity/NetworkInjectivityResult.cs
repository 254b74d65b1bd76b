using ReluAnalysis.Geometry;
using ReluAnalysis.Injectivity;

namespace ReluAnalysis.Regions.Injectivity;

/// <summary>Verdict of <see cref="NetworkInjectivityChecker"/>.</summary>
public sealed record NetworkInjectivityResult
{
    /// <summary>Injective, NotInjective (with a witness pair) or Unknown (tolerance band, limit or timeout).</summary>
    public required InjectivityStatus Status { get; init; }

    /// <summary>Whether the network is bias-free, so the verdict holds on all of <c>R^n</c>; otherwise on <see cref="Domain"/> only.</summary>
    public required bool Homogeneous { get; init; }

    /// <summary>The input box searched.</summary>
    public required Box Domain { get; init; }

    /// <summary>Which test decided: "first layer", "layer-wise injective", "rank", "pairs", or the reason for Unknown.</summary>
    public required string Reason { get; init; }

    /// <summary>First point of the witness pair (in the box), or null.</summary>
    public double[]? X { get; init; }

    /// <summary>Second point, <c>x ≠ x'</c>, <c>f(x) = f(x')</c> up to the reported residual, or null.</summary>
    public double[]? XPrime { get; init; }

    /// <summary><c>‖f(x) − f(x')‖∞</c> by two forward passes (0 without a witness).</summary>
    public double Residual { get; init; }

    /// <summary>Linear regions of the network in the box (0 when a shortcut decided first).</summary>
    public int Regions { get; init; }

    /// <summary>LPs solved (region enumeration and pair LPs).</summary>
    public long Lps { get; init; }

    /// <summary>Region pairs examined (by linear algebra or LPs).</summary>
    public long PairsExamined { get; init; }

    /// <summary>Examined pairs decided by linear algebra alone (a one-point or diagonal collision set), without LPs.</summary>
    public long PairsByAlgebra { get; init; }

    /// <summary>Wall time.</summary>
    public required TimeSpan Elapsed { get; init; }
}
