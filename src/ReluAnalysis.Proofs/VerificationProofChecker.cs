using System.Diagnostics;
using System.Globalization;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Proofs;

/// <summary>
/// Re-checks the proof of a "holds" verdict (written by <c>relu verify … --proof</c>) independently of the verifier:
/// from the network's weights (every double the exact rational it is) and the property as read from its VNNLIB file.
/// Shares nothing with the verifier but the network and VNNLIB readers.
/// </summary>
/// <remarks>
/// <para><b>The claim.</b> No input in the property's input boxes (the VNNLIB decimals as the reader rounds them to
/// doubles) is mapped into any unsafe disjunct <c>{y : G_u y ≤ h_u}</c> (non-strict rows, as VNNLIB).</para>
/// <para><b>What is checked.</b> (1) The proof names this network (SHA-256 of the weights, layer sizes) and states
/// exactly the property re-derived from the VNNLIB file; only the re-derived rows are used afterwards. (2) Coverage:
/// piece <c>a</c>'s tree is rooted at input box <c>a</c>; the children of a split at <c>x_j = v</c> (with
/// <c>l_j ≤ v ≤ u_j</c>) are exactly the boxes <c>x_j ≤ v</c> and <c>x_j ≥ v</c>, derived by the checker, so the
/// leaves cover the box; the node list must be exactly one full binary tree per piece. (3) Closure: every leaf
/// excludes every disjunct, by its own exclusions or an ancestor's (an exclusion on a box holds on its sub-boxes).
/// (4) Every exclusion <c>(u, y)</c> at a node with box <c>B</c>: <c>y_r ≥ 0</c> and
/// <c>min_{x∈B} Σ_r y_r (G_{u,r} f(x) − h_{u,r}) &gt; 0</c>; then no <c>x ∈ B</c> has <c>G_u f(x) ≤ h_u</c>, since such an
/// <c>x</c> makes the sum ≤ 0.</para>
/// <para><b>How (4) is decided.</b> By <see cref="OutwardBounds"/>: the checker bounds every neuron over <c>B</c> itself
/// (forward symbolic intervals, back-substitution of unstable neurons) and back-substitutes the functional
/// <c>Σ y_r G_{u,r}</c> through the ReLU relaxations, in floating point with every rounding directed outward, so the
/// computed value is a rigorous lower bound of the exact minimum (the soundness argument is on
/// <see cref="OutwardBounds"/>). The recorded lower-line choice is a hint: it is tried first, then the other three.
/// When all four fail but every neuron has a constant phase on <c>B</c> (by the same rigorous bounds, so the network is
/// exactly affine on <c>B</c> with that pattern), the minimum is computed exactly in <see cref="Rational"/> arithmetic
/// (back-substitution through the pattern, closed-form minimum of a linear function over a box). Nothing the producer
/// wrote is trusted: multipliers, cuts and slope choices are only inputs whose consequences are verified.</para>
/// <para><b>Trusted:</b> the network and VNNLIB readers, .NET's IEEE double arithmetic (round to nearest, with
/// rounding monotone) and <c>BigInteger</c>. The checker's bound
/// computation is a forward pass outside the engine (<c>ReluAnalysis.Patterns</c>): the one deliberate exception to
/// that rule, because an independent re-derivation must not share the verifier's arithmetic.</para>
/// <para>Nodes with exclusions are checked in parallel; the reported failure is the first in file order, whatever the
/// thread count.</para>
/// </remarks>
public static class VerificationProofChecker
{
    /// <summary>What a valid proof establishes.</summary>
    public const string Claim = "no input of the property's input boxes (VNNLIB decimals as read into doubles) is mapped by the network into the unsafe set; the property holds.";

    /// <summary>Reads <paramref name="propertyPath"/> (VNNLIB) and <paramref name="proofPath"/> and checks the proof.</summary>
    /// <exception cref="FormatException">The property or the proof is malformed (the message names the file and the line or JSON path).</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static ProofCheckResult CheckFile(ReluNetwork network, string propertyPath, string proofPath, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(propertyPath);
        ArgumentNullException.ThrowIfNull(proofPath);
        if (!File.Exists(proofPath))
        {
            throw new FileNotFoundException($"Proof file \"{proofPath}\" does not exist.", proofPath);
        }

