using ReluAnalysis.Stability;

namespace ReluAnalysis.Tests.Stability;

public class LossHessianTests
{
    /// <summary>A random network and data with every pre-activation at least 0.02 away from 0 (no kink near a data point).</summary>
    internal static (UnivariateReluNet Net, double[] X, double[] Y) Case(int width, int count, int seed)
    {
        var rng = new Random(seed);
        for (int attempt = 0; ; attempt++)
        {
            UnivariateReluNet net = UnivariateReluNet.Random(width, seed * 1000 + attempt);
            double[] x = [.. Enumerable.Range(0, count).Select(_ => 2 * rng.NextDouble() - 1)];
            double[] y = [.. x.Select(v => Math.Sin(3 * v) + 0.3 * (rng.NextDouble() - 0.5))];
            bool clear = true;
            for (int i = 0; i < width && clear; i++)
            {
                foreach (double v in x)
                {
                    clear &= Math.Abs(net.InputWeights[i] * v + net.InputBiases[i]) > 0.02;
                }
            }

            if (clear)
            {
                return (net, x, y);
            }
        }
    }

    private static double Loss(double[] theta, double[] x, double[] y) => new LossHessian(new UnivariateReluNet(theta), x, y).Loss;

    private static double[] Gradient(double[] theta, double[] x, double[] y)
    {
        var g = new double[theta.Length];
        new LossHessian(new UnivariateReluNet(theta), x, y).Gradient(g);
        return g;
    }

    [Fact]
    public void Loss_equals_plain_evaluation_through_the_network()
    {
        var (net, x, y) = Case(9, 13, 1);
        double expected = 0.0;
        for (int j = 0; j < x.Length; j++)
        {
            double r = net.Network.Evaluate([x[j]])[0] - y[j];
            expected += r * r;
        }

        Assert.Equal(expected / (2 * x.Length), new LossHessian(net, x, y).Loss, 1e-14);
    }

    [Theory]
    [InlineData(1, 5, 2)]
    [InlineData(6, 11, 3)]
    [InlineData(12, 7, 4)]
    public void Gradient_and_Hessian_match_central_finite_differences(int width, int count, int seed)
    {
        var (net, x, y) = Case(width, count, seed);
        double[] theta = net.Parameters.ToArray();
        var h = new LossHessian(net, x, y);
        double[] grad = Gradient(theta, x, y);
        double[] dense = h.Dense();
        int d = theta.Length;
        const double step = 1e-6;
        double gradScale = grad.Max(Math.Abs), hessScale = dense.Max(Math.Abs);
        for (int p = 0; p < d; p++)
        {
            double[] plus = (double[])theta.Clone(), minus = (double[])theta.Clone();
            plus[p] += step;
            minus[p] -= step;
            double fd = (Loss(plus, x, y) - Loss(minus, x, y)) / (2 * step);
            Assert.True(Math.Abs(fd - grad[p]) <= 1e-6 * gradScale, $"dL/dθ{p}: analytic {grad[p]}, difference {fd}");
            double[] gp = Gradient(plus, x, y), gm = Gradient(minus, x, y);
            for (int q = 0; q < d; q++)
            {
                double fdh = (gp[q] - gm[q]) / (2 * step);
                Assert.True(Math.Abs(fdh - dense[p * d + q]) <= 1e-6 * hessScale, $"H[{p},{q}]: analytic {dense[p * d + q]}, difference {fdh}");
                Assert.Equal(dense[p * d + q], dense[q * d + p]);
            }
        }
    }

    [Fact]
    public void Hessian_vector_products_equal_dense_products()
    {
        var (net, x, y) = Case(10, 17, 5);
        var h = new LossHessian(net, x, y);
        int d = h.Dimension;
        double[] dense = h.Dense(), gn = h.GaussNewton();
        var rng = new Random(7);
        double[] v = [.. Enumerable.Range(0, d).Select(_ => rng.NextDouble() - 0.5)];
        var hv = new double[d];
        var gv = new double[d];
        h.Multiply(v, hv);
        h.MultiplyGaussNewton(v, gv);
        for (int p = 0; p < d; p++)
        {
            double e = 0.0, g = 0.0;
            for (int q = 0; q < d; q++)
            {
                e += dense[p * d + q] * v[q];
                g += gn[p * d + q] * v[q];
            }

            Assert.Equal(e, hv[p], 1e-12);
            Assert.Equal(g, gv[p], 1e-12);
        }
    }

