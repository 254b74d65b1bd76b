using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Networks;
using ReluAnalysis.Splines;

namespace ReluAnalysis.FiniteElements;

/// <summary>
/// ReLU networks that represent piecewise-linear finite-element functions: the weak two-hidden-layer representation of
/// Jin (arXiv 2403.05809, construction derived in spec A.3) and the exact one-hidden-layer representation in 1-D.
/// </summary>
public static class FeNetworkBuilder
{
    /// <summary>
    /// The two-hidden-layer network <c>Φ_k(x) = Σ_i N_i(x) − B</c>, <c>N_i = σ(g_i(x) + B − k Σ_{j∈J_i} σ(−s_ij t_j(x)))</c>.
    /// </summary>
    /// <remarks>
    /// <para>Layer 1 (safe, width 2n): <c>σ(t_j), σ(−t_j)</c>; x is recovered as <c>x = A_S^{−1}(t_S − b_S)</c> from d hyperplanes S
    /// chosen greedily for the best-conditioned normals, <c>t_j = σ(t_j) − σ(−t_j)</c>. Layer 1 (minimal, width n): <c>σ(o_j t_j)</c>
    /// with domain-boundary hyperplanes oriented ≥ 0 on Ω (S chosen among them, so x is exact on Ω) and
    /// <c>σ(−o_j t_j) = σ(o_j t_j) − o_j t_j</c>. Layer 2: one neuron per cell; output weights 1, bias −B.</para>
    /// <para>Exactness: at distance &gt; <c>(G + B)/k</c> from every hyperplane, <c>Φ_k = f</c> to rounding (safe) — every other
    /// cell's penalty exceeds <c>G + B</c>. The error lives in a band of width O(1/k): L¹ error O(1/k). Widths <c>(2n, m)</c> or <c>(n, m)</c>.</para>
    /// <para>Cost: O(n d + m (d + |J_i|)) to build, dense storage O(m n).</para>
    /// </remarks>
    /// <param name="function">The piecewise-linear function.</param>
    /// <param name="options">Steepness and variant (defaults: k = 1e9, safe).</param>
    /// <exception cref="ArgumentOutOfRangeException">k is not positive and finite.</exception>
    public static FeNetwork TwoHiddenLayer(PiecewiseLinearFunction function, FeNetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        options ??= new FeNetworkOptions();
        double k = options.K;
        if (!double.IsFinite(k) || k <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), k, $"options.K = {k}; expected a positive finite steepness.");
        }

        FeMesh mesh = function.Mesh;
        int d = mesh.Dimension, n = mesh.Hyperplanes.Count, m = mesh.CellCount;
        bool safe = options.Variant == FeLayerVariant.Safe;
        int n1 = safe ? 2 * n : n;

        // Orientation o_j of the minimal variant: boundary hyperplanes non-negative on Ω.
        var orientation = new int[n];
        double[] centre = new double[d];
        foreach (int v in mesh.DomainVertices)
        {
            for (int q = 0; q < d; q++)
            {
                centre[q] += mesh.Coordinate(v, q) / mesh.DomainVertices.Count;
            }
        }

        for (int j = 0; j < n; j++)
        {
            MeshHyperplane h = mesh.Hyperplanes[j];
            orientation[j] = !safe && h.OnBoundary && h.Value(centre) < 0 ? -1 : 1;
        }

        int[] basis = SelectBasis(mesh, safe);

        // x = Ainv (t_S − b_S): the coordinates as linear forms in the basis hyperplane values.
        var a = Matrix<double>.Build.Dense(d, d, (r, c) => mesh.Hyperplanes[basis[r]].Normal[c]);
        Matrix<double> ainv = a.Inverse();

        var w1 = new double[n1 * d];
        var b1 = new double[n1];
        for (int j = 0; j < n; j++)
        {
            MeshHyperplane h = mesh.Hyperplanes[j];
            int o = orientation[j];
            int row = safe ? 2 * j : j;
            for (int q = 0; q < d; q++)
            {
                w1[row * d + q] = o * h.Normal[q];
            }

            b1[row] = o * h.Offset;
            if (safe)
            {
                for (int q = 0; q < d; q++)
                {
                    w1[(row + 1) * d + q] = -h.Normal[q];
                }

                b1[row + 1] = -h.Offset;
            }
        }

        double bound = function.MaxAbs();
        double g = function.MaxAbsExtrapolated();
        var w2 = new double[m * n1];
        var b2 = new double[m];
        var coeff = new double[d];
        for (int i = 0; i < m; i++)
        {
            Span<double> row = w2.AsSpan(i * n1, n1);

            // g_i(x) + B as an affine form in layer-1 outputs.
            ReadOnlySpan<double> c = function.Gradient(i);
            double bias = function.Offset(i) + bound;
            AddLinear(mesh, c, ainv, basis, orientation, safe, row, ref bias, coeff);

            // −k σ(−s t_j) per facet.
            foreach (CellFacet f in mesh.Facets(i))
            {
                int j = f.Hyperplane;
                if (safe)
                {
                    row[f.Sign > 0 ? 2 * j + 1 : 2 * j] -= k;
                }
                else if (f.Sign * orientation[j] < 0)
                {
                    row[j] -= k;
                }
                else
                {
                    // σ(−o t) = σ(o t) − o t, with t = a·x + b written in the basis.
                    row[j] -= k;
                    MeshHyperplane h = mesh.Hyperplanes[j];
                    double o = orientation[j];
                    var scaled = new double[d];
                    for (int q = 0; q < d; q++)
                    {
                        scaled[q] = k * o * h.Normal[q];
                    }

                    bias += k * o * h.Offset;
                    AddLinear(mesh, scaled, ainv, basis, orientation, safe, row, ref bias, coeff);
                }
            }

            b2[i] = bias;
        }

        var w3 = Enumerable.Repeat(1.0, m).ToArray();
        var network = new ReluNetwork([new DenseLayer(n1, d, w1, b1), new DenseLayer(m, n1, w2, b2), new DenseLayer(1, m, w3, [-bound])]);
        return new FeNetwork(network, function, n, m, k, options.Variant, bound, g);
    }

    /// <summary>
    /// The exact one-hidden-layer network of a continuous P1 function on a 1-D mesh <c>x_0 &lt; … &lt; x_M</c>:
    /// <c>f(x) = f(x_0) + f'_1 σ(x − x_0) + Σ_{i=1}^{M−1} (f'_{i+1} − f'_i) σ(x − x_i)</c> on <c>[x_0, x_M]</c>, width M
    /// (M − 1 kink neurons plus one for the linear part), through <see cref="ReluSplineMap.ToNetwork"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The mesh is not 1-D or the function is not P1.</exception>
    public static FeNetwork OneHiddenLayer(PiecewiseLinearFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        FeMesh mesh = function.Mesh;
        if (mesh.Dimension != 1 || function.Space != FeSpace.P1)
        {
            throw new ArgumentException($"function is {function.Space} on a {mesh.Dimension}-D mesh; the exact one-hidden-layer network needs continuous P1 in 1-D.", nameof(function));
        }

        double[] knots = Enumerable.Range(0, mesh.VertexCount).Select(v => mesh.Coordinate(v, 0)).Order().ToArray();
        var values = new double[knots.Length];
        for (int v = 0; v < knots.Length; v++)
        {
            int cell = Math.Max(0, mesh.Locate([knots[v]]));
            values[v] = function.EvaluatePiece(cell, [knots[v]]);
        }

        ReluNetwork network = ReluSplineMap.ToNetwork(new FreeKnotSpline(knots, values));
        return new FeNetwork(network, function, mesh.Hyperplanes.Count, mesh.CellCount, double.PositiveInfinity, null, function.MaxAbs(), function.MaxAbsExtrapolated());
    }

    /// <summary>d hyperplanes with the best-conditioned normals, greedy (largest residual after projecting out the chosen ones).</summary>
    private static int[] SelectBasis(FeMesh mesh, bool safe)
    {
        int d = mesh.Dimension;
        var chosen = new List<int>();
        var q = new List<double[]>();
        for (int step = 0; step < d; step++)
        {
            int best = -1;
            double bestNorm = 1e-8;
            double[]? bestResidual = null;
            for (int j = 0; j < mesh.Hyperplanes.Count; j++)
            {
                MeshHyperplane h = mesh.Hyperplanes[j];
                if ((!safe && !h.OnBoundary) || chosen.Contains(j))
                {
                    continue;
                }

                double[] r = (double[])h.Normal.Clone();
                foreach (double[] u in q)
                {
                    double dot = 0;
                    for (int k = 0; k < d; k++)
                    {
                        dot += u[k] * r[k];
                    }

                    for (int k = 0; k < d; k++)
                    {
                        r[k] -= dot * u[k];
                    }
                }

                double norm = Math.Sqrt(r.Sum(v => v * v));
                if (norm > bestNorm + 1e-12)
                {
                    best = j;
                    bestNorm = norm;
                    bestResidual = r;
                }
            }

            if (best < 0)
            {
                throw new ArgumentException($"mesh \"{mesh.Name}\": its {(safe ? "" : "boundary ")}hyperplanes do not span R^{d}.", nameof(mesh));
            }

            chosen.Add(best);
            q.Add(bestResidual!.Select(v => v / bestNorm).ToArray());
        }

        return [.. chosen];
    }

    /// <summary>Adds the linear form <c>c·x</c> to a layer-2 row: <c>c·x = c·A^{−1}(t_S − b_S)</c>, <c>t_s</c> read off layer 1.</summary>
    private static void AddLinear(FeMesh mesh, ReadOnlySpan<double> c, Matrix<double> ainv, int[] basis, int[] orientation, bool safe, Span<double> row, ref double bias, double[] coeff)
    {
        int d = mesh.Dimension;

        // coeff = A^{−T} c: the weight of t_{S_s}.
        for (int s = 0; s < d; s++)
        {
            double v = 0;
            for (int q = 0; q < d; q++)
            {
                v += c[q] * ainv[q, s];
            }

            coeff[s] = v;
        }

        for (int s = 0; s < d; s++)
        {
            int j = basis[s];
            double w = coeff[s];
            bias -= w * mesh.Hyperplanes[j].Offset;
            if (safe)
            {
                row[2 * j] += w;
                row[2 * j + 1] -= w;
            }
            else
            {
                // Boundary hyperplane: t_j = o_j σ(o_j t_j) on Ω.
                row[j] += w * orientation[j];
            }
        }
    }
}
