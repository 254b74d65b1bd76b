using ReluAnalysis.Stability;

namespace ReluAnalysis.Tests.Stability;

public class StabilityBoundFuzzTests
{
    /// <summary>
    /// Random networks (k = 1..8, n = 5..24, parameter scales e^{±2}, half with labels set to interpolate):
    /// TV_g ≤ λ_max/2 − 1/2 + C_x √(2L) always, and λ_max(GN) ≥ 1 + 2 TV_g (Mulayoff) — the Gauss–Newton part does not
    /// depend on the labels, so this is checked on every case, interpolating or not.
    /// </summary>
    [Fact]
    public void Bound_holds_on_random_networks()
    {
        var rng = new Random(2024);
        int interpolating = 0, checkedCases = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            int k = rng.Next(1, 9), n = rng.Next(5, 25);
            double scaleIn = Math.Exp(4 * rng.NextDouble() - 2), scaleOut = Math.Exp(4 * rng.NextDouble() - 2);
            var theta = new double[3 * k + 1];
            for (int p = 0; p < theta.Length; p++)
            {
                double s = p < 2 * k ? scaleIn : scaleOut;
                theta[p] = s * (2 * rng.NextDouble() - 1);
            }

            var net = new UnivariateReluNet(theta);
            double[] x = [.. Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1)];
            bool interpolate = trial % 2 == 0;
            double[] y = interpolate
                ? [.. x.Select(net.Evaluate)]
                : [.. x.Select(v => Math.Sin(Math.PI * v) + 0.5 * (rng.NextDouble() - 0.5))];
            StabilityReport r = StabilityAnalysis.Analyze(net, x, y, 0.1);
            double tvg = r.WeightedTotalVariation;
            Assert.True(tvg <= r.BoundLambda + 1e-9, $"trial {trial}: TV_g {tvg} > RHS_λ {r.BoundLambda}");
            Assert.True(r.LambdaMaxGaussNewton >= 1 + 2 * tvg - 1e-9, $"trial {trial}: λ_GN {r.LambdaMaxGaussNewton} < 1 + 2 TV_g = {1 + 2 * tvg}");
            if (interpolate)
            {
                interpolating++;
                Assert.True(r.Loss < 1e-20);
                Assert.True(r.LambdaMax >= 1 + 2 * tvg - 1e-9);
            }

            if (r.LambdaMax <= 2 / 0.1)
            {
                Assert.True(tvg <= r.BoundEta!.Value + 1e-9);
            }

            checkedCases++;
        }

        Assert.Equal(200, interpolating);
        Assert.Equal(400, checkedCases);
    }

    [Fact]
    public void Equality_case_no_kink_inside_the_data()
    {
        // Every kink outside [-1, 1]: f is affine on the data, TV_g = 0 and λ_GN = 1 exactly when the slope part vanishes.
        double[] x = [-0.8, -0.3, 0.1, 0.5, 0.9];
        var net = new UnivariateReluNet([1.0, -1.0, -2.0, -3.0, 0.0, 0.0, 0.7]);
        double[] y = [.. x.Select(net.Evaluate)];
        StabilityReport r = StabilityAnalysis.Analyze(net, x, y);
        Assert.Equal(0.0, r.WeightedTotalVariation);
        Assert.Equal(1.0, r.LambdaMaxGaussNewton, 1e-12);
        Assert.Equal(1.0, r.LambdaMax, 1e-12);
        Assert.Equal(0.0, r.BoundLambda, 1e-12);
    }
}
