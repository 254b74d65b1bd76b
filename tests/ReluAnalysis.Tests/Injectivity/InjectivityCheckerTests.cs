using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Injectivity;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Tests.Injectivity;

public class InjectivityCheckerTests
{
    private static readonly InjectivityCheckOptions Sequential = new() { MaxDegreeOfParallelism = 1 };

    [Fact]
    public void TwoInputs_FourRows_NeverInjective()
    {
        for (int seed = 0; seed < 1000; seed++)
        {
            double[] w = InjectivityMonteCarlo.SampleLayer(2, 4, 123, seed);
            var result = InjectivityChecker.Check(w, 4, 2, Sequential);
            Assert.Equal(InjectivityStatus.NotInjective, result.Status);
            AssertWitness(w, 4, 2, result);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void FewerThanTwiceTheInputs_NeverInjective(int n)
    {
        for (int m = 1; m < 2 * n; m++)
        {
            for (int seed = 0; seed < 40; seed++)
            {
                double[] w = InjectivityMonteCarlo.SampleLayer(n, m, 7, seed);
                var result = InjectivityChecker.Check(w, m, n, Sequential);
                Assert.Equal(InjectivityStatus.NotInjective, result.Status);
                AssertWitness(w, m, n, result);
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void AgreesWithBruteForce_SmallLayers(int n)
    {
        int injectiveSeen = 0, notSeen = 0;
        for (int m = n; m <= 12; m++)
        {
            for (int seed = 0; seed < 40; seed++)
            {
                double[] w = InjectivityMonteCarlo.SampleLayer(n, m, 99, seed);
                int brute = BruteForceMinimumPositives(w, m, n);
                var result = InjectivityChecker.Check(w, m, n);
                if (brute >= n)
                {
                    Assert.Equal(InjectivityStatus.Injective, result.Status);
                    Assert.Equal(brute, result.MinimumPositives);
                    injectiveSeen++;
                }
                else
                {
                    Assert.Equal(InjectivityStatus.NotInjective, result.Status);
                    Assert.True(result.MinimumPositives >= brute && result.MinimumPositives <= n - 1);
                    AssertWitness(w, m, n, result);
                    notSeen++;
                }
            }
        }

        Assert.True(injectiveSeen > 10 && notSeen > 10, $"both verdicts must occur ({injectiveSeen}, {notSeen})");
    }

    [Fact]
    public void OneInput_InjectiveIffBothSignsPresent()
    {
        Assert.Equal(InjectivityStatus.Injective, InjectivityChecker.Check([1.0, -2.0, 0.5], 3, 1).Status);
        var result = InjectivityChecker.Check([1.0, 2.0, 0.5], 3, 1);
        Assert.Equal(InjectivityStatus.NotInjective, result.Status);
        Assert.Equal(-1.0, result.Witness![0], 1e-12);
    }

    [Fact]
    public void Verdict_IndependentOfThreadCount()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            double[] w = InjectivityMonteCarlo.SampleLayer(4, 18, 5, seed);
            var one = InjectivityChecker.Check(w, 18, 4, Sequential);
            var many = InjectivityChecker.Check(w, 18, 4, new InjectivityCheckOptions { MaxDegreeOfParallelism = 4 });
            Assert.Equal(one.Status, many.Status);
            Assert.Equal(one.MinimumPositives, many.MinimumPositives);
            Assert.Equal(one.RaysExamined, many.RaysExamined);
            Assert.Equal(one.WitnessRays, many.WitnessRays);
            Assert.Equal(one.Witness, many.Witness);
        }
    }

    [Fact]
    public void InjectiveInstance_ExaminesEveryRay()
    {
        // Find an injective n = 3, m = 14 instance and check the ray count is C(14, 2).
        for (int seed = 0; ; seed++)
        {
            double[] w = InjectivityMonteCarlo.SampleLayer(3, 14, 11, seed);
            var result = InjectivityChecker.Check(w, 14, 3);
            if (result.Status == InjectivityStatus.Injective)
            {
                Assert.Equal(91, result.RaysExamined);
                Assert.True(result.MinimumPositives >= 3);
                return;
            }
        }
    }

    [Fact]
    public void RepeatedRow_IsDegenerate()
    {
        double[] w = InjectivityMonteCarlo.SampleLayer(3, 10, 3, 0);
        Array.Copy(w, 0, w, 3, 3);
        Assert.Equal(InjectivityStatus.Degenerate, InjectivityChecker.Check(w, 10, 3).Status);
    }

    [Fact]
    public void DenseLayer_Overload_MatchesSpan()
    {
        double[] w = InjectivityMonteCarlo.SampleLayer(3, 12, 4, 2);
        var layer = new DenseLayer(12, 3, w, new double[12]);
        Assert.Equal(InjectivityChecker.Check(w, 12, 3).Status, InjectivityChecker.Check(layer).Status);
        var biased = new DenseLayer(12, 3, w, Enumerable.Repeat(0.1, 12).ToArray());
        Assert.Throws<ArgumentException>(() => InjectivityChecker.Check(biased));
    }

    [Fact]
    public void BadInput_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => InjectivityChecker.Check([1.0, double.NaN], 2, 1));
        Assert.Throws<ArgumentException>(() => InjectivityChecker.Check([1.0, 2.0, 3.0], 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => InjectivityChecker.Check([1.0], 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => InjectivityChecker.Check([1.0], 1, 1, new InjectivityCheckOptions { Tolerance = -1 }));
    }

    [Fact]
    public void Cancellation_ThrowsOperationCanceled()
    {
        double[] w = InjectivityMonteCarlo.SampleLayer(5, 40, 1, 0);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => InjectivityChecker.Check(w, 40, 5, null, null, cts.Token));
    }

    [Fact]
    public void SignKernel_VectorPathsEqualScalar()
    {
        var rng = new Random(3);
        for (int m = 1; m <= 70; m++)
        {
            for (int rep = 0; rep < 5; rep++)
            {
                double[] p1 = Enumerable.Range(0, m).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                double[] p2 = Enumerable.Range(0, m).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                double[] t = Enumerable.Range(0, m).Select(_ => rng.NextDouble() * 0.2).ToArray();
                double a = rng.NextDouble() * 2 - 1, b = rng.NextDouble() * 2 - 1, scale = rng.NextDouble();
                var scalar = RaySignKernel.CountScalar(p1, p2, a, b, t, scale, 0);
                int zeros = 0;
                for (int i = 0; i < m; i++)
                {
                    zeros += Math.Abs(a * p1[i] - b * p2[i]) <= scale * t[i] ? 1 : 0;
                }

                Assert.Equal(m, scalar.Positive + scalar.Negative + zeros);
                Assert.Equal(scalar, RaySignKernel.Count(p1, p2, a, b, t, scale));
                if (m >= 4)
                {
                    Assert.Equal(scalar, RaySignKernel.CountVector256(p1, p2, a, b, t, scale));
                }

                if (m >= 8)
                {
                    Assert.Equal(scalar, RaySignKernel.CountVector512(p1, p2, a, b, t, scale));
                }
            }
        }
    }

    /// <summary>
    /// The witness x has no row on its hyperplane, at most n − 1 active rows, and f is constant along a
    /// direction orthogonal to the active rows near x.
    /// </summary>
    private static void AssertWitness(double[] w, int m, int n, InjectivityCheckResult result)
    {
        double[] x = result.Witness!;
        Assert.Equal(1.0, Math.Sqrt(x.Sum(v => v * v)), 1e-9);
        var wm = Matrix<double>.Build.DenseOfRowMajor(m, n, w);
        var z = wm * Vector<double>.Build.DenseOfArray(x);
        var active = Enumerable.Range(0, m).Where(i => z[i] > 0).ToArray();
        Assert.True(active.Length <= n - 1, $"{active.Length} active rows at the witness");
        Assert.True(z.All(v => Math.Abs(v) > 1e-12));
        Assert.Equal(result.MinimumPositives, active.Length);

        // A kernel direction of the active rows moves x without changing f.
        Vector<double> v;
        if (active.Length == 0)
        {
            v = Vector<double>.Build.Dense(n, i => i == 0 ? 1.0 : 0.0);
        }
        else
        {
            var wa = Matrix<double>.Build.Dense(active.Length, n, (i, j) => w[active[i] * n + j]);
            v = wa.Kernel()[0];
        }

        double room = z.Select(Math.Abs).Min() / (wm * v).AbsoluteMaximum() * 0.5;
        var x2 = Vector<double>.Build.DenseOfArray(x) + room * v;
        var f1 = (wm * Vector<double>.Build.DenseOfArray(x)).PointwiseMaximum(0.0);
        var f2 = (wm * x2).PointwiseMaximum(0.0);
        Assert.True((f1 - f2).L2Norm() <= 1e-9 * (1 + f1.L2Norm()));
        Assert.True(room * v.L2Norm() > 1e-9);
    }

    /// <summary>
    /// Independent brute force via Gordan's alternative: rows S can all be negative at one x iff 0 ∉ conv(S), and
    /// (Carathéodory, general position) 0 ∈ conv(S) iff some (n + 1)-subset of S contains 0 in its simplex. The
    /// minimum number of positives over cells is m − max{|S| : 0 ∉ conv(S)}.
    /// </summary>
    private static int BruteForceMinimumPositives(double[] w, int m, int n)
    {
        var containing = new List<int>();
        foreach (int[] u in Subsets(m, n + 1))
        {
            var a = Matrix<double>.Build.Dense(n + 1, n + 1, (i, j) => i < n ? w[u[j] * n + i] : 1.0);
            var rhs = Vector<double>.Build.Dense(n + 1, i => i == n ? 1.0 : 0.0);
            var lambda = a.Solve(rhs);
            if (lambda.All(l => l > 0))
            {
                containing.Add(u.Aggregate(0, (mask, i) => mask | (1 << i)));
            }
        }

        int best = 0;
        for (int s = 0; s < 1 << m; s++)
        {
            int size = System.Numerics.BitOperations.PopCount((uint)s);
            if (size > best && containing.TrueForAll(c => (c & s) != c))
            {
                best = size;
            }
        }

        return m - best;
    }

    private static IEnumerable<int[]> Subsets(int m, int k)
    {
        if (k > m)
        {
            yield break;
        }

        int[] idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int t = k - 1;
            while (t >= 0 && idx[t] == m - k + t)
            {
                t--;
            }

            if (t < 0)
            {
                yield break;
            }

            idx[t]++;
            for (int u = t + 1; u < k; u++)
            {
                idx[u] = idx[u - 1] + 1;
            }
        }
    }
}
