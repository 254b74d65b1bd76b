using MathNet.Numerics.LinearAlgebra;

namespace ReluAnalysis.Splines;

/// <summary>One row of the conditioning table (spec §3).</summary>
/// <param name="Intervals">Number of intervals <c>N</c>.</param>
/// <param name="ReluGram">cond₂ of the ReLU-basis Gram matrix <c>Tᵀ M T</c>.</param>
/// <param name="ReluGramScaled">cond₂ of the ReLU Gram matrix after symmetric diagonal (column) scaling.</param>
/// <param name="HatGram">cond₂ of the hat mass matrix <c>M</c>.</param>
/// <param name="HatGramScaled">cond₂ of <c>diag(M)^{−1/2} M diag(M)^{−1/2}</c> (≤ 3 for any knots).</param>
public readonly record struct ConditioningRow(int Intervals, double ReluGram, double ReluGramScaled, double HatGram, double HatGramScaled);

/// <summary>
/// L2 Gram matrices of the two bases of the same spline space on given knots and their condition numbers
/// (spec §3): ReLU basis <c>{1, ReLU(x − k_0), …, ReLU(x − k_{N−1})}</c> with Gram <c>Tᵀ M T</c>
/// (cond grows like <c>N⁴</c>), hat basis with tridiagonal Gram <c>M</c> (scaled cond ≤ 3).
/// </summary>
public static class SplineConditioning
{
    /// <summary>Dense hat Gram (mass) matrix, row-major <c>(N+1)²</c>.</summary>
    public static double[] HatGram(ReadOnlySpan<double> knots)
    {
        var (diag, off) = L2Projection.MassMatrix(knots);
        int m = diag.Length;
        var g = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            g[i * m + i] = diag[i];
            if (i + 1 < m)
            {
                g[i * m + i + 1] = off[i];
                g[(i + 1) * m + i] = off[i];
            }
        }

        return g;
    }

    /// <summary>Dense ReLU-basis Gram matrix <c>Tᵀ M T</c>, row-major <c>(N+1)²</c>.</summary>
    public static double[] ReluGram(ReadOnlySpan<double> knots)
    {
        int m = knots.Length;
        var t = Matrix<double>.Build.DenseOfRowMajor(m, m, ReluSplineMap.TransferMatrix(knots));
        var mass = Matrix<double>.Build.DenseOfRowMajor(m, m, HatGram(knots));
        return (t.TransposeThisAndMultiply(mass * t)).ToRowMajorArray();
    }

    /// <summary>2-norm condition number of a symmetric row-major <c>n × n</c> matrix (SVD).</summary>
    public static double ConditionNumber(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Guard.Length(matrix.Length, n * n, nameof(matrix));
        return Matrix<double>.Build.DenseOfRowMajor(n, n, matrix).ConditionNumber();
    }

    /// <summary>Condition number after symmetric diagonal scaling <c>S^{−1/2} G S^{−1/2}</c>, <c>S = diag(G)</c>.</summary>
    public static double ScaledConditionNumber(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Guard.Length(matrix.Length, n * n, nameof(matrix));
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = 1.0 / Math.Sqrt(matrix[i * n + i]);
        }

        var scaled = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                scaled[i * n + j] = matrix[i * n + j] * s[i] * s[j];
            }
        }

        return ConditionNumber(scaled, n);
    }

    /// <summary>One conditioning row for the given knots.</summary>
    public static ConditioningRow Analyse(ReadOnlySpan<double> knots)
    {
        int m = knots.Length;
        double[] relu = ReluGram(knots);
        double[] hat = HatGram(knots);
        return new ConditioningRow(m - 1, ConditionNumber(relu, m), ScaledConditionNumber(relu, m), ConditionNumber(hat, m), ScaledConditionNumber(hat, m));
    }

    /// <summary>The conditioning table on uniform knots for each <c>N</c> in <paramref name="intervalCounts"/>.</summary>
    public static ConditioningRow[] UniformTable(IEnumerable<int> intervalCounts)
    {
        ArgumentNullException.ThrowIfNull(intervalCounts);
        return [.. intervalCounts.Select(n => Analyse(FreeKnotSpline.UniformKnots(n)))];
    }
}
