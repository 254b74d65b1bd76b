using System.Diagnostics;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Proofs;

/// <summary>
/// Re-checks a barrier proof (written by <c>relu certify … --proof</c>) exactly, in <see cref="Rational"/> arithmetic,
/// from the network's weights and the checker's own definition of the named system. Shares no code with the certifier.
/// </summary>
/// <remarks>
/// <para>The claim: <c>C = ∪ P_σ</c>, <c>P_σ = {x ∈ X : pattern rows of σ, B_σ(x) ≤ −level}</c>, is forward invariant for
/// <c>ẋ = f(x)</c>, misses the unsafe set and (unless the system allows exit) lies strictly inside the domain box <c>X</c>.
/// Per piece, with rows re-derived from <c>W₁, b₁, w₂, b₂</c> and the pattern (every double taken as the rational it is):</para>
/// <list type="number">
/// <item>the witness satisfies every non-constant neuron row and the box strictly (the region is full-dimensional and
/// the pattern is the network's pattern there);</item>
/// <item>domain (contained systems): for each face, Farkas: <c>P_σ ∩ {x_j ≥ u_j} = ∅</c> and <c>P_σ ∩ {x_j ≤ l_j} = ∅</c>;</item>
/// <item>unsafe polytopes: Farkas: <c>P_σ ∩ U_p = ∅</c>;</item>
/// <item>closure: for every hyperplane (neurons grouped by exactly proportional <c>(W₁[i], b₁[i])</c>) the flipped pattern is a
/// piece, or Farkas: <c>P_σ ∩ H = ∅</c> (so <c>B &gt; −level</c> on the facet), or Motzkin: the flipped region has empty interior
/// in <c>X</c> (the hyperplane is no facet). Then every point of <c>C</c> has only pieces around it (the regions around a point are
/// connected through facets containing it), so <c>C</c> is a union of components of <c>{B ≤ −level} ∩ X</c>;</item>
/// <item>decrease (affine <c>f = A x + a</c>): Farkas: <c>{x ∈ P_σ : B_σ(x) = −level, g_σ·(A x + a) ≥ 0} = ∅</c>, i.e. <c>g_σ·f &lt; 0</c>
/// on every zero face; the Clarke gradients at a boundary point are hulls of such <c>g_σ</c>, and strictness on the compact
/// zero faces gives a neighbourhood of <c>∂C</c> on which <c>B</c> decreases. Polynomial systems: not checked (status partial).</item>
/// </list>
/// <para>Cost: per piece <c>O(#hyperplanes + 2n + #unsafe + 1)</c> certificates of <c>O((N + 2n)·n)</c> exact operations each.</para>
/// </remarks>
public static partial class BarrierProofChecker
{
    /// <summary>The built-in system names the checker knows.</summary>
    public static IReadOnlyList<string> Systems => ProofSystem.Names;

