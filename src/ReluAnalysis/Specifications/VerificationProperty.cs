using ReluAnalysis.Geometry;

namespace ReluAnalysis.Specifications;

/// <summary>
/// A linear output property of a network (spec §3): an input set <c>X = ∪_a P_a</c> (bounded boxes or polytopes)
/// and an unsafe output set <c>U = ∪_u {y : G_u y ≤ h_u}</c>. The property <em>holds</em> when no input of
/// <c>X</c> is mapped into <c>U</c>; an input that is, is a counterexample.
/// </summary>
/// <remarks>
/// Comparisons are non-strict, as written in VNNLIB. Read one from a file with <see cref="VnnLibReader"/> or build
/// one in code. Input pieces that are axis-aligned also appear as <see cref="Box"/>es in <see cref="InputBoxes"/>;
/// a box side may have <c>lower == upper</c> (a fixed coordinate).
/// </remarks>
public sealed class VerificationProperty
{
    private readonly Polytope[] _inputPieces;
    private readonly Box?[] _inputBoxes;
    private readonly Polytope[] _unsafe;

    /// <summary>Creates a property from input boxes and unsafe output sets.</summary>
    /// <param name="inputBoxes">The input pieces (at least one), all of one dimension.</param>
    /// <param name="unsafeOutputs">The unsafe output conjunctions <c>{y : G_u y ≤ h_u}</c>, all of one dimension; may be empty (then the property holds trivially).</param>
    /// <param name="outputDimension">The output dimension (the unsafe sets' dimension).</param>
    public VerificationProperty(IEnumerable<Box> inputBoxes, IEnumerable<Polytope> unsafeOutputs, int outputDimension)
        : this(Pieces(inputBoxes), unsafeOutputs, outputDimension)
    {
    }

    /// <summary>Creates a property from input polytopes (each bounded; axis-aligned ones are recognised as boxes) and unsafe output sets.</summary>
    /// <param name="inputPieces">The input pieces (at least one), all of one dimension.</param>
    /// <param name="unsafeOutputs">The unsafe output conjunctions.</param>
    /// <param name="outputDimension">The output dimension.</param>
    public VerificationProperty(IEnumerable<Polytope> inputPieces, IEnumerable<Polytope> unsafeOutputs, int outputDimension)
        : this(inputPieces.Select(p => (p, AsBox(p))).ToArray(), unsafeOutputs, outputDimension)
    {
    }

    private VerificationProperty((Polytope Piece, Box? Box)[] pieces, IEnumerable<Polytope> unsafeOutputs, int outputDimension)
    {
        ArgumentNullException.ThrowIfNull(unsafeOutputs);
        Guard.Positive(outputDimension, nameof(outputDimension));
        if (pieces.Length == 0)
        {
            throw new ArgumentException("the input set has no piece; expected at least one box or polytope.", "inputPieces");
        }

        int d = pieces[0].Piece.Dimension;
        for (int a = 0; a < pieces.Length; a++)
        {
            if (pieces[a].Piece.Dimension != d)
            {
                throw new ArgumentException($"input piece {a} has dimension {pieces[a].Piece.Dimension}; expected {d} like piece 0.", "inputPieces");
            }
        }

        _inputPieces = pieces.Select(p => p.Piece).ToArray();
        _inputBoxes = pieces.Select(p => p.Box).ToArray();
        _unsafe = unsafeOutputs.ToArray();
        for (int u = 0; u < _unsafe.Length; u++)
        {
            if (_unsafe[u].Dimension != outputDimension)
            {
                throw new ArgumentException($"unsafe output set {u} has dimension {_unsafe[u].Dimension}; expected {outputDimension}.", nameof(unsafeOutputs));
            }
        }

        InputDimension = d;
        OutputDimension = outputDimension;
    }

    /// <summary>Input dimension (number of <c>X_i</c>).</summary>
    public int InputDimension { get; }

    /// <summary>Output dimension (number of <c>Y_j</c>).</summary>
    public int OutputDimension { get; }

    /// <summary>The input pieces <c>P_a</c> (their union is the input set).</summary>
    public IReadOnlyList<Polytope> InputPieces => _inputPieces;

    /// <summary>For each input piece, the piece as a box when it is axis-aligned, otherwise <see langword="null"/>.</summary>
    public IReadOnlyList<Box?> InputBoxes => _inputBoxes;

    /// <summary>The unsafe output conjunctions <c>{y : G_u y ≤ h_u}</c> (disjunctive normal form).</summary>
    public IReadOnlyList<Polytope> UnsafeOutputs => _unsafe;

    /// <summary>
    /// The first unsafe disjunct that contains <paramref name="y"/> up to <paramref name="tolerance"/> (every row
    /// <c>g·y ≤ h + tolerance·max(1, |h|)</c>), or −1 when <paramref name="y"/> is safe.
    /// </summary>
    public int UnsafeDisjunctOf(ReadOnlySpan<double> y, double tolerance = 1e-9)
    {
        Guard.Length(y.Length, OutputDimension, nameof(y));
        for (int u = 0; u < _unsafe.Length; u++)
        {
            bool inside = true;
            foreach (HalfSpace row in _unsafe[u].HalfSpaces)
            {
                if (row.Slack(y) < -tolerance * Math.Max(1.0, Math.Abs(row.Offset)))
                {
                    inside = false;
                    break;
                }
            }

            if (inside)
            {
                return u;
            }
        }

        return -1;
    }

    /// <summary>The first input piece containing <paramref name="x"/> up to <paramref name="tolerance"/>, or −1.</summary>
    public int InputPieceOf(ReadOnlySpan<double> x, double tolerance = 1e-9)
    {
        Guard.Length(x.Length, InputDimension, nameof(x));
        for (int a = 0; a < _inputPieces.Length; a++)
        {
            if (_inputPieces[a].Contains(x, tolerance))
            {
                return a;
            }
        }

        return -1;
    }

    private static (Polytope, Box?)[] Pieces(IEnumerable<Box> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        return boxes.Select(b => (b.ToPolytope(), (Box?)b)).ToArray();
    }

    /// <summary>The box a polytope is, when every row bounds one coordinate and every coordinate is bounded on both sides.</summary>
    internal static Box? AsBox(Polytope polytope)
    {
        int d = polytope.Dimension;
        var lo = Enumerable.Repeat(double.NegativeInfinity, d).ToArray();
        var hi = Enumerable.Repeat(double.PositiveInfinity, d).ToArray();
        foreach (HalfSpace row in polytope.HalfSpaces)
        {
            int axis = -1;
            ReadOnlySpan<double> a = row.Normal;
            for (int j = 0; j < d; j++)
            {
                if (a[j] != 0)
                {
                    if (axis >= 0)
                    {
                        return null;
                    }

                    axis = j;
                }
            }

            if (axis < 0)
            {
                if (row.Offset < 0)
                {
                    return null;
                }

                continue;
            }

            double bound = row.Offset / a[axis];
            if (a[axis] > 0)
            {
                hi[axis] = Math.Min(hi[axis], bound);
            }
            else
            {
                lo[axis] = Math.Max(lo[axis], bound);
            }
        }

        for (int j = 0; j < d; j++)
        {
            if (!double.IsFinite(lo[j]) || !double.IsFinite(hi[j]) || lo[j] > hi[j])
            {
                return null;
            }
        }

        return new Box(lo, hi);
    }
}
