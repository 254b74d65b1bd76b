using ReluAnalysis.Networks;
using ReluAnalysis.NullSpace;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests.NullSpace;

public class RegionStepAndQualityTests
{
    [Fact]
    public void RegionStep_MatchesTheClosedFormOnTheIdentityLayer()
    {
        // z = (x₁, x₂ − 1): at x = (2, 3) both active; along (−1, 0) the first neuron dies at t = 2,
        // along (−1, −4) the second at t = 0.5, along (1, 1) nothing limits the ray.
        var net = new ReluNetwork([new DenseLayer(2, 2, [1, 0, 0, 1], [0, -1]), new DenseLayer(1, 2, [1, 1], [0])]);
        double[] x = [2, 3];
        var region = ActivationRegion.Of(net, net.PatternAt(x));
        Assert.Equal(2.0, RegionStep.Largest(region, x, [-1, 0]), 1e-15);
        Assert.Equal(0.5, RegionStep.Largest(region, x, [-1, -4]), 1e-15);
        Assert.Equal(double.PositiveInfinity, RegionStep.Largest(region, x, [1, 1]));

        // The array form on the engine's region rows agrees.
        var normals = new double[4];
        var offsets = new double[2];
        net.Engine.RegionRows(PatternMask.From(net.PatternAt(x)), normals, offsets);
        Assert.Equal(0.5, RegionStep.Largest(normals, offsets, x, [-1, -4]), 1e-15);

        // An inactive neuron limits the ray when it would turn on: at (−1, 3) the first neuron is off until x₁ = 0.
        double[] y = [-1, 3];
        var off = ActivationRegion.Of(net, net.PatternAt(y));
        Assert.Equal(0.25, RegionStep.Largest(off, y, [4, 0]), 1e-15);
        Assert.Throws<ArgumentException>(() => RegionStep.Largest(region, x, [1]));
    }

    [Fact]
    public void Psnr_AndGlobalSsim_ClosedForms()
    {
        double[] a = [0, 0.5, 1, 0.25];
        double[] b = [0.1, 0.4, 1, 0.25];

        // MSE = (0.01 + 0.01) / 4 = 0.005.
        Assert.Equal(10 * Math.Log10(1 / 0.005), ImageQuality.Psnr(a, b), 1e-12);
        Assert.Equal(10 * Math.Log10(4 / 0.005), ImageQuality.Psnr(a, b, 2.0), 1e-12);
        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(a, a));
        Assert.Equal(1.0, ImageQuality.GlobalSsim(a, a), 1e-15);
        Assert.True(ImageQuality.GlobalSsim(a, b) < 1);
        Assert.True(ImageQuality.GlobalSsim(a, a.Select(v => 1 - v).ToArray()) < 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageQuality.Psnr(a, b, 0));
        Assert.Throws<ArgumentException>(() => ImageQuality.Psnr(a, [1.0]));
    }
}
