using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Networks;
using ReluAnalysis.Splines;

namespace ReluAnalysis.FiniteElements;

/// <summary>
/// A tensor neural network <c>u(x) = Σ_{r=1..R} Π_{i=1..d} φ_{r,i}(x_i)</c> whose factors are univariate one-hidden-layer
/// ReLU networks (spec A.4). A tensor-product Q1 function of rank R is exactly such a network of rank R.
/// </summary>
/// <remarks>
/// <see cref="FromQ1Grid"/> takes the nodal values <c>U</c> of a Q1 function on an <c>N_1 × N_2</c> grid, computes the thin
/// SVD <c>U = Σ σ_r u_r v_rᵀ</c> (MathNet), keeps the numerical rank (σ_r &gt; 1e−12 σ_max) and builds
/// <c>φ_{r,1} = P1(√σ_r u_r)</c>, <c>φ_{r,2} = P1(√σ_r v_r)</c> through <see cref="ReluSplineMap.ToNetwork"/>. For d ≥ 3 the tensor
/// rank is NP-hard; <see cref="FromCp"/> takes a user-supplied CP decomposition.
/// </remarks>
public sealed class TensorProductNetwork
{
    /// <summary>Relative singular-value threshold of the numerical rank.</summary>
    public const double RankTolerance = 1e-12;

    private readonly ReluNetwork[][] _factors;

    /// <summary>Creates the network from its factors: <c>factors[r][i]</c> is the [1, W, 1] network <c>φ_{r,i}</c>.</summary>
    public TensorProductNetwork(IReadOnlyList<IReadOnlyList<ReluNetwork>> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Count == 0)
        {
            throw new ArgumentException("factors is empty; expected rank ≥ 1.", nameof(factors));
        }

        int d = factors[0].Count;
        _factors = new ReluNetwork[factors.Count][];
        for (int r = 0; r < factors.Count; r++)
        {
            if (factors[r].Count != d || d == 0)
            {
                throw new ArgumentException($"factors[{r}] has {factors[r].Count} networks; expected {d} (one per dimension, at least one).", nameof(factors));
            }

            foreach (ReluNetwork net in factors[r])
            {
                ReluSplineMap.CheckShallow(net);
            }

            _factors[r] = [.. factors[r]];
        }
    }

    /// <summary>Rank R (number of terms).</summary>
    public int Rank => _factors.Length;

    /// <summary>Input dimension d.</summary>
    public int Dimension => _factors[0].Length;

    /// <summary>Total hidden neurons over all sub-networks.</summary>
    public int HiddenNeuronCount => _factors.Sum(f => f.Sum(n => n.HiddenNeuronCount));

    /// <summary>The factor network <c>φ_{r,i}</c>.</summary>
    public ReluNetwork Factor(int term, int dimension) => _factors[term][dimension];

    /// <summary><c>u(x) = Σ_r Π_i φ_{r,i}(x_i)</c>, each factor by <see cref="ReluNetwork.Evaluate(ReadOnlySpan{double})"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> x)
    {
        Guard.Length(x.Length, Dimension, nameof(x));
        double sum = 0;
        Span<double> out1 = stackalloc double[1];
        foreach (ReluNetwork[] term in _factors)
        {
            double prod = 1;
            for (int i = 0; i < term.Length; i++)
            {
                term[i].Evaluate(x.Slice(i, 1), out1);
                prod *= out1[0];
            }

            sum += prod;
        }

        return sum;
    }

    /// <summary>The numerical rank of a matrix: singular values above <see cref="RankTolerance"/>·σ_max.</summary>
    /// <param name="values">Row-major <c>rows × cols</c>.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="cols">Number of columns.</param>
    public static int NumericalRank(ReadOnlySpan<double> values, int rows, int cols)
    {
        Vector<double> s = Matrix<double>.Build.DenseOfRowMajor(rows, cols, values.ToArray()).Svd(false).S;
        double max = s.Count == 0 ? 0 : s[0];
        return max == 0 ? 0 : s.Count(v => v > RankTolerance * max);
    }

    /// <summary>The Q1 function with nodal values <paramref name="values"/> on the grid <c>xKnots × yKnots</c>, exactly, at numerical rank.</summary>
    /// <param name="xKnots">Strictly increasing grid of the first coordinate (N_1 + 1 nodes).</param>
    /// <param name="yKnots">Strictly increasing grid of the second coordinate (N_2 + 1 nodes).</param>
    /// <param name="values">Row-major <c>(N_1+1) × (N_2+1)</c>: <c>U[a, b] = u(x_a, y_b)</c>.</param>
    public static TensorProductNetwork FromQ1Grid(ReadOnlySpan<double> xKnots, ReadOnlySpan<double> yKnots, ReadOnlySpan<double> values)
    {
        int n1 = xKnots.Length, n2 = yKnots.Length;
        Guard.Length(values.Length, n1 * n2, nameof(values));
        Guard.Finite(values, nameof(values));
        var svd = Matrix<double>.Build.DenseOfRowMajor(n1, n2, values.ToArray()).Svd(true);
        double max = svd.S.Count == 0 ? 0 : svd.S[0];
        int rank = Math.Max(1, svd.S.Count(v => v > RankTolerance * max));
        var factors = new List<IReadOnlyList<ReluNetwork>>(rank);
        double[] xs = xKnots.ToArray(), ys = yKnots.ToArray();
        for (int r = 0; r < rank; r++)
        {
            double root = Math.Sqrt(svd.S[r]);
            double[] u = Enumerable.Range(0, n1).Select(a => root * svd.U[a, r]).ToArray();
            double[] v = Enumerable.Range(0, n2).Select(b => root * svd.VT[r, b]).ToArray();
            factors.Add([ReluSplineMap.ToNetwork(new FreeKnotSpline(xs, u)), ReluSplineMap.ToNetwork(new FreeKnotSpline(ys, v))]);
        }

        return new TensorProductNetwork(factors);
    }

    /// <summary>A tensor-product P1 function from a CP decomposition: <c>nodal[r][i]</c> are the values of <c>φ_{r,i}</c> at <c>knots[i]</c>.</summary>
    public static TensorProductNetwork FromCp(IReadOnlyList<double[]> knots, IReadOnlyList<IReadOnlyList<double[]>> nodal)
    {
        ArgumentNullException.ThrowIfNull(knots);
        ArgumentNullException.ThrowIfNull(nodal);
        var factors = nodal.Select(term => (IReadOnlyList<ReluNetwork>)term.Select((w, i) => ReluSplineMap.ToNetwork(new FreeKnotSpline(knots[i], w))).ToArray()).ToList();
        return new TensorProductNetwork(factors);
    }
}
