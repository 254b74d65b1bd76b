using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Arrangements;

namespace ReluAnalysis.Benchmarks.Regions;

/// <summary>Affine arrangements in general position with every vertex well inside the box (same construction as the tests).</summary>
internal static class ArrangementInstances
{
    public static (HyperplaneArrangement Arrangement, Box Box) Affine(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var a = new double[n * d];
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            do
            {
                double norm = 0;
                for (int j = 0; j < d; j++)
                {
                    double u = 1 - rng.NextDouble();
                    double v = rng.NextDouble();
                    a[i * d + j] = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
                    norm += a[i * d + j] * a[i * d + j];
                }

                norm = Math.Sqrt(norm);
                for (int j = 0; j < d; j++)
                {
                    a[i * d + j] /= norm;
                }

                b[i] = 2 * rng.NextDouble() - 1;
            }
            while (!Conditioned(a, i, d));
        }

        // Largest vertex coordinate over all d-subsets (here d = 3 or 2).
        double r = 1;
        foreach (int[] s in Subsets(n, d))
        {
            double[] x = SolveSubset(a, b, s, d);
            r = Math.Max(r, x.Max(Math.Abs));
        }

        double h = 2 * r;
        return (new HyperplaneArrangement(d, a, b), new Box(Enumerable.Repeat(-h, d).ToArray(), Enumerable.Repeat(h, d).ToArray()));
    }

    private static bool Conditioned(double[] a, int last, int d)
    {
        foreach (int[] s in Subsets(last, d - 1))
        {
            int[] rows = [.. s, last];
            if (Math.Abs(Det(a, rows, d)) < 0.01)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        var idx = Enumerable.Range(0, k).ToArray();
        if (n < k)
        {
            yield break;
        }

        while (true)
        {
            yield return (int[])idx.Clone();
            int p = k - 1;
            while (p >= 0 && idx[p] == n - k + p)
            {
                p--;
            }

            if (p < 0)
            {
                yield break;
            }

            idx[p]++;
            for (int j = p + 1; j < k; j++)
            {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }

    private static double Det(double[] a, int[] rows, int d)
    {
        if (d == 2)
        {
            return a[rows[0] * 2] * a[rows[1] * 2 + 1] - a[rows[0] * 2 + 1] * a[rows[1] * 2];
        }

        double[] r0 = a.AsSpan(rows[0] * 3, 3).ToArray();
        double[] r1 = a.AsSpan(rows[1] * 3, 3).ToArray();
        double[] r2 = a.AsSpan(rows[2] * 3, 3).ToArray();
        return r0[0] * (r1[1] * r2[2] - r1[2] * r2[1]) - r0[1] * (r1[0] * r2[2] - r1[2] * r2[0]) + r0[2] * (r1[0] * r2[1] - r1[1] * r2[0]);
    }

    private static double[] SolveSubset(double[] a, double[] b, int[] rows, int d)
    {
        // Cramer's rule for d = 2 or 3: A x = −b.
        double det = Det(a, rows, d);
        var x = new double[d];
        var m = new double[a.Length];
        for (int j = 0; j < d; j++)
        {
            Array.Copy(a, m, a.Length);
            foreach (int r in rows)
            {
                m[r * d + j] = -b[r];
            }

            x[j] = Det(m, rows, d) / det;
        }

        return x;
    }
}
