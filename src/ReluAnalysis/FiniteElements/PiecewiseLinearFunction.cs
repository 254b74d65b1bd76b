using MathNet.Numerics.LinearAlgebra;

namespace ReluAnalysis.FiniteElements;

/// <summary>
/// A function that is affine on every cell of a mesh, <c>f = g_i(x) = c_i·x + e_i</c> on <c>K_i</c> — continuous (P1),
/// discontinuous (DG-P1) or piecewise constant (P0). Immutable.
/// </summary>
/// <remarks>
/// Interpolants (<see cref="Interpolate"/>): P1 takes the vertex values (simplicial meshes only); DG-P1 takes, per cell,
/// the affine interpolant at the vertices pulled halfway to the centroid, <c>p = x_c + (v − x_c)/2</c> (least squares when
/// a polygon has more than d + 1 vertices) — a genuinely discontinuous interpolant; P0 takes the value at the centroid.
/// </remarks>
public sealed class PiecewiseLinearFunction
{
    private readonly double[] _gradients;
    private readonly double[] _offsets;

    /// <summary>Creates the function from per-cell gradients and offsets.</summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="space">Which space the coefficients come from (a label; not re-checked).</param>
    /// <param name="gradients">Row-major <c>m × d</c>: <c>c_i</c>.</param>
    /// <param name="offsets"><c>m</c> values <c>e_i</c>.</param>
    public PiecewiseLinearFunction(FeMesh mesh, FeSpace space, ReadOnlySpan<double> gradients, ReadOnlySpan<double> offsets)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Guard.Length(gradients.Length, mesh.CellCount * mesh.Dimension, nameof(gradients));
        Guard.Length(offsets.Length, mesh.CellCount, nameof(offsets));
        Guard.Finite(gradients, nameof(gradients));
        Guard.Finite(offsets, nameof(offsets));
        Mesh = mesh;
        Space = space;
        _gradients = gradients.ToArray();
        _offsets = offsets.ToArray();
    }

    /// <summary>The mesh.</summary>
    public FeMesh Mesh { get; }

    /// <summary>The space.</summary>
    public FeSpace Space { get; }

    /// <summary>Gradient <c>c_i</c> of the affine piece on cell <paramref name="cell"/>.</summary>
    public ReadOnlySpan<double> Gradient(int cell) => new(_gradients, cell * Mesh.Dimension, Mesh.Dimension);

    /// <summary>Offset <c>e_i</c> of the affine piece on cell <paramref name="cell"/>.</summary>
    public double Offset(int cell) => _offsets[cell];

    /// <summary>The affine piece of cell <paramref name="cell"/> at any point (extrapolated outside the cell).</summary>
    public double EvaluatePiece(int cell, ReadOnlySpan<double> x)
    {
        double s = _offsets[cell];
        int d = Mesh.Dimension;
        for (int k = 0; k < d; k++)
        {
            s += _gradients[cell * d + k] * x[k];
        }

        return s;
    }

    /// <summary><c>f(x)</c>: the piece of the cell <see cref="FeMesh.Locate"/> finds (lowest index on shared facets).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is outside Ω.</exception>
    public double Evaluate(ReadOnlySpan<double> x)
    {
        int cell = Mesh.Locate(x);
        if (cell < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"x = ({string.Join(", ", x.ToArray())}) lies outside the mesh domain.");
        }

        return EvaluatePiece(cell, x);
    }

    /// <summary><c>B = max_i max_{v ∈ K_i} |g_i(v)| = max_Ω |f|</c> over the cell vertices.</summary>
    public double MaxAbs()
    {
        double best = 0;
        for (int i = 0; i < Mesh.CellCount; i++)
        {
            foreach (int v in Mesh.CellVertices(i))
            {
                best = Math.Max(best, Math.Abs(EvaluatePiece(i, Mesh.Vertex(v))));
            }
        }

        return best;
    }

    /// <summary><c>G = max_i max_{x ∈ Ω} |g_i(x)|</c>: every affine piece extrapolated over Ω (attained at Ω's vertices).</summary>
    public double MaxAbsExtrapolated()
    {
        double best = 0;
        for (int i = 0; i < Mesh.CellCount; i++)
        {
            foreach (int v in Mesh.DomainVertices)
            {
                best = Math.Max(best, Math.Abs(EvaluatePiece(i, Mesh.Vertex(v))));
            }
        }

        return best;
    }

    /// <summary>The P1, DG-P1 or P0 interpolant of <paramref name="function"/> on <paramref name="mesh"/>.</summary>
    /// <param name="mesh">The mesh (simplicial for P1).</param>
    /// <param name="function">Maps a point (length d) to a finite value.</param>
    /// <param name="space">The space.</param>
    /// <exception cref="ArgumentException">P1 on a non-simplicial mesh, or a non-finite function value.</exception>
    public static PiecewiseLinearFunction Interpolate(FeMesh mesh, Func<double[], double> function, FeSpace space)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(function);
        int d = mesh.Dimension, m = mesh.CellCount;
        if (space == FeSpace.P1 && !mesh.IsSimplicial)
        {
            throw new ArgumentException($"space P1 needs a simplicial mesh; mesh \"{mesh.Name}\" has non-simplex cells (use DgP1 or P0).", nameof(space));
        }

        double F(double[] x)
        {
            double y = function(x);
            if (!double.IsFinite(y))
            {
                throw new ArgumentException($"function({string.Join(", ", x)}) = {y}; expected a finite value.", nameof(function));
            }

            return y;
        }

        var vertexValues = new double[mesh.VertexCount];
        if (space == FeSpace.P1)
        {
            for (int v = 0; v < mesh.VertexCount; v++)
            {
                vertexValues[v] = F(mesh.Vertex(v).ToArray());
            }
        }

        var gradients = new double[m * d];
        var offsets = new double[m];
        for (int i = 0; i < m; i++)
        {
            double[] centroid = mesh.Centroid(i).ToArray();
            if (space == FeSpace.P0)
            {
                offsets[i] = F(centroid);
                continue;
            }

            ReadOnlySpan<int> c = mesh.CellVertices(i);
            var a = Matrix<double>.Build.Dense(c.Length, d + 1);
            var rhs = Vector<double>.Build.Dense(c.Length);
            for (int r = 0; r < c.Length; r++)
            {
                var p = new double[d];
                for (int k = 0; k < d; k++)
                {
                    double vk = mesh.Coordinate(c[r], k);
                    p[k] = space == FeSpace.P1 ? vk : centroid[k] + 0.5 * (vk - centroid[k]);

                    // Centre the columns on the centroid so the fit is well conditioned on small cells.
                    a[r, k] = p[k] - centroid[k];
                }

                a[r, d] = 1.0;
                rhs[r] = space == FeSpace.P1 ? vertexValues[c[r]] : F(p);
            }

            Vector<double> sol = a.Solve(rhs);
            double e = sol[d];
            for (int k = 0; k < d; k++)
            {
                gradients[i * d + k] = sol[k];
                e -= sol[k] * centroid[k];
            }

            offsets[i] = e;
        }

        return new PiecewiseLinearFunction(mesh, space, gradients, offsets);
    }
}
