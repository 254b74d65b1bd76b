using ReluAnalysis.Splines;

namespace ReluAnalysis.Tests.Splines;

public class ConditioningTests
{
    [Fact]
    public void ReluGram_GrowsLikeNToTheFourth_HatGramStaysBounded()
    {
        ConditioningRow[] rows = SplineConditioning.UniformTable([16, 32, 64, 128]);
        for (int i = 1; i < rows.Length; i++)
        {
            double ratio = rows[i].ReluGram / rows[i - 1].ReluGram;
            Assert.True(ratio > 12, $"N = {rows[i].Intervals}: ratio {ratio}");
            Assert.True(ratio < 17, $"N = {rows[i].Intervals}: ratio {ratio}");
            Assert.True(rows[i].ReluGramScaled > rows[i - 1].ReluGramScaled * 8, "column scaling does not cure it");
        }

        Assert.True(rows[^1].ReluGram / rows[^2].ReluGram >= 13);
        Assert.All(rows, r => Assert.True(r.HatGram <= 4 && r.HatGramScaled <= 3 + 1e-9, $"N = {r.Intervals}: {r.HatGram}, {r.HatGramScaled}"));
    }

    [Fact]
    public void ScaledHatGram_IsBoundedByThree_ForAnyKnots()
    {
        var rng = new Random(1);
        var random = new double[101];
        for (int i = 1; i < 100; i++)
        {
            random[i] = rng.NextDouble();
        }

        random[100] = 1;
        Array.Sort(random);
        double[][] all = [FreeKnotSpline.UniformKnots(100), Equidistribution.Knots(Targets.TwoThirds, 100).Knots, random];
        foreach (double[] k in all)
        {
            ConditioningRow r = SplineConditioning.Analyse(k);
            Assert.True(r.HatGramScaled <= 3 + 1e-9, $"{r.HatGramScaled}");
            Assert.True(r.ReluGram > 1e6, $"{r.ReluGram}");
        }
    }

    [Fact]
    public void ReluGram_IsTheL2GramOfTheReluBasis()
    {
        double[] k = Equidistribution.Knots(Targets.Gauss100, 6).Knots;
        double[] g = SplineConditioning.ReluGram(k);
        int m = k.Length;
        Func<double, double> Basis(int i) => i == 0 ? _ => 1.0 : x => Math.Max(0, x - k[i - 1]);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                var bi = Basis(i);
                var bj = Basis(j);
                double direct = 0;
                for (int l = 0; l + 1 < m; l++)
                {
                    direct += MathNet.Numerics.Integrate.GaussLegendre(x => bi(x) * bj(x), k[l], k[l + 1], 8);
                }

                Assert.True(Math.Abs(direct - g[i * m + j]) <= 1e-13, $"G[{i},{j}] = {g[i * m + j]}, direct {direct}");
            }
        }
    }
}

public class LinearLayerTrainingTests
{
    [Fact]
    public void SameSpace_HatBasisTrains_ReluBasisStalls()
    {
        TargetFunction t = Targets.TwoThirds;
        double[] k = Equidistribution.Knots(t, 32).Knots;
        double relu = LinearLayerTraining.Train(t, k, SplineBasis.Relu);
        double hat = LinearLayerTraining.Train(t, k, SplineBasis.Hat);
        double optimum = SplineError.L2(L2Projection.BestApproximation(t, k), t);
        Assert.True(hat <= 2 * optimum, $"hat basis {hat} vs optimum {optimum}");
        Assert.True(relu >= 10 * hat, $"ReLU basis {relu} vs hat basis {hat}");
        Assert.True(relu >= optimum && hat >= optimum * 0.999);
    }
}
