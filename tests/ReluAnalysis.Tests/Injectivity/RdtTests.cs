using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Injectivity;

namespace ReluAnalysis.Tests.Injectivity;

public class RdtTests
{
    [Fact]
    public void Plain_Threshold_MatchesReference()
    {
        RdtThreshold t = PlainRdt.Threshold();
        Assert.Equal(RdtStatus.Converged, t.Status);
        Assert.Equal(7.647695, t.Alpha, 1e-5);
        Assert.Equal(1.122814, t.Parameters["kappa"], 1e-5);
        Assert.Equal(0.630355, t.Parameters["chi"], 1e-5);
        Assert.Equal(1.0, t.Energy, 1e-10);
    }

    [Fact]
    public void Plain_CapacityEquationAndFreeEnergyForm_Agree()
    {
        double byEquation = PlainRdt.Threshold().Alpha;
        double byFreeEnergy = PlainRdt.ThresholdByMaximisation();
        Assert.Equal(byEquation, byFreeEnergy, 1e-8);
    }

    [Theory]
    [InlineData(5.0, 0.428926)]
    [InlineData(6.0, 0.631492)]
    [InlineData(8.0, 1.083324)]
    [InlineData(10.0, 1.580309)]
    public void Plain_Energies_MatchReference(double alpha, double expected)
    {
        RdtEnergy e = PlainRdt.Energy(alpha);
        Assert.Equal(expected, e.Energy, 1e-5);
        Assert.Equal(e.Energy, PlainRdt.EnergyByMaximisation(alpha), 1e-9);

        // Stationarity of the free-energy form at χ = κ²/2.
        Assert.Equal(1.0, alpha * PlainRdt.TruncatedSecondMoment(e.Parameters["kappa"]), 1e-10);
    }

