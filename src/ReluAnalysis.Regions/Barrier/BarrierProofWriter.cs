using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// Turns a certified <see cref="BarrierCertificate"/> into a proof file that an independent checker re-checks in exact
/// rational arithmetic (issue #17; the format is documented in the README's "Proofs" section).
/// </summary>
/// <remarks>
/// <para>Per piece σ the writer solves, on the piece's rows <c>A x ≤ b</c> (neuron rows in the checker's convention
/// <c>−W₁[i]·x ≤ b₁[i]</c> for active, <c>W₁[i]·x ≤ −b₁[i]</c> for inactive neurons; the <c>B</c> row; the domain box) plus the
/// rows of one target, the separation LP <c>min s</c> s.t. <c>r_i·x − s ≤ β_i</c> over unit rows (<see cref="PieceLp"/>); when
/// <c>s* &gt; 0</c> its duals scaled back to the raw rows (<c>y_i/‖a_i‖</c>) are Farkas multipliers: <c>Σ y_i a_i ≈ 0</c>,
/// <c>Σ y_i b_i ≈ −s* &lt; 0</c>. Targets: each domain face (<c>x_j ≥ u_j</c>, <c>x_j ≤ l_j</c>), each unsafe polytope, each
/// hyperplane whose flipped pattern is not a piece (<c>z = 0</c>; when the closed facet meets <c>{B ≤ −level}</c> instead the
/// flipped region's interior is shown empty and the LP's dual support is written), and for affine dynamics the zero
/// face with <c>g_σ·(A x + a) ≥ 0</c>. Polynomial dynamics: first a bounding box of the piece (each face by such a
/// certificate), then the zero face against the uncertified cells of stage 1 that an interval test does not separate;
/// a target whose rows miss the box with a clear margin gets its certificate without an LP (the target row plus
/// <c>|r_j|</c> times the rows implying the opposite box face). Multipliers are rounded doubles; the checker repairs the
/// residual exactly from the box and decides exactly. Continuous time only.</para>
/// <para>Cost: <c>O(pieces · (hyperplanes + 2n + unsafe + 1))</c> small LPs, pieces in parallel; deterministic output.</para>
/// </remarks>
public static class BarrierProofWriter
{
    /// <summary>The proof of <paramref name="certificate"/> for <paramref name="problem"/>, called <paramref name="system"/> in the file.</summary>
    /// <param name="problem">The certified problem (its barrier network is the one the checker will be given).</param>
    /// <param name="certificate">A certified result of <see cref="BarrierCertifier.Certify"/> for <paramref name="problem"/>.</param>
    /// <param name="system">The built-in system name the checker knows the dynamics, domain and unsafe set by.</param>
    /// <param name="options">The options the certificate was computed with (stage-1 grid and minimum width); null for the defaults.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads (≤ 0: every core).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentException">The certificate is not certified, or the dynamics are discrete-time.</exception>
    public static BarrierProof Create(BarrierProblem problem, BarrierCertificate certificate, string system, BarrierOptions? options = null, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        options ??= new BarrierOptions();
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(system);
        if (!certificate.IsCertified)
        {
            throw new ArgumentException($"certificate has status {certificate.Status}; expected Certified (only certified sets have proofs).", nameof(certificate));
        }

        if (problem.System.Time != DynamicsTime.Continuous)
        {
            throw new ArgumentException($"problem has {problem.System.Time} dynamics; expected continuous time (discrete-time proofs are not supported).", nameof(problem));
        }

        var clock = Stopwatch.StartNew();
        var counters = new LpCounters();
        var writer = new PieceWriter(problem, certificate.UncertifiedCells);
        var results = new PieceProof[certificate.Pieces.Count];
        var patterns = new HashSet<string>(certificate.Pieces.Select(p => p.Pattern), StringComparer.Ordinal);
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.Resolve(maxDegreeOfParallelism), CancellationToken = cancellationToken },
            i => results[i] = writer.Write(i, certificate.Pieces[i], patterns, counters));

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("format", "relu-barrier-proof");
            json.WriteNumber("version", 1);
            json.WriteString("system", system);
            json.WriteNumber("level", certificate.Level);
            if (!problem.System.IsAffine)
            {
                // Stage 1's grid, so that the checker can replay it exactly.
                json.WriteStartObject("stage1");
                json.WriteNumber("cellsPerAxis", options.CellsPerAxis);
                json.WriteNumber("minCellWidth", NonIncreaseStage.MinWidth(problem.Domain, options));
                json.WriteEndObject();
            }

            json.WriteString("rows", "piece rows: neuron i (active: -W1[i]·x <= b1[i]; inactive: W1[i]·x <= -b1[i]), then g·x <= -(c + level), then x_j <= u_j, -x_j <= -l_j per axis; each certificate appends its target rows");
            json.WriteStartArray("pieces");
            foreach (PieceProof r in results)
            {
                json.WriteRawValue(r.Json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var gaps = results.SelectMany(r => r.Gaps).ToList();
        return new BarrierProof(system, results.Length, results.Sum(r => r.Certificates), counters.Solved, gaps,
            Encoding.UTF8.GetString(stream.ToArray()), clock.Elapsed);
    }

    private sealed record PieceProof(string Json, long Certificates, List<string> Gaps);

    private sealed class PieceWriter
    {
        private readonly BarrierProblem _problem;
        private readonly int _n;
        private readonly int _hidden;
        private readonly double[] _w;
        private readonly double[] _b;
        private readonly List<int[]> _groups = [];
        private readonly IReadOnlyList<Box> _uncertified;

        public PieceWriter(BarrierProblem problem, IReadOnlyList<Box> uncertified)
        {
            _problem = problem;
            _uncertified = uncertified;
            _n = problem.Dimension;
            DenseLayer hidden = problem.Barrier.Layers[0];
            _hidden = hidden.Outputs;
            _w = hidden.Weights.ToArray();
            _b = hidden.Bias.ToArray();
            Group();
        }

        /// <summary>Neurons on one hyperplane (unit-normalised rows equal up to sign within 1e-12); the checker regroups exactly.</summary>
        private void Group()
        {
            var unit = new double[_hidden][];
            for (int i = 0; i < _hidden; i++)
            {
                double norm = Norm(_w.AsSpan(i * _n, _n));
                unit[i] = norm == 0 ? [] : [.. _w.AsSpan(i * _n, _n).ToArray().Select(v => v / norm), _b[i] / norm];
            }

            var assigned = new bool[_hidden];
            for (int i = 0; i < _hidden; i++)
            {
                if (assigned[i] || unit[i].Length == 0)
                {
                    continue;
                }

                var g = new List<int> { i };
                for (int j = i + 1; j < _hidden; j++)
                {
                    if (!assigned[j] && unit[j].Length > 0 && (Close(unit[i], unit[j], 1) || Close(unit[i], unit[j], -1)))
                    {
                        g.Add(j);
                        assigned[j] = true;
                    }
                }

                _groups.Add(g.ToArray());
            }
        }

        private static bool Close(double[] a, double[] b, double sign)
        {
            for (int k = 0; k < a.Length; k++)
            {
                if (Math.Abs(a[k] - sign * b[k]) > 1e-12 * Math.Max(1, Math.Abs(a[k])))
                {
                    return false;
                }
            }

            return true;
        }

        private static double Norm(ReadOnlySpan<double> v)
        {
            double s = 0;
            foreach (double x in v)
            {
                s += x * x;
            }

            return Math.Sqrt(s);
        }

        private void NeuronRow(int i, bool active, List<double> normals, List<double> offsets)
        {
            for (int j = 0; j < _n; j++)
            {
                normals.Add(active ? -_w[i * _n + j] : _w[i * _n + j]);
            }

            offsets.Add(active ? _b[i] : -_b[i]);
        }

        private void BoxRows(List<double> normals, List<double> offsets)
        {
            for (int j = 0; j < _n; j++)
            {
                for (int k = 0; k < _n; k++)
                {
                    normals.Add(k == j ? 1 : 0);
                }

                offsets.Add(_problem.Domain.Upper[j]);
                for (int k = 0; k < _n; k++)
                {
                    normals.Add(k == j ? -1 : 0);
                }

                offsets.Add(-_problem.Domain.Lower[j]);
            }
        }

        public PieceProof Write(int index, BarrierPiece piece, HashSet<string> patterns, LpCounters counters)
        {
            int n = _n;
            string pattern = piece.Pattern;
            var gaps = new List<string>();
            long certificates = 0;

            // The piece's rows in the checker's convention (the B row is the certifier's, level included).
            var normals = new List<double>();
            var offsets = new List<double>();
            for (int i = 0; i < _hidden; i++)
            {
                NeuronRow(i, pattern[i] == '1', normals, offsets);
            }

            HalfSpace bRow = piece.Polytope.HalfSpaces[_hidden];
            normals.AddRange(bRow.Normal.ToArray());
            offsets.Add(bRow.Offset);
            BoxRows(normals, offsets);
            var (unitNormals, unitOffsets, scale) = Unit(normals, offsets);
            int baseRows = offsets.Count;

            using var lp = new PieceLp(n, unitNormals, unitOffsets, counters);
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("pattern", pattern);
                json.WriteStartArray("witness");
                foreach (double v in piece.Witness)
                {
                    json.WriteNumberValue(v);
                }

                json.WriteEndArray();

                // Polynomial systems: the bounding box first; its implied faces give most other certificates without an LP.
                PieceBox? box = _problem.System.IsAffine ? null : ComputeBox(lp, scale, baseRows);

                // Domain faces: x_j ≥ u_j (face 2j) and x_j ≤ l_j (face 2j + 1) must miss the piece.
                json.WriteStartArray("domain");
                for (int face = 0; face < 2 * n; face++)
                {
                    int j = face / 2;
                    var row = new double[n];
                    row[j] = face % 2 == 0 ? -1 : 1;
                    double off = face % 2 == 0 ? -_problem.Domain.Upper[j] : _problem.Domain.Lower[j];
                    List<(int, double)>? y = box is null ? null : BoxCertificate(box, row, off, baseRows);
                    if (y is not null || Farkas(lp, [row], [off], scale, out y))
                    {
                        json.WriteStartObject();
                        json.WriteNumber("face", face);
                        WriteSparse(json, "y", y);
                        json.WriteEndObject();
                        certificates++;
                    }
                }

                json.WriteEndArray();

                json.WriteStartArray("unsafe");
                for (int p = 0; p < _problem.Unsafe.Polytopes.Count; p++)
                {
                    Polytope poly = _problem.Unsafe.Polytopes[p];
                    var rows = poly.HalfSpaces.Select(h => h.Normal.ToArray()).ToArray();
                    var offs = poly.HalfSpaces.Select(h => h.Offset).ToArray();
                    List<(int, double)>? y = box is null || rows.Length != 1 ? null : BoxCertificate(box, rows[0], offs[0], baseRows);
                    if (y is not null || Farkas(lp, rows, offs, scale, out y))
                    {
                        json.WriteStartObject();
                        json.WriteNumber("polytope", p);
                        WriteSparse(json, "y", y);
                        json.WriteEndObject();
                        certificates++;
                    }
                    else
                    {
                        gaps.Add($"piece {index}: no separation from unsafe polytope {p}.");
                    }
                }

                json.WriteEndArray();

                json.WriteStartArray("closure");
                foreach (int[] group in _groups)
                {
                    char[] flipped = pattern.ToCharArray();
                    foreach (int i in group)
                    {
                        flipped[i] = flipped[i] == '1' ? '0' : '1';
                    }

                    if (patterns.Contains(new string(flipped)))
                    {
                        continue;
                    }

                    int rep = group[0];
                    var fr = new List<double>();
                    var fo = new List<double>();
                    NeuronRow(rep, pattern[rep] != '1', fr, fo);
                    json.WriteStartObject();
                    json.WriteStartArray("neurons");
                    foreach (int i in group)
                    {
                        json.WriteNumberValue(i);
                    }

                    json.WriteEndArray();
                    if (box is not null && BoxCertificate(box, fr.ToArray(), fo[0], baseRows) is { } quick)
                    {
                        WriteSparse(json, "facet", quick);
                    }
                    else if (Farkas(lp, [fr.ToArray()], fo.ToArray(), scale, out var y))
                    {
                        WriteSparse(json, "facet", y);
                    }
                    else
                    {
                        int[] support = EmptySupport(flipped, counters, out bool ok);
                        if (!ok)
                        {
                            gaps.Add($"piece {index}: the facet across neurons {string.Join(",", group)} meets {{B ≤ −level}} and the neighbouring region has an interior.");
                        }

                        json.WriteStartArray("emptySupport");
                        foreach (int s in support)
                        {
                            json.WriteNumberValue(s);
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndObject();
                    certificates++;
                }

                json.WriteEndArray();

                // Decrease on the zero face for affine dynamics: {B_σ = −level, g·(A x + a) ≥ 0} ∩ P_σ = ∅.
                if (_problem.System.AffineMatrix is { } a)
                {
                    double[] g = bRow.Normal.ToArray();
                    double[] shift = _problem.System.AffineOffset ?? new double[n];
                    var atg = new double[n];
                    double ga = 0;
                    for (int k = 0; k < n; k++)
                    {
                        double s = 0;
                        for (int j = 0; j < n; j++)
                        {
                            s += g[j] * a[j * n + k];
                        }

                        atg[k] = -s;
                        ga += g[k] * shift[k];
                    }

                    if (Farkas(lp, [g.Select(v => -v).ToArray(), atg], [-bRow.Offset, ga], scale, out var y))
                    {
                        WriteSparse(json, "decrease", y);
                        certificates++;
                    }
                    else
                    {
                        gaps.Add($"piece {index}: g·f(x) < 0 on the zero face was not separated.");
                    }
                }

                if (box is not null)
                {
                    certificates += WriteCells(json, lp, bRow, scale, box, gaps, index);
                }

                json.WriteEndObject();
            }

            return new PieceProof(Encoding.UTF8.GetString(stream.ToArray()), certificates, gaps);
        }

        /// <summary>
        /// A bounding box of the piece, each face <c>x_j &lt; hi_j</c> (<c>x_j &gt; lo_j</c>) proved by a Farkas certificate of
        /// <c>P_σ ∩ {x_j ≥ hi_j} = ∅</c>, or given by the domain row. <see cref="PieceBox.Implied"/> keeps, per face, the
        /// nonnegative combination of the piece's rows that implies it (face coefficient 1), for <see cref="BoxCertificate"/>.
        /// </summary>
        private sealed record PieceBox(double[] Lo, double[] Hi, List<(int Row, double Y)>[] FaceY, List<(int Row, double Y)>[] Implied);

        private PieceBox ComputeBox(PieceLp lp, double[] scale, int baseRows)
        {
            int n = _n;
            var lo = new double[n];
            var hi = new double[n];
            double pad = 1e-9 * DomainScale();
            var faceY = new List<(int, double)>[2 * n];
            var implied = new List<(int, double)>[2 * n];
            for (int face = 0; face < 2 * n; face++)
            {
                int j = face / 2;
                bool upper = face % 2 == 0;
                double domainBound = upper ? _problem.Domain.Upper[j] : -_problem.Domain.Lower[j];
                var c = new double[n];
                c[j] = upper ? 1 : -1;
                var (st, value, _, _) = lp.MaximizeGrown(c, 0);
                double bound = st == LpStatus.Optimal ? Math.Min(value + pad, domainBound) : domainBound;
                List<(int, double)> y = [];
                if (bound < domainBound && Farkas(lp, [c.Select(v => -v).ToArray()], [-bound], scale, out y))
                {
                    // Σ y_i a_i = y_t c: the piece rows scaled by 1/y_t imply c·x ≤ (Σ y_i b_i)/y_t < bound.
                    double yt = y.Where(e => e.Item1 == baseRows).Sum(e => e.Item2);
                    implied[face] = yt > 0 ? y.Where(e => e.Item1 < baseRows).Select(e => (e.Item1, e.Item2 / yt)).ToList() : [];
                }
                else
                {
                    bound = domainBound;
                    y = [];
                    implied[face] = [(_hidden + 1 + 2 * j + (upper ? 0 : 1), 1.0)];
                }

                faceY[face] = y;
                if (upper)
                {
                    hi[j] = bound;
                }
                else
                {
                    lo[j] = -bound;
                }
            }

            return new PieceBox(lo, hi, faceY, implied);
        }

        /// <summary>
        /// Farkas multipliers for <c>P_σ ∩ {r·x ≤ ρ} = ∅</c> without an LP when <c>r·x &gt; ρ</c> on the whole box: 1 on the target
        /// row (index <paramref name="target"/>) plus <c>|r_j|</c> times the combination implying the opposite box face; null when
        /// the margin is not clear.
        /// </summary>
        private static List<(int, double)>? BoxCertificate(PieceBox box, double[] r, double rho, int target)
        {
            double min = -rho, mag = Math.Abs(rho);
            for (int j = 0; j < r.Length; j++)
            {
                min += r[j] > 0 ? r[j] * box.Lo[j] : r[j] * box.Hi[j];
                mag += Math.Abs(r[j]) * Math.Max(Math.Abs(box.Lo[j]), Math.Abs(box.Hi[j]));
            }

            if (!(min > 1e-9 * Math.Max(1, mag)) || box.Implied.Any(l => l.Count == 0))
            {
                return null;
            }

            var y = new SortedDictionary<int, double> { [target] = 1.0 };
            for (int j = 0; j < r.Length; j++)
            {
                if (r[j] == 0)
                {
                    continue;
                }

                // r_j > 0 is cancelled by the lower face (−x_j ≤ …), r_j < 0 by the upper face (x_j ≤ …).
                foreach (var (row, v) in box.Implied[2 * j + (r[j] > 0 ? 1 : 0)])
                {
                    y[row] = y.GetValueOrDefault(row) + Math.Abs(r[j]) * v;
                }
            }

            return y.Select(e => (e.Key, e.Value)).ToList();
        }

        private double DomainScale()
        {
            double scale = 1;
            for (int j = 0; j < _n; j++)
            {
                scale = Math.Max(scale, Math.Max(Math.Abs(_problem.Domain.Lower[j]), Math.Abs(_problem.Domain.Upper[j])));
            }

            return scale;
        }

        /// <summary>
        /// Polynomial dynamics: the certified bounding box, then for every uncertified cell meeting it whose disjointness from
        /// the zero face an exact interval test on the cell might not show, a Farkas certificate of
        /// <c>{x ∈ P_σ : B_σ(x) = −level} ∩ cell = ∅</c>.
        /// </summary>
        private long WriteCells(Utf8JsonWriter json, PieceLp lp, HalfSpace bRow, double[] scale, PieceBox box, List<string> gaps, int index)
        {
            int n = _n;
            long certificates = box.FaceY.Count(y => y.Count > 0);
            double[] lo = box.Lo, hi = box.Hi;
            double domainScale = DomainScale();
            json.WriteStartObject("box");
            json.WriteStartArray("lo");
            foreach (double v in lo)
            {
                json.WriteNumberValue(v);
            }

            json.WriteEndArray();
            json.WriteStartArray("hi");
            foreach (double v in hi)
            {
                json.WriteNumberValue(v);
            }

            json.WriteEndArray();
            json.WriteStartArray("y");
            foreach (var y in box.FaceY)
            {
                json.WriteStartArray();
                foreach (var (row, v) in y)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(row);
                    json.WriteNumberValue(v);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();

            // Zero face {B_σ = −level} against the uncertified cells meeting the box.
            double[] g = bRow.Normal.ToArray();
            json.WriteStartArray("cells");
            var cl = new double[n];
            var ch = new double[n];
            foreach (Box cell in _uncertified)
            {
                bool apart = false;
                for (int j = 0; j < n && !apart; j++)
                {
                    apart = cell.Lower[j] > hi[j] || cell.Upper[j] < lo[j];
                    cl[j] = Math.Max(cell.Lower[j], lo[j]);
                    ch[j] = Math.Min(cell.Upper[j], hi[j]);
                }

                if (apart)
                {
                    continue;
                }

                // The checker's exact test: B_σ + level = g·x − b over cell ∩ box excludes 0 (clear margins only).
                var (bl, bu) = NonIncreaseStage.NetworkData.AffineRange(g, -bRow.Offset, cl, ch);
                if (bl > 1e-9 * domainScale || bu < -1e-9 * domainScale)
                {
                    continue;
                }

                var rows = new double[2 * n + 1][];
                var offs = new double[2 * n + 1];
                rows[0] = g.Select(v => -v).ToArray();
                offs[0] = -bRow.Offset;
                for (int j = 0; j < n; j++)
                {
                    rows[1 + 2 * j] = new double[n];
                    rows[1 + 2 * j][j] = 1;
                    offs[1 + 2 * j] = cell.Upper[j];
                    rows[2 + 2 * j] = new double[n];
                    rows[2 + 2 * j][j] = -1;
                    offs[2 + 2 * j] = -cell.Lower[j];
                }

                if (Farkas(lp, rows, offs, scale, out var y))
                {
                    json.WriteStartObject();
                    json.WriteStartArray("lo");
                    foreach (double v in cell.Lower)
                    {
                        json.WriteNumberValue(v);
                    }

                    json.WriteEndArray();
                    json.WriteStartArray("hi");
                    foreach (double v in cell.Upper)
                    {
                        json.WriteNumberValue(v);
                    }

                    json.WriteEndArray();
                    WriteSparse(json, "y", y);
                    json.WriteEndObject();
                    certificates++;
                }
                else
                {
                    gaps.Add($"piece {index}: the zero face was not separated from uncertified cell {cell}.");
                }
            }

            json.WriteEndArray();
            return certificates;
        }

        /// <summary>Separation LP of the piece and <paramref name="rows"/> (raw); on <c>s* &gt; 0</c> the duals scaled back to raw rows.</summary>
        private bool Farkas(PieceLp lp, double[][] rows, double[] offs, double[] baseScale, out List<(int, double)> y)
        {
            var (un, uo, scale) = Unit(rows.SelectMany(r => r).ToList(), [.. offs]);
            return Farkas(lp, un, uo, [.. baseScale, .. scale], out y);
        }

        private bool Farkas(PieceLp lp, double[] unitNormals, double[] unitOffsets, double[] scale, out List<(int, double)> y)
        {
            var (status, gap, _, duals) = lp.Separate(unitNormals, unitOffsets);
            y = [];
            if (status != LpStatus.Optimal || !(gap > 0))
            {
                return false;
            }

            for (int r = 0; r < duals.Length; r++)
            {
                if (duals[r] > 0)
                {
                    y.Add((r, duals[r] / scale[r]));
                }
            }

            return true;
        }

        /// <summary>The dual support of the flipped region's slack LP (neuron rows, then box rows): the rows whose nonnegative combination vanishes.</summary>
        private int[] EmptySupport(char[] flipped, LpCounters counters, out bool ok)
        {
            var normals = new List<double>();
            var offsets = new List<double>();
            for (int i = 0; i < _hidden; i++)
            {
                NeuronRow(i, flipped[i] == '1', normals, offsets);
            }

            BoxRows(normals, offsets);
            var (un, uo, _) = Unit(normals, offsets);
            using var lp = new PieceLp(_n, un, uo, counters);
            var (status, gap, _, duals) = lp.Separate([], []);
            ok = status == LpStatus.Optimal && gap > -1e-9;
            if (!ok)
            {
                return [];
            }

            double max = duals.Max();
            var support = new List<int>();
            for (int r = 0; r < duals.Length; r++)
            {
                if (duals[r] > 1e-9 * max)
                {
                    // Identical raw rows (a neuron and its negation) count once.
                    int first = r;
                    for (int q = 0; q < r; q++)
                    {
                        if (offsets[q] == offsets[r] && normals.GetRange(q * _n, _n).SequenceEqual(normals.GetRange(r * _n, _n)))
                        {
                            first = q;
                            break;
                        }
                    }

                    if (!support.Contains(first))
                    {
                        support.Add(first);
                    }
                }
            }

            return [.. support];
        }

        private (double[] Normals, double[] Offsets, double[] Scale) Unit(List<double> normals, List<double> offsets)
        {
            int m = offsets.Count;
            var un = new double[m * _n];
            var uo = new double[m];
            var scale = new double[m];
            for (int r = 0; r < m; r++)
            {
                double norm = 0;
                for (int j = 0; j < _n; j++)
                {
                    norm += normals[r * _n + j] * normals[r * _n + j];
                }

                norm = norm == 0 ? 1 : Math.Sqrt(norm);
                scale[r] = norm;
                for (int j = 0; j < _n; j++)
                {
                    un[r * _n + j] = normals[r * _n + j] / norm;
                }

                uo[r] = offsets[r] / norm;
            }

            // GLOP misreads entries of order 1e-16 (it called an always-feasible slack LP infeasible): drop coefficients
            // below 1e-14 of their row for the LP; the checker uses the exact rows and repairs the residual exactly.
            return (NonIncreaseStage.NetworkData.CleanRows(un, _n), uo, scale);
        }

        private static void WriteSparse(Utf8JsonWriter json, string name, List<(int Row, double Y)> y)
        {
            json.WriteStartArray(name);
            foreach (var (row, v) in y)
            {
                json.WriteStartArray();
                json.WriteNumberValue(row);
                json.WriteNumberValue(v);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }
    }
}