    /// <summary>Reads <paramref name="proofPath"/> and checks it.</summary>
    /// <exception cref="FormatException">The file is malformed (the message names file and JSON path).</exception>
    /// <exception cref="ArgumentException">Unknown system, or a network that is not shallow with one output of the system's dimension.</exception>
    public static ProofCheckResult CheckFile(ReluNetwork network, string system, string proofPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proofPath);
        return Check(network, system, File.ReadAllText(proofPath), proofPath, cancellationToken);
    }

    /// <summary>Checks the proof text <paramref name="proofJson"/> for <paramref name="network"/> as barrier of <paramref name="system"/>.</summary>
    /// <param name="network">The barrier network <c>n → N → 1</c>.</param>
    /// <param name="system">A built-in system name (<see cref="Systems"/>).</param>
    /// <param name="proofJson">The proof file's text.</param>
    /// <param name="source">A name for messages (the file name).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="FormatException">The proof is malformed (the message names <paramref name="source"/> and the JSON path).</exception>
    /// <exception cref="ArgumentException">Unknown system, or a network that is not shallow with one output of the system's dimension.</exception>
    public static ProofCheckResult Check(ReluNetwork network, string system, string proofJson, string source = "<proof>", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(proofJson);
        ProofSystem sys = ProofSystem.ByName(system);
        if (network.HiddenLayerCount != 1 || network.OutputDimension != 1 || network.InputDimension != sys.Dimension)
        {
            throw new ArgumentException(
                $"network is {network.InputDimension} inputs, {network.HiddenLayerCount} hidden layers, {network.OutputDimension} outputs; expected a shallow network {sys.Dimension} → N → 1 for system \"{system}\".",
                nameof(network));
        }

        BarrierProofDocument doc = BarrierProofDocument.Parse(proofJson, source);
        var clock = Stopwatch.StartNew();
        var state = new Checker(network, sys, doc);
        ProofFailure? failure = doc.System != system
            ? new ProofFailure("proof", $"the proof is for system \"{doc.System}\"; checked against \"{system}\".")
            : state.Run(cancellationToken);
        ProofStatus status = failure is not null ? ProofStatus.Invalid : state.Unchecked.Count > 0 ? ProofStatus.Partial : ProofStatus.Valid;
        string claim = sys.DomainContained
            ? $"C = ∪ pieces ⊂ {{B ≤ −level}} lies strictly inside the domain, misses the unsafe set and is forward invariant for \"{system}\"."
            : $"C = ∪ pieces is a union of components of {{B ≤ −level}} ∩ X that misses the unsafe set; a trajectory of \"{system}\" from C stays in C until it leaves the domain X.";
        return new ProofCheckResult(status, state.Nodes, state.Leaves, failure, state.Unchecked, claim, clock.Elapsed);
    }

    private sealed partial class Checker
    {
        private readonly ProofSystem _sys;
        private readonly BarrierProofDocument _doc;
        private readonly int _n;
        private readonly int _hidden;
        private readonly Rational[][] _w;
        private readonly Rational[] _b;
        private readonly Rational[] _v;
        private readonly Rational _c0;
        private readonly Rational[] _lo;
        private readonly Rational[] _hi;
        private readonly Rational _level;
        private readonly List<int[]> _groups = [];
        private readonly bool[] _constant;
        private readonly List<ExactRow[]> _unsafe = [];
        private readonly Rational[]? _a;
        private readonly Rational[]? _aOffset;

        public Checker(ReluNetwork net, ProofSystem sys, BarrierProofDocument doc)
        {
            _sys = sys;
            _doc = doc;
            _n = sys.Dimension;
            DenseLayer hidden = net.Layers[0], output = net.Layers[1];
            _hidden = hidden.Outputs;
            _w = new Rational[_hidden][];
            _b = new Rational[_hidden];
            _v = new Rational[_hidden];
            _constant = new bool[_hidden];
            for (int i = 0; i < _hidden; i++)
            {
                _w[i] = new Rational[_n];
                bool zero = true;
                for (int j = 0; j < _n; j++)
                {
                    _w[i][j] = Rational.FromDouble(hidden.Weights[i * _n + j]);
                    zero &= _w[i][j].IsZero;
                }

                _constant[i] = zero;
                _b[i] = Rational.FromDouble(hidden.Bias[i]);
                _v[i] = Rational.FromDouble(output.Weights[i]);
            }

            _c0 = Rational.FromDouble(output.Bias[0]);
            _lo = sys.Lower.Select(Rational.FromDouble).ToArray();
            _hi = sys.Upper.Select(Rational.FromDouble).ToArray();
            _level = Rational.FromDouble(doc.Level);
            foreach (double[][] poly in sys.UnsafePolytopes)
            {
                _unsafe.Add(poly.Select(row => new ExactRow(row.Take(_n).Select(Rational.FromDouble).ToArray(), Rational.FromDouble(row[_n]))).ToArray());
            }

            if (sys.AffineMatrix is not null)
            {
                _a = sys.AffineMatrix.Select(Rational.FromDouble).ToArray();
                _aOffset = sys.AffineOffset!.Select(Rational.FromDouble).ToArray();
            }

            BuildGroups();
        }

        public long Nodes { get; private set; }

        public long Leaves { get; private set; }

        public List<string> Unchecked { get; } = [];

        /// <summary>Neurons on one hyperplane: exactly proportional <c>(W₁[i], b₁[i])</c> (either orientation).</summary>
        private void BuildGroups()
        {
            var assigned = new bool[_hidden];
            for (int i = 0; i < _hidden; i++)
            {
                if (_constant[i] || assigned[i])
                {
                    continue;
                }

                var group = new List<int> { i };
                assigned[i] = true;
                int k0 = Array.FindIndex(_w[i], x => !x.IsZero);
                for (int j = i + 1; j < _hidden; j++)
                {
                    if (_constant[j] || assigned[j] || _w[j][k0].IsZero)
                    {
                        continue;
                    }

                    Rational lambda = _w[j][k0] / _w[i][k0];
                    bool same = _b[j] == lambda * _b[i];
                    for (int k = 0; k < _n && same; k++)
                    {
                        same = _w[j][k] == lambda * _w[i][k];
                    }

                    if (same)
                    {
                        group.Add(j);
                        assigned[j] = true;
                    }
                }

                _groups.Add(group.ToArray());
            }
        }

        public ProofFailure? Run(CancellationToken ct)
        {
            if (_doc.Pieces.Count == 0)
            {
                return new ProofFailure("proof", "the proof has no pieces; there is no set to certify.");
            }

            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int p = 0; p < _doc.Pieces.Count; p++)
            {
                PieceEntry piece = _doc.Pieces[p];
                string id = $"piece {p}";
                if (piece.Pattern.Length != _hidden || piece.Pattern.Any(ch => ch is not ('0' or '1')))
                {
                    return new ProofFailure(id, $"pattern \"{Short(piece.Pattern)}\" ({piece.Pattern.Length} characters); expected {_hidden} characters 0/1, one per hidden neuron of the network.");
                }

                if (!index.TryAdd(piece.Pattern, p))
                {
                    return new ProofFailure(id, $"pattern {piece.Pattern} is also piece {index[piece.Pattern]}.");
                }
            }

            if (_sys.PolynomialField is not null && _sys.FieldBound is null)
            {
                Unchecked.Add($"decrease condition: the system \"{_sys.Name}\" ({_sys.PolynomialField}) has no exact interval extension in the checker, so L_f B ≤ 0 near ∂C is NOT checked.");
            }

            if (_sys.NonPolyhedralUnsafe is not null && _sys.UnsafeBound is null)
            {
                Unchecked.Add($"unsafe set: \"{_sys.NonPolyhedralUnsafe}\" is not a polytope and has no exact interval extension in the checker; the pieces missing it is NOT checked.");
            }

            if (_sys.FieldBound is not null)
            {
                if (_doc.CellsPerAxis == 0)
                {
                    return new ProofFailure("stage 1", $"the system \"{_sys.Name}\" is polynomial; the proof must give stage 1's grid ($.stage1) for the decrease condition.");
                }

                if (Math.Pow(_doc.CellsPerAxis, _n) > 1e7)
                {
                    return new ProofFailure("stage 1", $"cellsPerAxis^{_n} = {Math.Pow(_doc.CellsPerAxis, _n):G3} grid cells; the checker replays at most 1e7.");
                }

                ct.ThrowIfCancellationRequested();
                if (!ReplayStageOne(ct))
                {
                    return new ProofFailure("stage 1", $"the exact replay of stage 1 exceeded {MaxCells:N0} cells (minCellWidth = {_doc.MinCellWidth}); the checker does not replay grids that fine.");
                }
            }

            for (int p = 0; p < _doc.Pieces.Count; p++)
            {
                ct.ThrowIfCancellationRequested();
                ProofFailure? f = CheckPiece(p, _doc.Pieces[p], index);
                if (f is not null)
                {
                    return f;
                }

                Leaves++;
            }

            return null;
        }

        private static string Short(string s) => s.Length <= 80 ? s : s[..77] + "…";

        private ExactRow NeuronRow(int i, bool active) => active
            ? new ExactRow(_w[i].Select(x => -x).ToArray(), _b[i])
            : new ExactRow(_w[i], -_b[i]);

        /// <summary>Adds the rows <c>x_j ≤ hi_j</c> and <c>−x_j ≤ −lo_j</c> of a box.</summary>
        private static void AddBox(List<ExactRow> rows, Rational[] lo, Rational[] hi)
        {
            for (int j = 0; j < lo.Length; j++)
            {
                var e = new Rational[lo.Length];
                Array.Fill(e, Rational.Zero);
                e[j] = Rational.One;
                rows.Add(new ExactRow(e, hi[j]));
                var m = new Rational[lo.Length];
                Array.Fill(m, Rational.Zero);
                m[j] = -Rational.One;
                rows.Add(new ExactRow(m, -lo[j]));
            }
        }

        private ProofFailure? CheckPiece(int p, PieceEntry piece, Dictionary<string, int> index)
        {
            string pattern = piece.Pattern;
            string id = $"piece {p} (pattern {Short(pattern)})";
            bool[] on = pattern.Select(ch => ch == '1').ToArray();

            // Rows: neuron rows, B row, box.
            var rows = new List<ExactRow>(_hidden + 1 + 2 * _n + 4);
            var g = new Rational[_n];
            Array.Fill(g, Rational.Zero);
            Rational c = _c0;
            for (int i = 0; i < _hidden; i++)
            {
                rows.Add(NeuronRow(i, on[i]));
                if (on[i] && !_v[i].IsZero)
                {
                    for (int j = 0; j < _n; j++)
                    {
                        g[j] += _v[i] * _w[i][j];
                    }

                    c += _v[i] * _b[i];
                }
            }

            rows.Add(new ExactRow(g, -c - _level));
            AddBox(rows, _lo, _hi);
            int baseRows = rows.Count;

            // 1. Witness strictly inside the region and the box.
            Nodes++;
            if (piece.Witness.Length != _n)
            {
                return new ProofFailure(id + " / witness", $"witness has {piece.Witness.Length} coordinates; expected {_n}.");
            }

            Rational[] w = piece.Witness.Select(Rational.FromDouble).ToArray();
            for (int r = 0; r < baseRows; r++)
            {
                if (r == _hidden)
                {
                    continue;
                }

                Rational lhs = Dot(rows[r].A, w);
                bool constant = r < _hidden && _constant[r];
                if (constant ? lhs > rows[r].B : lhs >= rows[r].B)
                {
                    return new ProofFailure(id + " / witness", r < _hidden
                        ? $"neuron {r}'s row is not strictly satisfied at the witness: the pattern's bit {pattern[r]} disagrees with the network there (or the region has no interior)."
                        : $"the witness is not strictly inside the domain box (row {r}).");
                }
            }

            // 2. Domain faces.
            if (_sys.DomainContained)
            {
                for (int face = 0; face < 2 * _n; face++)
                {
                    Nodes++;
                    int j = face / 2;
                    var e = new Rational[_n];
                    Array.Fill(e, Rational.Zero);
                    e[j] = face % 2 == 0 ? -Rational.One : Rational.One;
                    ExactRow extra = new(e, face % 2 == 0 ? -_hi[j] : _lo[j]);
                    string node = $"{id} / domain face {(face % 2 == 0 ? "x" + j + " = upper" : "x" + j + " = lower")}";
                    int k = IndexOf(piece.Domain, face);
                    if (k < 0)
                    {
                        return new ProofFailure(node, "no certificate that the piece stays strictly inside this face of the domain.");
                    }

                    string? why = ExactLinear.Farkas([.. rows, extra], Exact(piece.Domain[k].Y), _lo, _hi);
                    if (why is not null)
                    {
                        return new ProofFailure(node, why);
                    }
                }
            }

            // 3. Unsafe polytopes.
            for (int u = 0; u < _unsafe.Count; u++)
            {
                Nodes++;
                string node = $"{id} / unsafe polytope {u}";
                int k = IndexOf(piece.Unsafe, u);
                if (k < 0)
                {
                    return new ProofFailure(node, "no certificate that the piece misses this unsafe polytope.");
                }

                string? why = ExactLinear.Farkas([.. rows, .. _unsafe[u]], Exact(piece.Unsafe[k].Y), _lo, _hi);
                if (why is not null)
                {
                    return new ProofFailure(node, why);
                }
            }

            // 4. Closure across every hyperplane.
            foreach (int[] group in _groups)
            {
                Nodes++;
                var flipped = pattern.ToCharArray();
                foreach (int i in group)
                {
                    flipped[i] = flipped[i] == '1' ? '0' : '1';
                }

                if (index.ContainsKey(new string(flipped)))
                {
                    continue;
                }

                string node = $"{id} / closure across neurons {string.Join(",", group)}";
                ClosureEntry? entry = piece.Closure.FirstOrDefault(e => e.Neurons.Length == group.Length && !e.Neurons.Except(group).Any());
                if (entry is null)
                {
                    return new ProofFailure(node, "the neighbouring pattern is not a piece and there is no certificate that B > −level on the facet or that the hyperplane is no facet.");
                }

                string? why;
                if (entry.Facet is not null)
                {
                    int rep = group[0];
                    why = ExactLinear.Farkas([.. rows, NeuronRow(rep, !on[rep])], Exact(entry.Facet), _lo, _hi);
                }
                else
                {
                    var neighbour = new List<ExactRow>(_hidden + 2 * _n);
                    for (int i = 0; i < _hidden; i++)
                    {
                        neighbour.Add(NeuronRow(i, flipped[i] == '1'));
                    }

                    AddBox(neighbour, _lo, _hi);
                    why = ExactLinear.Motzkin(neighbour, entry.EmptySupport!, _n);
                }

                if (why is not null)
                {
                    return new ProofFailure(node, why);
                }
            }

            // 5. Polynomial systems: a certified bounding box, the zero face against every uncertified cell, a
            // non-polyhedral unsafe set by exact interval bisection over the box.
            if (_sys.FieldBound is not null || _sys.UnsafeBound is not null)
            {
                ProofFailure? f = CheckBoxAndCells(id, piece, rows, g, c);
                if (f is not null)
                {
                    return f;
                }
            }

            // 6. Decrease on the zero face (affine systems).
            if (_a is not null)
            {
                Nodes++;
                string node = $"{id} / decrease on the zero face";
                if (piece.Decrease is null)
                {
                    return new ProofFailure(node, "no certificate that g·f(x) < 0 on the zero face {B = −level} of the piece.");
                }

                // −g·x ≤ c + level (with the B row: B_σ = −level) and −(Aᵀg)·x ≤ g·a (g·f(x) ≥ 0).
                var atg = new Rational[_n];
                Rational ga = Rational.Zero;
                for (int k = 0; k < _n; k++)
                {
                    Rational s = Rational.Zero;
                    for (int j = 0; j < _n; j++)
                    {
                        s += g[j] * _a[j * _n + k];
                    }

                    atg[k] = -s;
                    ga += g[k] * _aOffset![k];
                }

                ExactRow zero = new(g.Select(x => -x).ToArray(), c + _level);
                ExactRow increase = new(atg, ga);
                string? why = ExactLinear.Farkas([.. rows, zero, increase], Exact(piece.Decrease), _lo, _hi);
                if (why is not null)
                {
                    return new ProofFailure(node, why);
                }
            }

            return null;
        }

        private static int IndexOf(IReadOnlyList<(int Key, SparseMultipliers Y)> list, int key)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].Key == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private static List<(int, Rational)> Exact(SparseMultipliers y) => y.Entries.Select(e => (e.Index, Rational.FromDouble(e.Y))).ToList();

        private static Rational Dot(Rational[] a, Rational[] x)
        {
            Rational s = Rational.Zero;
            for (int j = 0; j < a.Length; j++)
            {
                if (!a[j].IsZero)
                {
                    s += a[j] * x[j];
                }
            }

            return s;
        }
    }

}