        VerificationProperty property = VnnLibReader.Read(propertyPath);
        return Check(network, property, File.ReadAllText(proofPath), proofPath, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>Checks the proof text <paramref name="proofJson"/> that <paramref name="property"/> holds on <paramref name="network"/>.</summary>
    /// <param name="network">The network (raw, no input normalisation: as the verifier sees it).</param>
    /// <param name="property">The property as read from its VNNLIB file.</param>
    /// <param name="proofJson">The proof file's text.</param>
    /// <param name="source">A name for messages (the file name).</param>
    /// <param name="maxDegreeOfParallelism">Worker threads; ≤ 0 means every core.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="FormatException">The proof is malformed (the message names <paramref name="source"/> and the JSON path).</exception>
    public static ProofCheckResult Check(ReluNetwork network, VerificationProperty property, string proofJson, string source = "<proof>", int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(proofJson);
        VerificationProofDocument doc = VerificationProofDocument.Parse(proofJson, source);
        var clock = Stopwatch.StartNew();
        var run = new Run(network, property, doc);
        ProofFailure? first = run.Header();
        if (first is null)
        {
            run.Walk();
            first = run.FirstFailure(maxDegreeOfParallelism, cancellationToken);
        }

        return new ProofCheckResult(first is null ? ProofStatus.Valid : ProofStatus.Invalid, run.NodeCount, run.LeafCount, first, [], Claim, clock.Elapsed);
    }

    private sealed record Job(int Order, string Name, double[] Lower, double[] Upper, IReadOnlyList<ProofExclusion> Exclusions);

    private sealed class Run(ReluNetwork net, VerificationProperty property, VerificationProofDocument doc)
    {
        private readonly List<Job> _jobs = [];
        private (int Order, ProofFailure Failure)? _structural;
        private double[][][] _g = [];
        private double[][] _h = [];

        public long NodeCount { get; private set; }

        public long LeafCount { get; private set; }

        /// <summary>Network fingerprint and the property, compared with the checker's own re-derivation.</summary>
        public ProofFailure? Header()
        {
            string sha = net.WeightsSha256();
            if (!doc.Layers.SequenceEqual(net.LayerSizes()) || doc.Sha256 != sha)
            {
                return new ProofFailure("network", $"the proof is for a network with layers [{string.Join(",", doc.Layers)}] and SHA-256 {doc.Sha256}; the given network has [{string.Join(",", net.LayerSizes())}] and {sha}.");
            }

            if (property.InputDimension != net.InputDimension || property.OutputDimension != net.OutputDimension)
            {
                return new ProofFailure("property", $"the property has {property.InputDimension} inputs and {property.OutputDimension} outputs; the network {net.InputDimension} and {net.OutputDimension}.");
            }

            int pieces = property.InputPieces.Count;
            if (doc.Property.Inputs.Count != pieces || doc.Pieces.Count != pieces)
            {
                return new ProofFailure("property", $"the VNNLIB file has {pieces} input pieces; the proof states {doc.Property.Inputs.Count} and has {doc.Pieces.Count} trees.");
            }

            for (int a = 0; a < pieces; a++)
            {
                if (property.InputBoxes[a] is not Box box)
                {
                    return new ProofFailure($"property input {a}", "the input piece is a polytope, not a box; verification proofs cover box pieces only.");
                }

                var (lower, upper) = doc.Property.Inputs[a];
                if (!lower.AsSpan().SequenceEqual(box.Lower.ToArray()) || !upper.AsSpan().SequenceEqual(box.Upper.ToArray()))
                {
                    return new ProofFailure($"property input {a}", "the proof's input box differs from the box read from the VNNLIB file.");
                }
            }

            int m = net.OutputDimension;
            if (doc.Property.Unsafe.Count != property.UnsafeOutputs.Count)
            {
                return new ProofFailure("property", $"the VNNLIB file has {property.UnsafeOutputs.Count} unsafe disjuncts; the proof states {doc.Property.Unsafe.Count}.");
            }

            _g = new double[property.UnsafeOutputs.Count][][];
            _h = new double[_g.Length][];
            for (int u = 0; u < _g.Length; u++)
            {
                Polytope set = property.UnsafeOutputs[u];
                var (g, h) = doc.Property.Unsafe[u];
                _g[u] = set.HalfSpaces.Select(r => r.Normal.ToArray()).ToArray();
                _h[u] = set.HalfSpaces.Select(r => r.Offset).ToArray();
                bool same = g.Length == _g[u].Length && h.AsSpan().SequenceEqual(_h[u]);
                for (int r = 0; same && r < g.Length; r++)
                {
                    same = g[r].Length == m && g[r].AsSpan().SequenceEqual(_g[u][r]);
                }

                if (!same)
                {
                    return new ProofFailure($"property unsafe disjunct {u}", "the proof's rows differ from the rows read from the VNNLIB file.");
                }
            }

            return null;
        }

        /// <summary>Walks every piece's pre-order node list: structure, cuts, coverage and closure; collects the certificate jobs; stops at the first structural failure.</summary>
        public void Walk()
        {
            int d = net.InputDimension, disjuncts = _g.Length;
            int order = 0;
            for (int a = 0; a < doc.Pieces.Count; a++)
            {
                IReadOnlyList<ProofTreeNode> nodes = doc.Pieces[a];
                Box root = property.InputBoxes[a]!;
                var stack = new Stack<(double[] Lo, double[] Hi, bool[] Closed, int Depth, string Parent)>();
                stack.Push((root.Lower.ToArray(), root.Upper.ToArray(), new bool[disjuncts], 0, "input box"));
                for (int i = 0; i < nodes.Count; i++, order++)
                {
                    string name = $"$.pieces[{a}].nodes[{i}]";
                    if (stack.Count == 0)
                    {
                        Fail(order, name, $"extra node: the tree of piece {a} is complete after {i} nodes.");
                        return;
                    }

                    ProofTreeNode node = nodes[i];
                    var (lo, hi, inherited, depth, _) = stack.Pop();
                    name += $" (depth {depth}, {(node.IsSplit ? "split" : "leaf")})";
                    NodeCount++;
                    var closed = (bool[])inherited.Clone();
                    foreach (ProofExclusion e in node.Exclusions)
                    {
                        if (e.Disjunct >= disjuncts)
                        {
                            Fail(order, name, $"{e.Path}: disjunct {e.Disjunct}, but the property has disjuncts 0..{disjuncts - 1}.");
                            return;
                        }

                        foreach (var (row, y) in e.Y.Entries)
                        {
                            if (row >= _h[e.Disjunct].Length)
                            {
                                Fail(order, name, $"{e.Path}: row {row}, but disjunct {e.Disjunct} has rows 0..{_h[e.Disjunct].Length - 1}.");
                                return;
                            }

                            if (y < 0)
                            {
                                Fail(order, name, $"{e.Path}: multiplier {y.ToString("R", CultureInfo.InvariantCulture)} on row {row} is negative; expected ≥ 0.");
                                return;
                            }
                        }

                        closed[e.Disjunct] = true;
                    }

                    if (node.Exclusions.Count > 0)
                    {
                        _jobs.Add(new Job(order, name, lo, hi, node.Exclusions));
                    }

                    if (!node.IsSplit)
                    {
                        LeafCount++;
                        int open = Array.IndexOf(closed, false);
                        if (open >= 0)
                        {
                            Fail(order, name, $"the leaf does not exclude unsafe disjunct {open} (no exclusion at the leaf or an ancestor).");
                            return;
                        }

                        continue;
                    }

                    int j = node.SplitDimension;
                    double v = node.SplitValue;
                    if (j >= d || !(lo[j] <= v && v <= hi[j]))
                    {
                        Fail(order, name, j >= d
                            ? $"split dimension {j}, but the input has dimensions 0..{d - 1}."
                            : string.Create(CultureInfo.InvariantCulture, $"cut x_{j} = {v:R} lies outside the node's box side [{lo[j]:R}, {hi[j]:R}]."));
                        return;
                    }

                    var leftHi = (double[])hi.Clone();
                    leftHi[j] = v;
                    var rightLo = (double[])lo.Clone();
                    rightLo[j] = v;
                    stack.Push((rightLo, hi, closed, depth + 1, name));
                    stack.Push((lo, leftHi, closed, depth + 1, name));
                }

                if (stack.Count > 0)
                {
                    Fail(order, stack.Peek().Parent, $"the node list of piece {a} ends with {stack.Count} subtree(s) missing: this split lacks a child, so the leaves do not cover the input box.");
                    return;
                }
            }
        }

        /// <summary>
        /// Checks every collected exclusion (in parallel) and returns the first failure in file order: a failing
        /// certificate before the structural failure, else the structural failure.
        /// </summary>
        public ProofFailure? FirstFailure(int maxDegreeOfParallelism, CancellationToken ct)
        {
            int threads = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
            var reasons = new string?[_jobs.Count];
            int firstFailure = int.MaxValue;
            Parallel.For(
                0,
                _jobs.Count,
                new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct },
                () => new OutwardBounds(net),
                (i, _, bounds) =>
                {
                    if (i < Volatile.Read(ref firstFailure) && (reasons[i] = CheckNode(bounds, _jobs[i])) is not null)
                    {
                        int seen;
                        while (i < (seen = Volatile.Read(ref firstFailure)) && Interlocked.CompareExchange(ref firstFailure, i, seen) != seen)
                        {
                        }
                    }

                    return bounds;
                },
                _ => { });
            if (firstFailure != int.MaxValue && (_structural is not { } s || _jobs[firstFailure].Order <= s.Order))
            {
                return new ProofFailure(_jobs[firstFailure].Name, reasons[firstFailure]!);
            }

            return _structural?.Failure;
        }

        private void Fail(int order, string name, string reason)
        {
            // Certificates of the nodes up to a structural failure are still checked, so the first failure in file
            // order is reported; later ones are not needed.
            _structural = (order, new ProofFailure(name, reason));
            _jobs.RemoveAll(j => j.Order > order);
        }

        private string? CheckNode(OutwardBounds bounds, Job job)
        {
            bounds.Propagate(job.Lower, job.Upper);
            int m = net.OutputDimension;
            var cLo = new double[m];
            var cHi = new double[m];
            foreach (ProofExclusion e in job.Exclusions)
            {
                double[][] g = _g[e.Disjunct];
                double[] h = _h[e.Disjunct];

                // c = Σ y_r G_r enclosed outward; the constant −Σ y_r h_r rounded down.
                Array.Clear(cLo);
                Array.Clear(cHi);
                double offsetUp = 0;
                foreach (var (row, y) in e.Y.Entries)
                {
                    for (int o = 0; o < m; o++)
                    {
                        double p = y * g[row][o];
                        cLo[o] = OutwardBounds.Dn(cLo[o] + OutwardBounds.Dn(p));
                        cHi[o] = OutwardBounds.Up(cHi[o] + OutwardBounds.Up(p));
                    }

                    offsetUp = OutwardBounds.Up(offsetUp + OutwardBounds.Up(y * h[row]));
                }

                double best = double.NegativeInfinity;
                for (int t = 0; t < 4; t++)
                {
                    int slopes = (e.LowerSlopes + t) % 4;
                    double value = OutwardBounds.Dn(bounds.OutputLowerBound(cLo, cHi, slopes) - offsetUp);
                    if (double.IsFinite(value) && value > 0)
                    {
                        best = value;
                        break;
                    }

                    best = double.IsNaN(value) ? best : Math.Max(best, value);
                }

                if (best > 0)
                {
                    continue;
                }

                if (bounds.Affine)
                {
                    Rational exact = ExactAffineMinimum(bounds, e, g, h);
                    if (exact.Sign > 0)
                    {
                        continue;
                    }

                    return string.Create(CultureInfo.InvariantCulture,
                        $"{e.Path}: disjunct {e.Disjunct} is not excluded: the network is affine on the box and the exact minimum of Σ y_r (G_r f(x) − h_r) over it is {exact.ToDouble():G6}, not > 0.");
                }

                return string.Create(CultureInfo.InvariantCulture,
                    $"{e.Path}: disjunct {e.Disjunct} is not excluded: the rigorous lower bound of min Σ y_r (G_r f(x) − h_r) over the box is {best:G6}, not > 0 (the network is not affine on the box).");
            }

            return null;
        }

        /// <summary>
        /// The exact minimum over the box of <c>Σ y_r (G_r f(x) − h_r)</c> when every neuron has a constant phase on it:
        /// exact back-substitution through the pattern (active <c>l ≥ 0</c>: <c>h = z</c>; inactive <c>u ≤ 0</c>: <c>h = 0</c>).
        /// </summary>
        private Rational ExactAffineMinimum(OutwardBounds bounds, ProofExclusion e, double[][] g, double[] h)
        {
            int m = net.OutputDimension;
            var c = new Rational[m];
            Array.Fill(c, Rational.Zero);
            Rational beta = Rational.Zero;
            foreach (var (row, y) in e.Y.Entries)
            {
                Rational ry = Rational.FromDouble(y);
                for (int o = 0; o < m; o++)
                {
                    c[o] += ry * Rational.FromDouble(g[row][o]);
                }

                beta -= ry * Rational.FromDouble(h[row]);
            }

            ReadOnlySpan<double> lower = bounds.Lower, upper = bounds.Upper;
            int offset = net.HiddenNeuronCount;
            for (int k = net.Layers.Count - 1; k >= 0; k--)
            {
                DenseLayer layer = net.Layers[k];
                var next = new Rational[layer.Inputs];
                Array.Fill(next, Rational.Zero);
                for (int i = 0; i < layer.Outputs; i++)
                {
                    if (c[i].IsZero)
                    {
                        continue;
                    }

                    beta += c[i] * Rational.FromDouble(layer.Bias[i]);
                    ReadOnlySpan<double> row = layer.Row(i);
                    for (int j = 0; j < row.Length; j++)
                    {
                        if (row[j] != 0)
                        {
                            next[j] += c[i] * Rational.FromDouble(row[j]);
                        }
                    }
                }

                if (k > 0)
                {
                    offset -= layer.Inputs;
                    for (int j = 0; j < next.Length; j++)
                    {
                        if (upper[offset + j] <= 0)
                        {
                            next[j] = Rational.Zero;
                        }
                    }
                }

                c = next;
            }

            ReadOnlySpan<double> boxLo = bounds.BoxLower, boxHi = bounds.BoxUpper;
            for (int j = 0; j < c.Length; j++)
            {
                beta += c[j] * Rational.FromDouble(c[j].Sign >= 0 ? boxLo[j] : boxHi[j]);
            }

            return beta;
        }
    }
}
