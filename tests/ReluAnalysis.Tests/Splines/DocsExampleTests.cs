using ReluAnalysis.Networks;
using ReluAnalysis.Splines;

namespace ReluAnalysis.Tests.Splines;

public class DocsExampleTests
{
    [Fact]
    public void ReadmeExample_GivesTheStatedNumbers_AndTheNetworkSurvivesNnetAndJson()
    {
        TargetFunction u = Targets.Get("x^(2/3)");
        double[] knots = Equidistribution.Knots(u, 64).Knots;
        FreeKnotSpline fit = L2Projection.BestApproximation(u, knots);
        double err = SplineError.L2(fit, u);
        Assert.Equal(1.351e-5, err, 8);
        ReluNetwork net = ReluSplineMap.ToNetwork(fit);
        Assert.Equal([1, 64, 1], net.LayerSizes());

        string dir = Path.Combine(Path.GetTempPath(), "fks-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            string nnet = Path.Combine(dir, "x23.nnet");
            string json = Path.Combine(dir, "x23.json");
            NnetFormat.Write(net, nnet);
            JsonNetworkFormat.Write(net, json);
            foreach (ReluNetwork loaded in new[] { NetworkFile.Load(nnet), NetworkFile.Load(json) })
            {
                FreeKnotSpline back = ReluSplineMap.ToSpline(loaded.WithNormalization(null));
                Assert.Equal(fit.IntervalCount, back.IntervalCount);
                var rng = new Random(8);
                for (int i = 0; i < 500; i++)
                {
                    double x = rng.NextDouble();
                    Assert.True(Math.Abs(loaded.Evaluate([x])[0] - fit.Evaluate(x)) <= 1e-9, $"x = {x}");
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
