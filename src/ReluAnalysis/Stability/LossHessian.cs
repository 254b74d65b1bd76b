using ReluAnalysis.Patterns;

namespace ReluAnalysis.Stability;

/// <summary>
/// The Hessian of <c>L(θ) = (1/(2n)) Σ_j (f_θ(x_j) − y_j)²</c> for a univariate two-layer network at one θ: the
/// dense matrix for small widths, Hessian–vector products for large ones, the Gauss–Newton part and its Gram matrix.
/// </summary>
/// <remarks>
/// <para><c>H = (1/n) Σ_j J_j J_jᵀ + (1/n) Σ_j r_j ∇²f(x_j)</c>, exact wherever no kink sits on a data point (it jumps
/// when one crosses). <c>∇²f(x_j)</c> is non-zero only at <c>(a_i, w_i) = (w_i, a_i) = 1_ij x_j</c> and
/// <c>(a_i, b_i) = (b_i, a_i) = 1_ij</c>, with <c>1_ij</c> from <see cref="SignRule.IsActive"/>. Coordinates are
/// <c>θ = (w, b, a, c)</c>: <c>w_i</c> at <c>i</c>, <c>b_i</c> at <c>k + i</c>, <c>a_i</c> at <c>2k + i</c>, <c>c</c> at <c>3k</c>.</para>
/// <para>Costs: <see cref="Dense"/> <c>O(n k²)</c> time and <c>(3k+1)²</c> memory; <see cref="Multiply"/> <c>O(nk)</c>, no allocation.
/// Not thread-safe (scratch buffers): one instance per worker.</para>
/// </remarks>
public sealed class LossHessian : ISymmetricOperator
{
    private readonly TwoLayerLoss _loss;
    private readonly double[] _theta;
    private readonly double[] _jacobian;
    private readonly double _value;

    /// <summary>Prepares the Hessian of the loss of <paramref name="net"/> on the data <c>(x, y)</c>.</summary>
    /// <param name="net">The network (θ).</param>
    /// <param name="x">Training inputs (n ≥ 1, finite).</param>
    /// <param name="y">Training labels (n, finite).</param>
    public LossHessian(UnivariateReluNet net, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(net);
        _loss = new TwoLayerLoss(x, y, net.Width);
        _theta = net.Parameters.ToArray();
        Width = net.Width;
        _value = _loss.Loss(_theta);
        _jacobian = new double[net.Width * 3 + 1];
    }

    /// <summary>Hidden width k.</summary>
    public int Width { get; }

    /// <summary>Number of samples n.</summary>
    public int Count => _loss.Count;

    /// <summary>Dimension <c>3k + 1</c>.</summary>
    public int Dimension => _theta.Length;

    /// <summary><c>L(θ)</c>, with its ½.</summary>
    public double Loss => _value;

    /// <summary>Residuals <c>r_j = f(x_j) − y_j</c>.</summary>
    public ReadOnlySpan<double> Residuals => _loss.Residuals;

    /// <summary>Writes <c>∇L(θ)</c> into <paramref name="destination"/> (length <c>3k + 1</c>).</summary>
    public void Gradient(Span<double> destination) => _loss.Gradient(_theta, destination);

    /// <summary>Writes the Jacobian row <c>J_j = ∂f(x_j)/∂θ</c> into <paramref name="destination"/>.</summary>
    public void JacobianRow(int sample, Span<double> destination)
    {
        Guard.Index(sample, Count, nameof(sample));
        Guard.Length(destination.Length, Dimension, nameof(destination));
        _loss.JacobianRow(_theta, sample, destination);
    }

    /// <summary>The dense Hessian, row-major <c>(3k+1) × (3k+1)</c>; <c>O(n k²)</c>.</summary>
    public double[] Dense() => Build(includeResidualTerm: true);

    /// <summary>The dense Gauss–Newton part <c>(1/n) Σ_j J_j J_jᵀ</c>, row-major <c>(3k+1) × (3k+1)</c>.</summary>
    public double[] GaussNewton() => Build(includeResidualTerm: false);

    /// <summary>
    /// The Gram matrix <c>G = (1/n) J Jᵀ</c>, row-major <c>n × n</c>; its non-zero eigenvalues equal those of the
    /// Gauss–Newton part.
    /// </summary>
    public double[] Gram()
    {
        int n = Count, d = Dimension;
        var rows = new double[n * d];
        for (int j = 0; j < n; j++)
        {
            _loss.JacobianRow(_theta, j, rows.AsSpan(j * d, d));
        }

        var gram = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            for (int l = 0; l <= j; l++)
            {
                double s = Kernels.Dot.Compute(rows.AsSpan(j * d, d), rows.AsSpan(l * d, d), 0.0) / n;
                gram[j * n + l] = s;
                gram[l * n + j] = s;
            }
        }