    [Fact]
    public void Plain_EnergyCurve_IsIncreasing()
    {
        RdtEnergy[] curve = RdtCapacity.EnergyCurve(RdtLevel.Plain, [3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
        for (int i = 1; i < curve.Length; i++)
        {
            Assert.True(curve[i].Energy > curve[i - 1].Energy);
        }
    }

    [Fact]
    public void Second_Threshold_MatchesReference_AndIsStrictMaximum()
    {
        RdtThreshold t = SecondLevelRdt.Threshold();
        Assert.Equal(RdtStatus.Converged, t.Status);
        Assert.Equal(6.715697, t.Alpha, 2e-5);
        Assert.Equal(0.77723, t.Parameters["q0"], 0.77723 * 1e-3);
        Assert.Equal(0.053301, t.Parameters["chi"], 0.053301 * 1e-3);
        Assert.Equal(3.2867, t.Parameters["y"], 3.2867 * 1e-3);

        double[,] h = SecondLevelRdt.Hessian(t.Alpha, t.Parameters["q0"], t.Parameters["chi"], t.Parameters["y"]);
        var eigenvalues = Matrix<double>.Build.DenseOfArray(h).Evd().EigenValues;
        Assert.All(eigenvalues, v => Assert.True(v.Real < 0, $"Hessian eigenvalue {v.Real} is not negative"));
    }

    [Fact]
    public void Second_SmallY_RecoversPlainLevel()
    {
        const double alpha = 7.0;
        double expected = PlainRdt.Energy(alpha).Energy;

        // As y → 0 Φ1 no longer depends on q0 and equals the RS functional of χ.
        double best = MathNet.Numerics.FindMinimum.OfScalarFunctionConstrained(
            t => -SecondLevelRdt.Functional(alpha, 0.5, Math.Exp(t), 1e-6), -6.0, 4.0, 1e-10, 10_000);
        Assert.Equal(expected, SecondLevelRdt.Functional(alpha, 0.5, Math.Exp(best), 1e-6), 1e-5);
        Assert.Equal(SecondLevelRdt.Functional(alpha, 0.2, 0.4, 1e-6), SecondLevelRdt.Functional(alpha, 0.8, 0.4, 1e-6), 1e-5);
    }

    [Fact]
    public void Second_LogN_MatchesQuadrature()
    {
        // N(μ, s²; χ, y) = E_z exp(−y f(μ + s z; χ)) by brute-force split Gauss–Legendre in z.
        foreach (var (mu, s, chi, y) in new[] { (0.3, 0.5, 0.05, 3.0), (-1.2, 0.8, 0.6, 0.7), (2.0, 0.2, 0.1, 10.0) })
        {
            double kappa = Math.Sqrt(2 * chi);
            double z0 = -mu / s, z1 = (kappa - mu) / s;
            var rule = Gaussian.SplitLegendre([-40.0, z0, z1, 40.0], 80);
            double sum = 0;
            for (int k = 0; k < rule.Nodes.Length; k++)
            {
                double h = mu + s * rule.Nodes[k];
                double f = h <= 0 ? 0 : h < kappa ? h * h / (2 * chi) : 1.0;
                sum += rule.Weights[k] * Math.Exp(-y * f);
            }

            Assert.Equal(Math.Log(sum), SecondLevelRdt.LogN(mu, s, chi, y), 1e-10);
        }
    }

    [Fact]
    public void Second_EnergyCurve_LiesAboveTheReplicaSymmetricCurve_AndCrossesOneAtTheThreshold()
    {
        double[] alphas = [5.0, 6.0, 6.715697, 8.0];
        RdtEnergy[] lifted = RdtCapacity.EnergyCurve(RdtLevel.Second, alphas);
        for (int i = 0; i < alphas.Length; i++)
        {
            Assert.Equal(RdtStatus.Converged, lifted[i].Status);
            Assert.True(lifted[i].Energy > PlainRdt.Energy(alphas[i]).Energy, $"α = {alphas[i]}: lifting must raise the energy bound");
            Assert.True(i == 0 || lifted[i].Energy > lifted[i - 1].Energy);
        }

        Assert.Equal(1.0, lifted[2].Energy, 5e-6);
    }

    [Fact]
    public void Hermite_IntegratesMomentsExactly()
    {
        var (x, w) = Gaussian.Hermite(40);
        double m0 = 0, m2 = 0, m4 = 0, m6 = 0;
        for (int k = 0; k < x.Length; k++)
        {
            m0 += w[k];
            m2 += w[k] * x[k] * x[k];
            m4 += w[k] * Math.Pow(x[k], 4);
            m6 += w[k] * Math.Pow(x[k], 6);
        }

        Assert.Equal(1.0, m0, 1e-13);
        Assert.Equal(1.0, m2, 1e-12);
        Assert.Equal(3.0, m4, 1e-11);
        Assert.Equal(15.0, m6, 1e-10);
    }

    [Fact]
    public void Third_ReducesToSecond_OnTheBoundaries()
    {
        const double alpha = 6.7;
        double second = SecondLevelRdt.Functional(alpha, 0.77, 0.05, 3.3, 80);

        // q1 → q0: the middle layer vanishes and y2 plays y.
        Assert.Equal(second, ThirdLevelRdt.Functional(alpha, 0.77, 0.77 + 1e-12, 0.05, 1.5, 3.3, 80, 40), 1e-6);

        // y1 → y2: Gaussian convolution merges the two layers (any q1).
        Assert.Equal(second, ThirdLevelRdt.Functional(alpha, 0.77, 0.95, 0.05, 3.3 - 1e-9, 3.3, 80, 80), 1e-6);
    }

    [Fact]
    public void Third_Threshold_LiesBetweenSecondAndFullRsb()
    {
        RdtThreshold second = SecondLevelRdt.Threshold();
        RdtThreshold third = ThirdLevelRdt.Threshold(new RdtOptions { QuadratureNodes = 60, InnerQuadratureNodes = 40 });
        Assert.Equal(RdtStatus.Converged, third.Status);
        Assert.True(third.Alpha < second.Alpha - 1e-3, $"third level {third.Alpha} not below second {second.Alpha}");
        Assert.True(third.Alpha > 6.698, $"third level {third.Alpha} not above the full-RSB value 6.698");
        Assert.True(third.Parameters["q0"] < third.Parameters["q1"] && third.Parameters["y1"] < third.Parameters["y2"]);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Third_Threshold_ConvergesInTheQuadrature()
    {
        // 120 × 120 against 200 × 200 nodes: the third level is converged to ≈ 1e-6 (six significant digits).
        RdtThreshold medium = ThirdLevelRdt.Threshold(new RdtOptions { QuadratureNodes = 120, InnerQuadratureNodes = 120 });
        RdtThreshold fine = ThirdLevelRdt.Threshold(new RdtOptions { QuadratureNodes = 200, InnerQuadratureNodes = 200 });
        Assert.Equal(fine.Alpha, medium.Alpha, 1e-5);
        Assert.True(fine.Alpha > 6.698 && fine.Alpha < 6.715697 - 1e-3);
    }

    [Fact]
    public void Options_RejectBadValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SecondLevelRdt.Threshold(new RdtOptions { QuadratureNodes = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlainRdt.Energy(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlainRdt.Energy(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecondLevelRdt.Functional(6.7, 1.2, 0.05, 3.0));
    }
}
