namespace ReluAnalysis.Splines;

/// <summary>The Thomas algorithm for tridiagonal systems (no pivoting: for diagonally dominant or SPD matrices).</summary>
internal static class Tridiagonal
{
    /// <summary>Solves <c>A x = r</c> with <c>A_{i,i−1} = lower[i−1]</c>, <c>A_ii = diag[i]</c>, <c>A_{i,i+1} = upper[i]</c>.</summary>
    public static double[] Solve(ReadOnlySpan<double> lower, ReadOnlySpan<double> diag, ReadOnlySpan<double> upper, ReadOnlySpan<double> rhs)
    {
        int m = diag.Length;
        var c = new double[m];
        var x = new double[m];
        double beta = diag[0];
        x[0] = rhs[0] / beta;
        for (int i = 1; i < m; i++)
        {
            c[i] = upper[i - 1] / beta;
            beta = diag[i] - lower[i - 1] * c[i];
            x[i] = (rhs[i] - lower[i - 1] * x[i - 1]) / beta;
        }

        for (int i = m - 2; i >= 0; i--)
        {
            x[i] -= c[i + 1] * x[i + 1];
        }

        return x;
    }
}
