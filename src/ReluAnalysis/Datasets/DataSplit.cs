namespace ReluAnalysis.Datasets;

/// <summary>Seeded, stratified train/test splits of labelled rows.</summary>
public static class DataSplit
{
    /// <summary>
    /// Splits row indices so that each class puts <c>round(n_class · testFraction)</c> rows (half away from zero) into
    /// the second part. Rows of a class are shuffled by a seeded Fisher–Yates pass; both parts are returned ascending.
    /// </summary>
    /// <param name="labels">Class label of every row.</param>
    /// <param name="testFraction">Share of each class in the second part, in (0, 1).</param>
    /// <param name="seed">Shuffle seed.</param>
    public static (int[] Train, int[] Test) Stratified(IReadOnlyList<int> labels, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "expected a fraction in (0, 1).");
        }

        var rng = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            int[] rows = group.ToArray();
            for (int i = rows.Length - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }

            int nTest = (int)Math.Round(rows.Length * testFraction, MidpointRounding.AwayFromZero);
            test.AddRange(rows.Take(nTest));
            train.AddRange(rows.Skip(nTest));
        }

        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }

    /// <summary>The entries of <paramref name="rows"/> at positions <paramref name="positions"/>.</summary>
    public static int[] Select(IReadOnlyList<int> rows, IEnumerable<int> positions) => positions.Select(p => rows[p]).ToArray();
}
