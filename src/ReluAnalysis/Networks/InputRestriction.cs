using ReluAnalysis.Geometry;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Networks;

/// <summary>
/// A network restricted to an axis-aligned affine subspace of its inputs, <c>x = x0 + Σ_k u_k e_{F[k]}</c>
/// (the free inputs <c>F</c> vary, the others stay at the base point <c>x0</c>): the fixed coordinates are
/// substituted into the first layer, <c>W' = W[:, F]</c>, <c>b' = b + Σ_{j∉F} W[:, j] x0_j</c>, and every hidden
/// layer is kept. The restricted network has exactly the original's pre-activations, patterns and outputs on the
/// subspace.
/// </summary>
/// <remarks>
/// Used for boxes with fixed sides (<c>lower == upper</c>, for example ACAS Xu φ4's ψ = 0) and for 2-D slices
/// of a network. Building costs <c>O(n_1 d)</c>.
/// </remarks>
public sealed class InputRestriction
{
    private readonly int[] _free;
    private readonly double[] _base;

    private InputRestriction(ReluNetwork original, ReluNetwork restricted, int[] free, double[] basePoint)
    {
        Original = original;
        Restricted = restricted;
        _free = free;
        _base = basePoint;
    }

    /// <summary>The original network.</summary>
    public ReluNetwork Original { get; }

    /// <summary>The restricted network, with <see cref="FreeInputs"/>.Count inputs.</summary>
    public ReluNetwork Restricted { get; }

    /// <summary>The original input indices that stay free; input k of <see cref="Restricted"/> is original input <c>FreeInputs[k]</c>.</summary>
    public IReadOnlyList<int> FreeInputs => _free;

    /// <summary>The base point <c>x0</c> (its free coordinates are ignored).</summary>
    public ReadOnlySpan<double> BasePoint => _base;

    /// <summary>Restricts <paramref name="network"/> to the inputs <paramref name="freeInputs"/>, the others fixed at <paramref name="basePoint"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="freeInputs">Distinct input indices in <c>0..d−1</c>, at least one, in the order the restricted inputs take.</param>
    /// <param name="basePoint">A full input point of length <c>d</c> giving the fixed coordinates.</param>
    /// <exception cref="ArgumentException">An index is out of range or repeated, the base point has the wrong length or is not finite.</exception>
    public static InputRestriction Of(ReluNetwork network, IReadOnlyList<int> freeInputs, ReadOnlySpan<double> basePoint)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(freeInputs);
        int d = network.InputDimension;
        Guard.Length(basePoint.Length, d, nameof(basePoint));
        Guard.Finite(basePoint, nameof(basePoint));
        if (freeInputs.Count == 0)
        {
            throw new ArgumentException("freeInputs is empty; expected at least one free input (a point is evaluated, not restricted).", nameof(freeInputs));
        }

        int[] free = freeInputs.ToArray();
        var seen = new HashSet<int>();
        foreach (int j in free)
        {
            if (j < 0 || j >= d)
            {
                throw new ArgumentException($"freeInputs contains {j}; expected indices in 0..{d - 1}.", nameof(freeInputs));
            }

            if (!seen.Add(j))
            {
                throw new ArgumentException($"freeInputs contains {j} twice; expected distinct indices.", nameof(freeInputs));
            }
        }

        // The first layer over x = P u + x0 (P picks the free inputs): the engine's parametrised symbolic step.
        int m = free.Length;
        var x0 = basePoint.ToArray();
        var selection = new double[d * m];
        for (int k = 0; k < m; k++)
        {
            x0[free[k]] = 0.0;
            selection[free[k] * m + k] = 1.0;
        }

        SymbolicState first = network.Engine.BeginSymbolic(selection, x0, m);
        int n = network.Layers[0].Outputs;
        var w = first.Matrix(0).ToArray();
        var b = first.Offset(0).ToArray();
        var restricted = new ReluNetwork([new DenseLayer(n, m, w, b), .. network.Layers.Skip(1)]);

        return new InputRestriction(network, restricted, free, x0);
    }

    /// <summary>
    /// Restricts <paramref name="network"/> to the sides of <paramref name="box"/> with positive width: sides with
    /// <c>lower == upper</c> are fixed at that value. At least one side must have positive width.
    /// </summary>
    /// <exception cref="ArgumentException">The box has the wrong dimension or every side is a single value.</exception>
    public static InputRestriction FixedSidesOf(ReluNetwork network, Box box)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(box);
        Guard.Length(box.Dimension, network.InputDimension, nameof(box));
        var free = new List<int>();
        for (int j = 0; j < box.Dimension; j++)
        {
            if (box.Upper[j] > box.Lower[j])
            {
                free.Add(j);
            }
        }

        if (free.Count == 0)
        {
            throw new ArgumentException($"box {box} is a single point; expected at least one side with lower < upper.", nameof(box));
        }

        return Of(network, free, box.Lower);
    }

    /// <summary>Whether <paramref name="box"/> has a side with <c>lower == upper</c>.</summary>
    public static bool HasFixedSides(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        for (int j = 0; j < box.Dimension; j++)
        {
            if (!(box.Upper[j] > box.Lower[j]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The original input <c>x = x0 + Σ_k u_k e_{F[k]}</c> of a restricted input <paramref name="u"/>.</summary>
    public double[] Lift(ReadOnlySpan<double> u)
    {
        Guard.Length(u.Length, _free.Length, nameof(u));
        var x = (double[])_base.Clone();
        for (int k = 0; k < _free.Length; k++)
        {
            x[_free[k]] = u[k];
        }

        return x;
    }

    /// <summary>The free coordinates of an original input.</summary>
    public double[] Project(ReadOnlySpan<double> x)
    {
        Guard.Length(x.Length, Original.InputDimension, nameof(x));
        var u = new double[_free.Length];
        for (int k = 0; k < u.Length; k++)
        {
            u[k] = x[_free[k]];
        }

        return u;
    }

    /// <summary>The free sides of an original box.</summary>
    public Box Restrict(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        Guard.Length(box.Dimension, Original.InputDimension, nameof(box));
        return new Box(_free.Select(j => box.Lower[j]).ToArray(), _free.Select(j => box.Upper[j]).ToArray());
    }

    /// <summary>
    /// A polytope of restricted inputs as a polytope of original inputs: each row <c>a·u ≤ g</c> becomes
    /// <c>Σ_k a_k x_{F[k]} ≤ g</c>, and each fixed coordinate adds <c>x_j ≤ x0_j</c> and <c>−x_j ≤ −x0_j</c>.
    /// </summary>
    public Polytope Lift(Polytope polytope)
    {
        ArgumentNullException.ThrowIfNull(polytope);
        Guard.Length(polytope.Dimension, _free.Length, nameof(polytope));
        int d = Original.InputDimension;
        var rows = new List<HalfSpace>(polytope.HalfSpaces.Count + 2 * (d - _free.Length));
        var a = new double[d];
        foreach (HalfSpace h in polytope.HalfSpaces)
        {
            Array.Clear(a);
            for (int k = 0; k < _free.Length; k++)
            {
                a[_free[k]] = h.Normal[k];
            }

            rows.Add(new HalfSpace(a, h.Offset));
        }

        var isFree = new bool[d];
        foreach (int j in _free)
        {
            isFree[j] = true;
        }

        for (int j = 0; j < d; j++)
        {
            if (!isFree[j])
            {
                Array.Clear(a);
                a[j] = 1.0;
                rows.Add(new HalfSpace(a, _base[j]));
                a[j] = -1.0;
                rows.Add(new HalfSpace(a, -_base[j]));
            }
        }

        return new Polytope(d, rows);
    }
}
