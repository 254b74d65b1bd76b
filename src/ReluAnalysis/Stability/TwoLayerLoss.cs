using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Stability;

/// <summary>
/// The one home of the analytic derivatives of <c>L(θ) = (1/(2n)) Σ_j (f_θ(x_j) − y_j)²</c> for the univariate
/// two-layer network <c>f_θ(x) = Σ a_i ReLU(w_i x + b_i) + c</c>, <c>θ = (w, b, a, c)</c>.
/// </summary>
/// <remarks>
/// <para>Jacobian row of sample j: <c>∂f/∂w_i = a_i 1_ij x_j</c>, <c>∂f/∂b_i = a_i 1_ij</c>,
/// <c>∂f/∂a_i = ReLU(w_i x_j + b_i)</c>, <c>∂f/∂c = 1</c>, with <c>1_ij</c> the pattern bit of
/// <see cref="SignRule.IsActive"/> (<c>z &gt; 0</c>); the vector loop uses the same comparison.</para>
/// <para>Pre-activations and outputs follow the engine's rounding: <c>z = fma(w_i, x_j, b_i)</c> and
/// <c>f = fma(a_i, ReLU(z_i), ·)</c> in ascending i from c, so forward values and pattern bits equal
/// <see cref="PatternEngine.Forward(ReadOnlySpan{double}, Span{double}, Span{ulong}, Span{double})"/> bit for bit
/// (tested), and the gradient equals the one assembled from the engine's masked backward step (tested to 1e-14).
/// The gradient loop is vectorised over samples (padded to whole vectors, padding masked out), touches no heap and
/// costs about <c>10·nk</c> flops: it is the inner step of 10⁵–10⁶-step full-batch GD, where the engine's general
/// per-sample backward step would cost an order of magnitude more. Not thread-safe: one instance per worker.</para>
/// </remarks>
internal sealed class TwoLayerLoss
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _valid;
    private readonly double[] _f;
    private readonly double[] _r;

    public TwoLayerLoss(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int width)
    {
        Guard.MinLength(x.Length, 1, nameof(x));
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.Finite(x, nameof(x));
        Guard.Finite(y, nameof(y));
        Guard.Positive(width, nameof(width));
        Count = x.Length;
        Width = width;
        int lanes = Vector<double>.Count;
        int padded = (x.Length + lanes - 1) / lanes * lanes;
        _x = new double[padded];
        _y = new double[padded];
        _valid = new double[padded];
        _f = new double[padded];
        _r = new double[padded];
        x.CopyTo(_x);
        y.CopyTo(_y);
        _valid.AsSpan(0, x.Length).Fill(1.0);
    }

    /// <summary>Number of samples n.</summary>
    public int Count { get; }

    /// <summary>Hidden width k.</summary>
    public int Width { get; }

    /// <summary>Training inputs.</summary>
    public ReadOnlySpan<double> X => _x.AsSpan(0, Count);

    /// <summary>Training labels.</summary>
    public ReadOnlySpan<double> Y => _y.AsSpan(0, Count);

    /// <summary>Residuals <c>r_j = f(x_j) − y_j</c> of the last <see cref="Loss"/> or <see cref="Gradient"/> call.</summary>
    public ReadOnlySpan<double> Residuals => _r.AsSpan(0, Count);

    /// <summary>Computes the residuals and returns <c>L(θ)</c>.</summary>
    public double Loss(ReadOnlySpan<double> theta)
    {
        Guard.Length(theta.Length, 3 * Width + 1, nameof(theta));
        return Forward(theta);
    }

    /// <summary>Writes <c>∇L(θ) = (1/n) Σ_j r_j J_j</c> into <paramref name="gradient"/> and returns <c>L(θ)</c>. No allocation.</summary>
    public double Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        Guard.Length(theta.Length, 3 * Width + 1, nameof(theta));
        Guard.Length(gradient.Length, theta.Length, nameof(gradient));
        double loss = Forward(theta);
        int k = Width, blocks = _x.Length / Vector<double>.Count;
        double invN = 1.0 / Count;
        ref double xs = ref MemoryMarshal.GetArrayDataReference(_x);
        ref double rs = ref MemoryMarshal.GetArrayDataReference(_r);
        double sumR = 0.0;
        for (int j = 0; j < Count; j++)
        {
            sumR += _r[j];
        }

        for (int i = 0; i < k; i++)
        {
            var w = new Vector<double>(theta[i]);
            var b = new Vector<double>(theta[k + i]);
            Vector<double> sa = Vector<double>.Zero, sb = Vector<double>.Zero, sw = Vector<double>.Zero;
            for (int blk = 0; blk < blocks; blk++)
            {
                Vector<double> xv = Vector.LoadUnsafe(ref xs, (nuint)(blk * Vector<double>.Count));
                Vector<double> rv = Vector.LoadUnsafe(ref rs, (nuint)(blk * Vector<double>.Count));
                Vector<double> z = Vector.FusedMultiplyAdd(w, xv, b);
                Vector<double> active = Vector.GreaterThan(z, Vector<double>.Zero).As<long, double>();
                Vector<double> rm = rv & active;
                sa += rm * z;
                sb += rm;
                sw += rm * xv;
            }

            double ai = theta[2 * k + i];
            gradient[i] = ai * Vector.Sum(sw) * invN;
            gradient[k + i] = ai * Vector.Sum(sb) * invN;
            gradient[2 * k + i] = Vector.Sum(sa) * invN;
        }

        gradient[3 * k] = sumR * invN;
        return loss;
    }

    /// <summary>Writes the Jacobian row <c>J_j = ∂f(x_j)/∂θ</c> into <paramref name="row"/> (length <c>3k + 1</c>).</summary>
    public void JacobianRow(ReadOnlySpan<double> theta, int j, Span<double> row)
    {
        int k = Width;
        double x = _x[j];
        for (int i = 0; i < k; i++)
        {
            double z = Math.FusedMultiplyAdd(theta[i], x, theta[k + i]);
            bool on = SignRule.IsActive(z);
            double a = theta[2 * k + i];
            row[i] = on ? a * x : 0.0;
            row[k + i] = on ? a : 0.0;
            row[2 * k + i] = on ? z : 0.0;
        }

        row[3 * k] = 1.0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Forward(ReadOnlySpan<double> theta)
    {
        int k = Width, lanes = Vector<double>.Count, blocks = _x.Length / lanes;
        ref double xs = ref MemoryMarshal.GetArrayDataReference(_x);
        ref double fs = ref MemoryMarshal.GetArrayDataReference(_f);
        var c = new Vector<double>(theta[3 * k]);
        for (int blk = 0; blk < blocks; blk++)
        {
            c.StoreUnsafe(ref fs, (nuint)(blk * lanes));
        }

        for (int i = 0; i < k; i++)
        {
            var w = new Vector<double>(theta[i]);
            var b = new Vector<double>(theta[k + i]);
            var a = new Vector<double>(theta[2 * k + i]);
            for (int blk = 0; blk < blocks; blk++)
            {
                nuint o = (nuint)(blk * lanes);
                Vector<double> z = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xs, o), b);
                Vector<double> f = Vector.FusedMultiplyAdd(a, Vector.Max(z, Vector<double>.Zero), Vector.LoadUnsafe(ref fs, o));
                f.StoreUnsafe(ref fs, o);
            }
        }

        double sum = 0.0;
        for (int j = 0; j < _x.Length; j++)
        {
            double r = (_f[j] - _y[j]) * _valid[j];
            _r[j] = r;
            sum += r * r;
        }

        return sum / (2.0 * Count);
    }
}
