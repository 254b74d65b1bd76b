using System.Globalization;

namespace ReluAnalysis.Proofs;

/// <summary>One exact row <c>a·x ≤ b</c>.</summary>
internal readonly record struct ExactRow(Rational[] A, Rational B);

/// <summary>The two exact certificate checks: Farkas (a closed system is empty) and Motzkin (a strict system is empty).</summary>
internal static class ExactLinear
{
    /// <summary>
    /// Checks that <c>y ≥ 0</c> proves <c>{x : a_i·x ≤ b_i ∀i} = ∅</c>. The system must contain the box rows
    /// <c>l ≤ x ≤ u</c>, which allows the exact repair of a small residual <c>r = Σ y_i a_i</c> (the producer's
    /// multipliers are rounded doubles): adding <c>r_j</c> on the row <c>−x_j ≤ −l_j</c> when <c>r_j &gt; 0</c> and
    /// <c>−r_j</c> on <c>x_j ≤ u_j</c> when <c>r_j &lt; 0</c> cancels <c>r</c> exactly and raises <c>Σ y_i b_i</c> by at most
    /// <c>Σ_j |r_j| max(|l_j|, |u_j|)</c>. The certificate holds iff the repaired <c>Σ y_i b_i &lt; 0</c>: then
    /// <c>0 = (Σ y_i a_i)·x ≤ Σ y_i b_i &lt; 0</c> for any point of the system, a contradiction.
    /// </summary>
    /// <returns>Null when the certificate holds; otherwise the reason.</returns>
    public static string? Farkas(IReadOnlyList<ExactRow> rows, IReadOnlyList<(int Index, Rational Y)> y, Rational[] lower, Rational[] upper)
    {
        int n = lower.Length;
        var r = new Rational[n];
        Array.Fill(r, Rational.Zero);
        Rational beta = Rational.Zero;
        foreach (var (index, v) in y)
        {
            if (index < 0 || index >= rows.Count)
            {
                return $"multiplier on row {index}, but the system has rows 0..{rows.Count - 1}.";
            }

            if (v.Sign < 0)
            {
                return $"multiplier on row {index} is negative ({v.ToDouble():G6}); Farkas multipliers must be ≥ 0.";
            }

            if (v.IsZero)
            {
                continue;
            }

            ExactRow row = rows[index];
            for (int j = 0; j < n; j++)
            {
                if (!row.A[j].IsZero)
                {
                    r[j] += v * row.A[j];
                }
            }

            beta += v * row.B;
        }

        Rational repaired = beta;
        Rational residual = Rational.Zero;
        for (int j = 0; j < n; j++)
        {
            if (r[j].Sign > 0)
            {
                repaired -= r[j] * lower[j];
            }
            else if (r[j].Sign < 0)
            {
                repaired -= r[j] * upper[j];
            }

            residual += Rational.Abs(r[j]);
        }

        return repaired.Sign < 0
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"Σ y_i b_i = {beta.ToDouble():G6}, after the exact box repair of the residual |Σ y_i a_i|₁ = {residual.ToDouble():G3} it is {repaired.ToDouble():G6}, not < 0.");
    }

    /// <summary>
    /// Checks that the rows named by <paramref name="support"/> prove <c>{x : a_i·x &lt; b_i ∀i} = ∅</c> (Motzkin's
    /// alternative): the checker computes the exact kernel of <c>Σ_{i∈S} y_i a_i = 0</c> (it must be one-dimensional),
    /// orients it, and accepts iff <c>y ≥ 0</c> and <c>Σ y_i b_i ≤ 0</c>: then <c>0 = (Σ y_i a_i)·x &lt; Σ y_i b_i ≤ 0</c> for any
    /// point of the strict system. No search: the support is the producer's; the multipliers are determined by it.
    /// </summary>
    /// <returns>Null when the certificate holds; otherwise the reason.</returns>
    public static string? Motzkin(IReadOnlyList<ExactRow> rows, IReadOnlyList<int> support, int n)
    {
        int m = support.Count;
        if (m == 0)
        {
            return "the emptiness certificate names no rows.";
        }

        foreach (int i in support)
        {
            if (i < 0 || i >= rows.Count)
            {
                return $"support row {i}, but the system has rows 0..{rows.Count - 1}.";
            }
        }

        if (support.Distinct().Count() != m)
        {
            return "the support names a row twice.";
        }

        // Reduced row echelon form of the n × m matrix whose columns are the support rows' normals.
        var M = new Rational[n, m];
        for (int c = 0; c < m; c++)
        {
            for (int j = 0; j < n; j++)
            {
                M[j, c] = rows[support[c]].A[j];
            }
        }

        var pivotOf = new int[m];
        Array.Fill(pivotOf, -1);
        int rank = 0;
        for (int c = 0; c < m && rank < n; c++)
        {
            int p = -1;
            for (int r = rank; r < n; r++)
            {
                if (!M[r, c].IsZero)
                {
                    p = r;
                    break;
                }
            }

            if (p < 0)
            {
                continue;
            }

            for (int k = 0; k < m; k++)
            {
                (M[rank, k], M[p, k]) = (M[p, k], M[rank, k]);
            }

            Rational inv = Rational.One / M[rank, c];
            for (int k = 0; k < m; k++)
            {
                M[rank, k] *= inv;
            }

            for (int r = 0; r < n; r++)
            {
                if (r != rank && !M[r, c].IsZero)
                {
                    Rational f = M[r, c];
                    for (int k = 0; k < m; k++)
                    {
                        M[r, k] -= f * M[rank, k];
                    }
                }
            }

            pivotOf[c] = rank;
            rank++;
        }

        if (m - rank != 1)
        {
            return $"the support's normals have a kernel of dimension {m - rank}; expected exactly 1 (a minimal dependent set).";
        }

        int free = Array.IndexOf(pivotOf, -1);
        var y = new Rational[m];
        for (int c = 0; c < m; c++)
        {
            y[c] = c == free ? Rational.One : pivotOf[c] >= 0 ? -M[pivotOf[c], free] : Rational.Zero;
        }

        bool anyNegative = y.Any(v => v.Sign < 0), anyPositive = y.Any(v => v.Sign > 0);
        if (anyNegative && anyPositive)
        {
            return "the exact kernel of the support has multipliers of both signs; no nonnegative combination vanishes.";
        }

        Rational beta = Rational.Zero;
        for (int c = 0; c < m; c++)
        {
            Rational v = anyNegative ? -y[c] : y[c];
            beta += v * rows[support[c]].B;
        }

        return beta.Sign <= 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"the exact kernel combination has Σ y_i b_i = {beta.ToDouble():G6} > 0; the strict system is not proved empty.");
    }
}
