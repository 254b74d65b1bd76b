using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Arrangements;

namespace ReluAnalysis.Regions.Tests.Arrangements;

/// <summary>Random arrangements in general position whose vertices all lie well inside a box (spec §1.6 (a)).</summary>
internal static class ArrangementFactory
{
    public static double Binomial(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        double r = 1;
        for (int i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
        }

        return r;
    }

    public static long AffineCount(int n, int d) => (long)Enumerable.Range(0, d + 1).Sum(i => Binomial(n, i));

    public static long CentralCount(int n, int d) => (long)(2 * Enumerable.Range(0, d).Sum(i => Binomial(n - 1, i)));

    /// <summary>
    /// Affine arrangement: random unit normals, offsets in [−1, 1], added one at a time and redrawn until every
    /// d-subset containing it has a well-conditioned normal matrix (|det| ≥ 0.01 for unit rows). Every vertex is
    /// solved; the box is [−2R, 2R]^d with R the largest vertex coordinate, so all vertices lie in its middle half.
    /// </summary>
    public static (HyperplaneArrangement Arrangement, Box Box) Affine(int n, int d, int seed)
    {
        var (a, b) = Build(n, d, seed, central: false);
        double r = MaxVertex(a, b, n, d, out bool conditioned);
        Assert.True(conditioned);
        double h = 2 * Math.Max(r, 1);
        return (new HyperplaneArrangement(d, a, b), new Box(Enumerable.Repeat(-h, d).ToArray(), Enumerable.Repeat(h, d).ToArray()));
    }

    /// <summary>Central arrangement: random unit normals (every d-subset well conditioned), all offsets 0.</summary>
    public static HyperplaneArrangement Central(int n, int d, int seed)
    {
        var (a, b) = Build(n, d, seed, central: true);
        return new HyperplaneArrangement(d, a, b);
    }

    private static (double[] A, double[] B) Build(int n, int d, int seed, bool central)
    {
        var rng = new Random(seed);
        var a = new double[n * d];
        var b = new double[n];
        var m = new double[d * d];
        var rhs = new double[d];
        for (int i = 0; i < n; i++)
        {
            while (true)
            {
                double norm = 0;
                for (int j = 0; j < d; j++)
                {
                    a[i * d + j] = Gauss(rng);
                    norm += a[i * d + j] * a[i * d + j];
                }

                norm = Math.Sqrt(norm);
                for (int j = 0; j < d; j++)
                {
                    a[i * d + j] /= norm;
                }

                b[i] = central ? 0 : 2 * rng.NextDouble() - 1;
                if (NewSubsetsConditioned(a, i, d, m, rhs))
                {
                    break;
                }
            }
        }

        return (a, b);
    }

    /// <summary>Whether every d-subset made of row <paramref name="last"/> and d−1 earlier rows has |det| ≥ 0.01.</summary>
    private static bool NewSubsetsConditioned(double[] a, int last, int d, double[] m, double[] rhs)
    {
        int k = d - 1;
        if (last < k)
        {
            return true;
        }

        var idx = new int[k];
        for (int i = 0; i < k; i++)
        {
            idx[i] = i;
        }

        while (true)
        {
            for (int r = 0; r < d; r++)
            {
                int row = r < k ? idx[r] : last;
                for (int c = 0; c < d; c++)
                {
                    m[r * d + c] = a[row * d + c];
                }

                rhs[r] = 0;
            }

            if (Math.Abs(SolveInPlace(m, rhs, d)) < MinDet(d))
            {
                return false;
            }

            int p = k - 1;
            while (p >= 0 && idx[p] == last - k + p)
            {
                p--;
            }

            if (p < 0)
            {
                return true;
            }

            idx[p]++;
            for (int j = p + 1; j < k; j++)
            {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }

    private static double MaxVertex(double[] a, double[] b, int n, int d, out bool conditioned)
    {
        double max = 0;
        conditioned = true;
        var idx = new int[d];
        for (int i = 0; i < d; i++)
        {
            idx[i] = i;
        }

        var m = new double[d * d];
        var rhs = new double[d];
        while (true)
        {
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++)
                {
                    m[r * d + c] = a[idx[r] * d + c];
                }

                rhs[r] = -b[idx[r]];
            }

            double det = SolveInPlace(m, rhs, d);
            if (Math.Abs(det) < MinDet(d) * 0.999)
            {
                conditioned = false;
                return double.PositiveInfinity;
            }

            foreach (double v in rhs)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            int k = d - 1;
            while (k >= 0 && idx[k] == n - d + k)
            {
                k--;
            }

            if (k < 0)
            {
                return max;
            }

            idx[k]++;
            for (int j = k + 1; j < d; j++)
            {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }

    /// <summary>Gaussian elimination with partial pivoting; returns det, solution in rhs.</summary>
    private static double SolveInPlace(double[] m, double[] rhs, int d)
    {
        double det = 1;
        for (int c = 0; c < d; c++)
        {
            int p = c;
            for (int r = c + 1; r < d; r++)
            {
                if (Math.Abs(m[r * d + c]) > Math.Abs(m[p * d + c]))
                {
                    p = r;
                }
            }

            if (p != c)
            {
                for (int k = 0; k < d; k++)
                {
                    (m[c * d + k], m[p * d + k]) = (m[p * d + k], m[c * d + k]);
                }

                (rhs[c], rhs[p]) = (rhs[p], rhs[c]);
                det = -det;
            }

            double piv = m[c * d + c];
            det *= piv;
            if (Math.Abs(piv) < 1e-14)
            {
                return 0;
            }

            for (int r = c + 1; r < d; r++)
            {
                double f = m[r * d + c] / piv;
                for (int k = c; k < d; k++)
                {
                    m[r * d + k] -= f * m[c * d + k];
                }

                rhs[r] -= f * rhs[c];
            }
        }

        for (int c = d - 1; c >= 0; c--)
        {
            double s = rhs[c];
            for (int k = c + 1; k < d; k++)
            {
                s -= m[c * d + k] * rhs[k];
            }

            rhs[c] = s / m[c * d + c];
        }

        return det;
    }

    /// <summary>Conditioning threshold on |det| of d unit normals (looser in higher d, where small determinants are common).</summary>
    private static double MinDet(int d) => d <= 3 ? 0.01 : 2e-3;

    public static double Gauss(Random rng)
    {
        double u = 1 - rng.NextDouble();
        double v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
