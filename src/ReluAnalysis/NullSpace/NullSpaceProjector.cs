using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.NullSpace;

/// <summary>
/// The orthogonal split of the input space <c>ℝ^D</c> by a matrix <c>W</c> (<c>H × D</c>): its row space
/// <c>R = range Wᵀ</c> and its null space <c>N = ker W</c>, with the projections <c>P_R x = Q (Qᵀ x)</c> and
/// <c>P_N x = x − P_R x</c>, where the <c>r</c> rows of <see cref="RowBasis"/> are an orthonormal basis <c>Qᵀ</c> of
/// <c>R</c>. The <c>D × D</c> projectors are never formed.
/// </summary>
/// <remarks>
/// <para>Construction (thin SVD through a thin QR, MathNet): the tall one of <c>Wᵀ</c> and <c>W</c> is factored as
/// <c>Q₀ R₀</c> (Householder), then <c>R₀ = U Σ Vᵀ</c> (a square SVD of side <c>min(H, D)</c>). For <c>D ≥ H</c>,
/// <c>Wᵀ = (Q₀ U) Σ Vᵀ</c> and the row-space basis is the first <c>r</c> columns of <c>Q₀ U</c>; for <c>D &lt; H</c>,
/// <c>W = (Q₀ U) Σ Vᵀ</c> and the basis is the first <c>r</c> rows of <c>Vᵀ</c>. The numerical rank <c>r</c> counts the
/// singular values <c>σ_i &gt; τ · σ_max</c> (τ = <see cref="RelativeTolerance"/>, default 1e-10); a zero matrix has
/// rank 0. Cost <c>O(max(H, D) · min(H, D)²)</c> once, <c>O(D r)</c> per projection.</para>
/// <para>For the first layer of a network, every <c>z ∈ N</c> is a null direction of the whole network:
/// <c>f(x + z) = f(x)</c> for every <c>x</c>, because the first pre-activations <c>W₁x + b₁</c> do not change
/// (Li and Short, arXiv 2401.10262). For the Jacobian <c>A_σ</c> of an activation region (<see cref="ForRegion"/>),
/// <c>N</c> is the local null space: <c>f</c> is constant along it as long as the point stays in the region.</para>
/// </remarks>
public sealed class NullSpaceProjector
{
    /// <summary>Default relative rank tolerance τ: singular values <c>≤ τ σ_max</c> count as zero.</summary>
    public const double DefaultRelativeTolerance = 1e-10;

    private readonly double[] _basis;
    private readonly double[] _singularValues;

    private NullSpaceProjector(int inputDimension, int rank, double[] basis, double[] singularValues, double relativeTolerance)
    {
        InputDimension = inputDimension;
        Rank = rank;
        _basis = basis;
        _singularValues = singularValues;
        RelativeTolerance = relativeTolerance;
    }

    /// <summary>The dimension <c>D</c> of the input space (columns of <c>W</c>).</summary>
    public int InputDimension { get; }

    /// <summary>The numerical rank <c>r</c> of <c>W</c>: the dimension of the row space.</summary>
    public int Rank { get; }

    /// <summary><c>D − r</c>: the dimension of the null space.</summary>
    public int NullDimension => InputDimension - Rank;

    /// <summary>The relative tolerance τ the rank was decided with.</summary>
    public double RelativeTolerance { get; }

    /// <summary>All <c>min(H, D)</c> singular values of <c>W</c>, descending.</summary>
    public ReadOnlySpan<double> SingularValues => _singularValues;

    /// <summary>Row-major <c>r × D</c>: orthonormal rows spanning the row space of <c>W</c>.</summary>
    public ReadOnlySpan<double> RowBasis => _basis;

    /// <summary>The split of <c>ℝ^D</c> by the row-major <c>rows × cols</c> matrix <paramref name="matrix"/>.</summary>
    /// <param name="rows">H, at least 1.</param>
    /// <param name="cols">D, at least 1.</param>
    /// <param name="matrix">Row-major <c>rows × cols</c> finite values.</param>
    /// <param name="relativeTolerance">τ in [0, 1).</param>
    /// <exception cref="ArgumentException">A size, length or value is invalid.</exception>
    public static NullSpaceProjector Of(int rows, int cols, ReadOnlySpan<double> matrix, double relativeTolerance = DefaultRelativeTolerance)
    {
        Guard.Positive(rows, nameof(rows));
        Guard.Positive(cols, nameof(cols));
        Guard.Length(matrix.Length, rows * cols, nameof(matrix));
        Guard.Finite(matrix, nameof(matrix));
        if (!(relativeTolerance >= 0 && relativeTolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, $"relativeTolerance must be in [0, 1); found {relativeTolerance}.");
        }

        // MathNet storage is column-major: the row-major W (H × D) read column-major is Wᵀ (D × H).
        Matrix<double> wT = Matrix<double>.Build.Dense(cols, rows, matrix.ToArray());
        bool wide = cols >= rows;
        Matrix<double> tall = wide ? wT : wT.Transpose();
        var qr = tall.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var svd = qr.R.Svd(true);
        double[] s = svd.S.ToArray();
        double top = s.Length > 0 ? s[0] : 0.0;
        int rank = 0;
        while (rank < s.Length && top > 0 && s[rank] > relativeTolerance * top)
        {
            rank++;
        }

        var basis = new double[rank * cols];
        if (wide)
        {
            // Columns of Q₀ U (D × H) span range Wᵀ.
            Matrix<double> left = qr.Q * svd.U;
            for (int i = 0; i < rank; i++)
            {
                for (int t = 0; t < cols; t++)
                {
                    basis[i * cols + t] = left[t, i];
                }
            }
        }
        else
        {
            // W = (Q₀ U) Σ Vᵀ: the leading rows of Vᵀ (D × D) span the row space.
            for (int i = 0; i < rank; i++)
            {
                for (int t = 0; t < cols; t++)
                {
                    basis[i * cols + t] = svd.VT[i, t];
                }
            }
        }

        return new NullSpaceProjector(cols, rank, basis, s, relativeTolerance);
    }