        return gram;
    }

    /// <summary>
    /// The Hessian–vector product without the matrix, <c>O(nk)</c>:
    /// <c>Hv = (1/n) Σ_j (J_j·v) J_j + (1/n) Σ_j r_j Σ_i 1_ij [e_{a_i}(v_{w_i} x_j + v_{b_i}) + (e_{w_i} x_j + e_{b_i}) v_{a_i}]</c>.
    /// </summary>
    public void Multiply(ReadOnlySpan<double> v, Span<double> destination) => Product(v, destination, includeResidualTerm: true);

    /// <summary>The Gauss–Newton product <c>(1/n) Σ_j (J_j·v) J_j</c>.</summary>
    public void MultiplyGaussNewton(ReadOnlySpan<double> v, Span<double> destination) => Product(v, destination, includeResidualTerm: false);

    /// <summary>
    /// A bound <c>s ≥ ‖H‖₂</c> from products only: <c>tr(GN) + (1/n) Σ_j |r_j| √(1 + x_j²)</c>, since
    /// <c>|vᵀ∇²f(x)v| ≤ √(1 + x²)</c> for unit v. Shift power iteration by it so the largest algebraic eigenvalue dominates.
    /// </summary>
    public double SpectralBound()
    {
        double trace = 0.0, residual = 0.0;
        ReadOnlySpan<double> x = _loss.X, r = _loss.Residuals;
        for (int j = 0; j < Count; j++)
        {
            _loss.JacobianRow(_theta, j, _jacobian);
            trace += Kernels.Dot.Compute(_jacobian, _jacobian, 0.0);
            residual += Math.Abs(r[j]) * Math.Sqrt(1.0 + x[j] * x[j]);
        }

        return (trace + residual) / Count;
    }

    /// <summary>The Gauss–Newton part as an operator (for Lanczos or power iteration).</summary>
    public ISymmetricOperator GaussNewtonOperator() => new GaussNewtonView(this);

    private void Product(ReadOnlySpan<double> v, Span<double> destination, bool includeResidualTerm)
    {
        Guard.Length(v.Length, Dimension, nameof(v));
        Guard.Length(destination.Length, Dimension, nameof(destination));
        int k = Width, n = Count;
        ReadOnlySpan<double> x = _loss.X, r = _loss.Residuals;
        destination.Clear();
        double invN = 1.0 / n;
        for (int j = 0; j < n; j++)
        {
            _loss.JacobianRow(_theta, j, _jacobian);
            double u = Kernels.Dot.Compute(_jacobian, v, 0.0) * invN;
            for (int p = 0; p < destination.Length; p++)
            {
                destination[p] += u * _jacobian[p];
            }

            if (includeResidualTerm && r[j] != 0.0)
            {
                double rj = r[j] * invN, xj = x[j];
                for (int i = 0; i < k; i++)
                {
                    if (SignRule.IsActive(Math.FusedMultiplyAdd(_theta[i], xj, _theta[k + i])))
                    {
                        destination[2 * k + i] += rj * (v[i] * xj + v[k + i]);
                        destination[i] += rj * xj * v[2 * k + i];
                        destination[k + i] += rj * v[2 * k + i];
                    }
                }
            }
        }
    }

    private double[] Build(bool includeResidualTerm)
    {
        int k = Width, n = Count, d = Dimension;
        var h = new double[d * d];
        ReadOnlySpan<double> x = _loss.X, r = _loss.Residuals;
        double invN = 1.0 / n;
        for (int j = 0; j < n; j++)
        {
            _loss.JacobianRow(_theta, j, _jacobian);
            for (int p = 0; p < d; p++)
            {
                double jp = _jacobian[p] * invN;
                if (jp == 0.0)
                {
                    continue;
                }

                Span<double> row = h.AsSpan(p * d, d);
                for (int q = p; q < d; q++)
                {
                    row[q] += jp * _jacobian[q];
                }
            }

            if (includeResidualTerm)
            {
                double rj = r[j] * invN, xj = x[j];
                for (int i = 0; i < k; i++)
                {
                    if (SignRule.IsActive(Math.FusedMultiplyAdd(_theta[i], xj, _theta[k + i])))
                    {
                        // Upper triangle only (a_i comes after w_i and b_i); mirrored below.
                        int a = 2 * k + i;
                        h[i * d + a] += rj * xj;
                        h[(k + i) * d + a] += rj;
                    }
                }
            }
        }

        // Exactly symmetric: the lower triangle is a copy of the upper one.
        for (int p = 1; p < d; p++)
        {
            for (int q = 0; q < p; q++)
            {
                h[p * d + q] = h[q * d + p];
            }
        }

        return h;
    }

    private sealed class GaussNewtonView(LossHessian owner) : ISymmetricOperator
    {
        public int Dimension => owner.Dimension;

        public void Multiply(ReadOnlySpan<double> v, Span<double> destination) => owner.MultiplyGaussNewton(v, destination);
    }
}
