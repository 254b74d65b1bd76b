namespace ReluAnalysis.Proofs;

/// <summary>The polynomial-system part of the barrier checker: stage 1 replayed exactly, bounding boxes, cells, predicates.</summary>
public static partial class BarrierProofChecker
{
    private sealed partial class Checker
    {
        /// <summary>The most stage-1 cells the replay visits before it gives up (the proof is then rejected).</summary>
        private const long MaxCells = 20_000_000;

        private readonly List<(Rational[] Lo, Rational[] Hi)> _uncertified = [];

        /// <summary>Number of stage-1 cells the replay visited.</summary>
        public long Cells { get; private set; }

        /// <summary>
        /// Replays stage 1 exactly: the uniform grid, each cell certified iff the exact interval bound
        /// <c>UB = Σ_on τ_k^hi + Σ_unstable max(0, τ_k^hi)</c> (<c>τ_k = w₂[k] W₁[k]·f(cell)</c>, stable by the exact pre-activation
        /// range) is ≤ 0, else bisected at the midpoint of its widest side (first on ties) while wider than the minimum width,
        /// else kept as uncertified. UB bounds <c>g·f(x)</c> for every Clarke gradient at every point of the closed cell.
        /// </summary>
        private bool ReplayStageOne(CancellationToken ct)
        {
            int n = _n, per = _doc.CellsPerAxis;
            Rational hmin = Rational.FromDouble(_doc.MinCellWidth);
            var stack = new Stack<(Rational[] Lo, Rational[] Hi)>();
            var idx = new int[n];
            long total = (long)Math.Pow(per, n);
            var perR = Rational.FromInteger(per);
            for (long k = 0; k < total; k++)
            {
                var lo = new Rational[n];
                var hi = new Rational[n];
                for (int j = 0; j < n; j++)
                {
                    Rational w = (_hi[j] - _lo[j]) / perR;
                    lo[j] = _lo[j] + Rational.FromInteger(idx[j]) * w;
                    hi[j] = idx[j] == per - 1 ? _hi[j] : _lo[j] + Rational.FromInteger(idx[j] + 1) * w;
                }

                stack.Push((lo, hi));
                for (int j = n - 1; j >= 0; j--)
                {
                    if (++idx[j] < per)
                    {
                        break;
                    }

                    idx[j] = 0;
                }
            }

            // Cells missing the union of the pieces' claimed bounding boxes hold no zero-face point and need no bound:
            // each claim is verified per piece below (a wrong one rejects the proof), so skipping them is sound.
            var (ulo, uhi) = ClaimedUnionBox();
            var half = Rational.Create(1, 2);
            var box = new ExactInterval[n];
            while (stack.Count > 0)
            {
                if ((++Cells & 1023) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                if (Cells > MaxCells)
                {
                    return false;
                }

                var (lo, hi) = stack.Pop();
                bool apart = false;
                for (int j = 0; j < n && !apart; j++)
                {
                    apart = hi[j] < ulo[j] || lo[j] > uhi[j];
                }

                if (apart)
                {
                    Skipped++;
                    continue;
                }

                for (int j = 0; j < n; j++)
                {
                    box[j] = new ExactInterval(lo[j], hi[j]);
                }

                if (DecreaseBound(box).Sign <= 0)
                {
                    continue;
                }

                int widest = 0;
                for (int j = 1; j < n; j++)
                {
                    if (hi[j] - lo[j] > hi[widest] - lo[widest])
                    {
                        widest = j;
                    }
                }

                if (hi[widest] - lo[widest] > hmin)
                {
                    Rational mid = half * (lo[widest] + hi[widest]);
                    var a = (Rational[])hi.Clone();
                    a[widest] = mid;
                    var b = (Rational[])lo.Clone();
                    b[widest] = mid;
                    stack.Push((b, hi));
                    stack.Push((lo, a));
                }
                else
                {
                    _uncertified.Add((lo, hi));
                }
            }

            Nodes += Cells - Skipped;
            return true;
        }

        /// <summary>Stage-1 cells skipped because they miss every piece's claimed bounding box.</summary>
        public long Skipped { get; private set; }

        /// <summary>The smallest box holding every piece's claimed bounding box (the domain when a piece has none).</summary>
        private (Rational[] Lo, Rational[] Hi) ClaimedUnionBox()
        {
            if (_doc.Pieces.Any(p => p.Box is not { } b || b.Lo.Length != _n || b.Hi.Length != _n))
            {
                return (_lo, _hi);
            }

            var lo = new Rational[_n];
            var hi = new Rational[_n];
            for (int j = 0; j < _n; j++)
            {
                lo[j] = Rational.FromDouble(_doc.Pieces.Min(p => p.Box!.Lo[j]));
                hi[j] = Rational.FromDouble(_doc.Pieces.Max(p => p.Box!.Hi[j]));
            }

            return (lo, hi);
        }

        private Rational DecreaseBound(ExactInterval[] box)
        {
            ExactInterval[] f = _sys.FieldBound!(box);
            Rational ub = Rational.Zero;
            for (int k = 0; k < _hidden; k++)
            {
                if (_v[k].IsZero)
                {
                    continue;
                }

                var (zl, zu) = Range(_w[k], _b[k], box);
                if (zu.Sign < 0)
                {
                    continue;
                }

                ExactInterval s = ExactInterval.Point(Rational.Zero);
                for (int j = 0; j < _n; j++)
                {
                    if (!_w[k][j].IsZero)
                    {
                        s += _w[k][j] * f[j];
                    }
                }

                ExactInterval tau = _v[k] * s;
                ub += zl.Sign > 0 ? tau.Hi : Rational.Max(Rational.Zero, tau.Hi);
            }

            return ub;
        }

        /// <summary>Exact range of <c>a·x + b</c> over a box.</summary>
        private static (Rational Lo, Rational Hi) Range(Rational[] a, Rational b, ExactInterval[] box)
        {
            Rational lo = b, hi = b;
            for (int j = 0; j < a.Length; j++)
            {
                if (a[j].Sign > 0)
                {
                    lo += a[j] * box[j].Lo;
                    hi += a[j] * box[j].Hi;
                }
                else if (a[j].Sign < 0)
                {
                    lo += a[j] * box[j].Hi;
                    hi += a[j] * box[j].Lo;
                }
            }

            return (lo, hi);
        }

        private ProofFailure? CheckBoxAndCells(string id, PieceEntry piece, List<ExactRow> rows, Rational[] g, Rational c)
        {
            int n = _n;
            string node = id + " / bounding box";
            Nodes++;
            if (piece.Box is not { } pb || pb.Lo.Length != n || pb.Hi.Length != n || pb.Y.Count != 2 * n)
            {
                return new ProofFailure(node, $"a polynomial system needs the piece's bounding box with {2 * n} face certificates.");
            }

            var blo = pb.Lo.Select(Rational.FromDouble).ToArray();
            var bhi = pb.Hi.Select(Rational.FromDouble).ToArray();
            for (int face = 0; face < 2 * n; face++)
            {
                int j = face / 2;
                bool upper = face % 2 == 0;
                if (upper ? bhi[j] >= _hi[j] : blo[j] <= _lo[j])
                {
                    // The domain row already bounds the piece there.
                    if (upper)
                    {
                        bhi[j] = _hi[j];
                    }
                    else
                    {
                        blo[j] = _lo[j];
                    }

                    continue;
                }

                var e = new Rational[n];
                Array.Fill(e, Rational.Zero);
                e[j] = upper ? -Rational.One : Rational.One;
                string? why = ExactLinear.Farkas([.. rows, new ExactRow(e, upper ? -bhi[j] : blo[j])], Exact(pb.Y[face]), _lo, _hi);
                if (why is not null)
                {
                    return new ProofFailure($"{node} face {face}", why);
                }
            }

            // The zero face {g·x + c + level = 0} ∩ P_σ against every uncertified cell.
            var certs = new Dictionary<string, CellEntry>(StringComparer.Ordinal);
            foreach (CellEntry ce in piece.Cells)
            {
                if (ce.Lo.Length == n && ce.Hi.Length == n)
                {
                    certs.TryAdd(Key(ce.Lo.Select(Rational.FromDouble), ce.Hi.Select(Rational.FromDouble)), ce);
                }
            }

            Rational shift = c + _level;
            var inter = new ExactInterval[n];
            foreach (var (lo, hi) in _uncertified)
            {
                bool apart = false;
                for (int j = 0; j < n && !apart; j++)
                {
                    apart = lo[j] >= bhi[j] || hi[j] <= blo[j];
                    inter[j] = new ExactInterval(Rational.Max(lo[j], blo[j]), hi[j] < bhi[j] ? hi[j] : bhi[j]);
                }

                if (apart)
                {
                    continue;
                }

                Nodes++;
                var (zl, zu) = Range(g, shift, inter);
                if (zl.Sign > 0 || zu.Sign < 0)
                {
                    continue;
                }

                string cellNode = $"{id} / zero face vs uncertified cell [{string.Join(", ", lo.Zip(hi, (a, b) => $"{a.ToDouble():G6}..{b.ToDouble():G6}"))}]";
                if (!certs.TryGetValue(Key(lo, hi), out CellEntry? cert))
                {
                    return new ProofFailure(cellNode, "the zero face may meet this cell where L_f B ≤ 0 is not proved, and the proof has no certificate for it.");
                }

                var extra = new List<ExactRow> { new(g.Select(x => -x).ToArray(), shift) };
                AddBox(extra, lo, hi);

                string? why = ExactLinear.Farkas([.. rows, .. extra], Exact(cert.Y), _lo, _hi);
                if (why is not null)
                {
                    return new ProofFailure(cellNode, why);
                }
            }

            return _sys.UnsafeBound is null ? null : CheckPredicate(id, rows, blo, bhi);
        }

        private static string Key(IEnumerable<Rational> lo, IEnumerable<Rational> hi) => string.Join(",", lo) + "|" + string.Join(",", hi);

        /// <summary>Bisects the piece's box until every sub-box lies outside a piece row or has <c>h &gt; 0</c> exactly.</summary>
        private ProofFailure? CheckPredicate(string id, List<ExactRow> rows, Rational[] blo, Rational[] bhi)
        {
            int n = _n;
            Nodes++;
            var stack = new Stack<(Rational[] Lo, Rational[] Hi, int Depth)>();
            stack.Push((blo, bhi, 0));
            var box = new ExactInterval[n];
            var half = Rational.Create(1, 2);
            int budget = 1 << 16;
            while (stack.Count > 0)
            {
                var (lo, hi, depth) = stack.Pop();
                for (int j = 0; j < n; j++)
                {
                    box[j] = new ExactInterval(lo[j], hi[j]);
                }

                bool outside = false;
                foreach (ExactRow r in rows)
                {
                    if (Range(r.A, -r.B, box).Lo.Sign > 0)
                    {
                        outside = true;
                        break;
                    }
                }

                if (outside || _sys.UnsafeBound!(box).Lo.Sign > 0)
                {
                    continue;
                }

                if (depth >= 30 * n || --budget < 0)
                {
                    return new ProofFailure(id + " / unsafe set", $"exact interval bisection could not show that the piece misses {{{_sys.NonPolyhedralUnsafe}}} near [{string.Join(", ", lo.Zip(hi, (a, b) => $"{a.ToDouble():G6}..{b.ToDouble():G6}"))}].");
                }

                int widest = 0;
                for (int j = 1; j < n; j++)
                {
                    if (hi[j] - lo[j] > hi[widest] - lo[widest])
                    {
                        widest = j;
                    }
                }

                Rational mid = half * (lo[widest] + hi[widest]);
                var a = (Rational[])hi.Clone();
                a[widest] = mid;
                var b = (Rational[])lo.Clone();
                b[widest] = mid;
                stack.Push((b, hi, depth + 1));
                stack.Push((lo, a, depth + 1));
            }

            return null;
        }
    }
}