    [Fact]
    public void Dense_power_iteration_and_Lanczos_agree_and_Gauss_Newton_equals_Gram()
    {
        var (net, x, y) = Case(8, 12, 6);
        var h = new LossHessian(net, x, y);
        double[] dense = h.Dense();
        double exact = TopEigenvalue.Dense(dense, h.Dimension);
        EigenvalueEstimate power = TopEigenvalue.PowerIteration(h, TopEigenvalue.GershgorinBound(dense, h.Dimension), 1e-15, 2_000_000);
        EigenvalueEstimate powerOperator = TopEigenvalue.PowerIteration(h, h.SpectralBound(), 1e-15, 2_000_000);
        EigenvalueEstimate lanczos = TopEigenvalue.Lanczos(h, h.Dimension, 1e-12);
        Assert.True(power.Converged && powerOperator.Converged && lanczos.Converged);
        Assert.Equal(exact, power.Value, 1e-8 * exact);
        Assert.Equal(exact, powerOperator.Value, 1e-8 * exact);
        Assert.Equal(exact, lanczos.Value, 1e-8 * exact);
        Assert.True(h.SpectralBound() >= Math.Abs(exact));

        double gn = TopEigenvalue.Dense(h.GaussNewton(), h.Dimension);
        Assert.Equal(gn, TopEigenvalue.Dense(h.Gram(), h.Count), 1e-10 * gn);
        Assert.Equal(gn, TopEigenvalue.Lanczos(h.GaussNewtonOperator(), h.Dimension, 1e-12).Value, 1e-8 * gn);
        Assert.True(gn >= 1.0 - 1e-12);
    }

    [Fact]
    public void Top_eigenvalue_of_a_known_quadratic()
    {
        // A = Q diag(λ) Qᵀ with Q a Householder reflection; eigenvalues {-7, -1, 0.5, 2, 3, 3.5}: λ_max = 3.5 while |−7| is larger.
        double[] lambda = [-7, -1, 0.5, 2, 3, 3.5];
        int d = lambda.Length;
        double[] u = [0.3, -0.1, 0.5, 0.2, -0.7, 0.4];
        double norm2 = u.Sum(t => t * t);
        var a = new double[d * d];
        for (int p = 0; p < d; p++)
        {
            for (int q = 0; q < d; q++)
            {
                double s = 0.0;
                for (int m = 0; m < d; m++)
                {
                    double qpm = (p == m ? 1 : 0) - 2 * u[p] * u[m] / norm2;
                    double qqm = (q == m ? 1 : 0) - 2 * u[q] * u[m] / norm2;
                    s += qpm * lambda[m] * qqm;
                }

                a[p * d + q] = s;
            }
        }

        var op = new MatrixOperator(a, d);
        Assert.Equal(3.5, TopEigenvalue.Dense(a, d), 1e-12);
        Assert.Equal(3.5, TopEigenvalue.PowerIteration(op, TopEigenvalue.GershgorinBound(a, d), 1e-15, 1_000_000).Value, 1e-8);
        Assert.Equal(3.5, TopEigenvalue.Lanczos(op, d, 1e-13).Value, 1e-10);
        // Without the shift, power iteration finds the dominant |λ| = 7 instead: the reason for the shift.
        Assert.Equal(-7.0, TopEigenvalue.PowerIteration(op, 0.0, 1e-15, 1_000_000).Value, 1e-6);
    }

    private sealed class MatrixOperator(double[] a, int d) : ISymmetricOperator
    {
        public int Dimension => d;

        public void Multiply(ReadOnlySpan<double> v, Span<double> destination)
        {
            for (int p = 0; p < d; p++)
            {
                double s = 0.0;
                for (int q = 0; q < d; q++)
                {
                    s += a[p * d + q] * v[q];
                }

                destination[p] = s;
            }
        }
    }
}

public class TwoLayerLossEngineTests
{
    [Fact]
    public void Residuals_are_bit_identical_to_the_engine_and_the_gradient_equals_the_engines_masked_backward_step()
    {
        var (net, x, y) = LossHessianTests.Case(37, 23, 11);
        var h = new LossHessian(net, x, y);
        var grad = new double[h.Dimension];
        h.Gradient(grad);
        ReluAnalysis.Patterns.PatternEngine engine = net.Network.Engine;
        int k = net.Width, n = x.Length;
        var expected = new double[h.Dimension];
        var output = new double[1];
        var pre = new double[k];
        var dh = new double[k];
        for (int j = 0; j < n; j++)
        {
            var words = new ulong[engine.Layout.WordCount];
            engine.Forward([x[j]], output, words, pre);
            double r = output[0] - y[j];
            Assert.Equal(r, h.Residuals[j]);
            var mask = ReluAnalysis.Patterns.PatternMask.From(ReluAnalysis.Patterns.ActivationPattern.Wrap(engine.Layout, words));
            engine.Backward(engine.HiddenLayerCount, [r / n], 1, mask, dh);
            for (int i = 0; i < k; i++)
            {
                bool open = mask.IsOpen(0, i);
                double delta = open ? dh[i] : 0.0;
                expected[i] += delta * x[j];
                expected[k + i] += delta;
                expected[2 * k + i] += open ? r / n * pre[i] : 0.0;
            }

            expected[3 * k] += r / n;
        }

        double scale = expected.Max(Math.Abs);
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.True(Math.Abs(expected[p] - grad[p]) <= 1e-14 * scale, $"θ{p}: engine {expected[p]}, ours {grad[p]}");
        }
    }
}