    /// <summary>The split by the first layer's weights <c>W₁</c> of <paramref name="network"/>: its null space holds the
    /// global null directions of the network.</summary>
    public static NullSpaceProjector ForFirstLayer(ReluNetwork network, double relativeTolerance = DefaultRelativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        DenseLayer first = network.Layers[0];
        return Of(first.Outputs, first.Inputs, first.Weights, relativeTolerance);
    }

    /// <summary>
    /// The split by the Jacobian <c>A_σ = W_L D_{L−1} ⋯ D_1 W_1</c> of the activation region of
    /// <paramref name="pattern"/>: its null space is the local null space of the network on that region and contains
    /// the first layer's null space.
    /// </summary>
    /// <remarks>The Jacobian rows come from the engine's masked backward steps (<see cref="PatternEngine.Backward"/>),
    /// all outputs at once from the output layer down: <c>O(outputs · Σ n_k n_{k+1})</c>, cheaper than the forward
    /// local map when there are fewer outputs than inputs.</remarks>
    public static NullSpaceProjector ForRegion(ReluNetwork network, ActivationPattern pattern, double relativeTolerance = DefaultRelativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (pattern.Layout is null || !pattern.Layout.Equals(network.PatternLayout))
        {
            throw new ArgumentException("pattern does not match the network's hidden layer sizes.", nameof(pattern));
        }

        PatternEngine engine = network.Engine;
        PatternMask mask = PatternMask.From(pattern);
        int outputs = network.OutputDimension;
        var j = new double[outputs * outputs];
        for (int o = 0; o < outputs; o++)
        {
            j[o * outputs + o] = 1.0;
        }

        for (int k = network.HiddenLayerCount; k >= 0; k--)
        {
            var next = new double[outputs * network.Layers[k].Inputs];
            engine.Backward(k, j, outputs, mask, next);
            j = next;
        }

        return Of(outputs, network.InputDimension, j, relativeTolerance);
    }

    /// <summary><c>P_R x</c>, the component of <paramref name="x"/> the matrix sees.</summary>
    public double[] ProjectOntoRowSpace(ReadOnlySpan<double> x)
    {
        var y = new double[InputDimension];
        ProjectOntoRowSpace(x, y);
        return y;
    }

    /// <summary><c>P_R x = Σ_i (q_i·x) q_i</c> into <paramref name="destination"/> (length D; may not overlap <paramref name="x"/>).</summary>
    public void ProjectOntoRowSpace(ReadOnlySpan<double> x, Span<double> destination)
    {
        Guard.Length(x.Length, InputDimension, nameof(x));
        Guard.Length(destination.Length, InputDimension, nameof(destination));
        int d = InputDimension;
        destination.Clear();
        for (int i = 0; i < Rank; i++)
        {
            ReadOnlySpan<double> q = _basis.AsSpan(i * d, d);
            double c = Kernels.Dot.Compute(q, x);
            for (int t = 0; t < d; t++)
            {
                destination[t] += c * q[t];
            }
        }
    }

    /// <summary><c>P_N x = x − P_R x</c>, the component of <paramref name="x"/> the matrix annihilates.</summary>
    public double[] ProjectOntoNullSpace(ReadOnlySpan<double> x)
    {
        var y = new double[InputDimension];
        ProjectOntoNullSpace(x, y);
        return y;
    }

    /// <summary><c>P_N x = x − P_R x</c> into <paramref name="destination"/> (length D; may not overlap <paramref name="x"/>).</summary>
    public void ProjectOntoNullSpace(ReadOnlySpan<double> x, Span<double> destination)
    {
        ProjectOntoRowSpace(x, destination);
        for (int t = 0; t < destination.Length; t++)
        {
            destination[t] = x[t] - destination[t];
        }
    }
}
