using ReluAnalysis.Geometry;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Arrangements;

/// <summary>
/// Preprocessing of spec §1.1: drop zero rows, normalise to unit normals, merge duplicates and
/// anti-duplicates, drop hyperplanes that do not cross the domain's interior (interval test on a box,
/// one or two LPs on a polytope), move the seed off every hyperplane, orient each kept hyperplane so the
/// seed is on its positive side, and centre the base witness with one slack LP.
/// </summary>
internal sealed class PreparedArrangement
{
    // Far-side LP optima kept to settle later prefilter hyperplanes without an LP.
    private const int KnownPoints = 16;

    public required CellSearchProblem Problem { get; init; }

    /// <summary>Kept id → input index.</summary>
    public required int[] KeptInput { get; init; }

    /// <summary>Input index → kept id, or −1 when removed.</summary>
    public required int[] InputKept { get; init; }

    /// <summary>Input index → sign factor: the input row's sign on a cell = factor × (bit set ? −1 : +1), or the constant sign when removed.</summary>
    public required sbyte[] InputFactor { get; init; }

    public required List<RemovedHyperplane> Removed { get; init; }

    public sbyte[] SignsOf(RegionCode code)
    {
        var s = new sbyte[InputKept.Length];
        for (int i = 0; i < s.Length; i++)
        {
            int k = InputKept[i];
            s[i] = k < 0 ? InputFactor[i] : (sbyte)(code.Has(k) ? -InputFactor[i] : InputFactor[i]);
        }

        return s;
    }

    /// <summary>Unit-normal rows of a box: <c>x_i ≤ u_i</c>, <c>−x_i ≤ −l_i</c>.</summary>
    public static (double[] Normals, double[] Offsets) BoxRows(Box box)
    {
        int d = box.Dimension;
        var f = new double[2 * d * d];
        var g = new double[2 * d];
        for (int i = 0; i < d; i++)
        {
            if (!(box.Upper[i] > box.Lower[i]))
            {
                throw new ArgumentException($"box side {i} is [{box.Lower[i]}, {box.Upper[i]}]; expected lower < upper (a full-dimensional domain).", nameof(box));
            }

            f[(2 * i) * d + i] = 1.0;
            g[2 * i] = box.Upper[i];
            f[(2 * i + 1) * d + i] = -1.0;
            g[2 * i + 1] = -box.Lower[i];
        }

        return (f, g);
    }

    /// <summary>Unit-normal rows of a polytope (zero rows must not occur).</summary>
    public static (double[] Normals, double[] Offsets) PolytopeRows(Polytope polytope)
    {
        int d = polytope.Dimension;
        int m = polytope.HalfSpaces.Count;
        var f = new double[m * d];
        var g = new double[m];
        for (int k = 0; k < m; k++)
        {
            HalfSpace h = polytope.HalfSpaces[k];
            double norm = Norm(h.Normal);
            if (norm == 0)
            {
                throw new ArgumentException($"polytope row {k} has a zero normal; expected a proper half-space.", nameof(polytope));
            }

            for (int j = 0; j < d; j++)
            {
                f[k * d + j] = h.Normal[j] / norm;
            }

            g[k] = h.Offset / norm;
        }

        return (f, g);
    }

    private static double Norm(ReadOnlySpan<double> a)
    {
        double s = 0;
        foreach (double v in a)
        {
            s += v * v;
        }

        return Math.Sqrt(s);
    }

    /// <summary>Prepares the search; <c>box</c> (when the domain is a box) enables the interval prefilter, otherwise LPs decide (after a
    /// test against <c>hull</c>, a box known to contain the polytope domain, by default the domain's rows tightened to a box). <c>lp</c> is
    /// left loaded with the domain and the kept planes.</summary>
    public static PreparedArrangement Create(
        int d, ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets,
        double[] domainNormals, double[] domainOffsets, Box? box, double[]? seed,
        double epsilon, double duplicateTolerance, CellLp lp, Box? hull = null)
    {
        int n = offsets.Length;
        int m = domainOffsets.Length;
        var removed = new List<RemovedHyperplane>(offsets.Length);
        var inputKept = new int[n];
        var inputFactor = new sbyte[n];
        double maxNorm = 0;
        for (int i = 0; i < n; i++)
        {
            maxNorm = Math.Max(maxNorm, Norm(normals.Slice(i * d, d)));
        }

        // Canonical unit rows: first entry that is not ~0 made positive.
        var unit = new double[n * d];
        var unitOff = new double[n];
        var sigma = new sbyte[n];
        var candidates = new List<int>();
        for (int i = 0; i < n; i++)
        {
            double norm = Norm(normals.Slice(i * d, d));
            if (norm <= 1e-12 * maxNorm || norm == 0)
            {
                inputKept[i] = -1;
                inputFactor[i] = (sbyte)Math.Sign(offsets[i]);
                removed.Add(new RemovedHyperplane(i, RemovalReason.ZeroNormal, -1));
                continue;
            }

            int lead = 0;
            while (Math.Abs(normals[i * d + lead]) <= 1e-12 * norm)
            {
                lead++;
            }

            sigma[i] = normals[i * d + lead] > 0 ? (sbyte)1 : (sbyte)-1;
            for (int j = 0; j < d; j++)
            {
                unit[i * d + j] = sigma[i] * normals[i * d + j] / norm;
            }

            unitOff[i] = sigma[i] * offsets[i] / norm;
            candidates.Add(i);
        }

        // Duplicates (the earliest input index is kept).
        var distinct = new List<int>();
        foreach (int i in candidates)
        {
            int dup = -1;
            foreach (int k in distinct)
            {
                bool same = Math.Abs(unitOff[i] - unitOff[k]) <= duplicateTolerance;
                for (int j = 0; same && j < d; j++)
                {
                    same = Math.Abs(unit[i * d + j] - unit[k * d + j]) <= duplicateTolerance;
                }

                if (same)
                {
                    dup = k;
                    break;
                }
            }

            if (dup >= 0)
            {
                inputKept[i] = -2 - dup; // resolved after orientation
                removed.Add(new RemovedHyperplane(i, RemovalReason.Duplicate, dup));
            }
            else
            {
                distinct.Add(i);
            }
        }

        // Seed: given or the domain's Chebyshev centre.
        var domainProblem = new CellSearchProblem
        {
            Dimension = d, PlaneNormals = [], PlaneOffsets = [], DomainNormals = domainNormals, DomainOffsets = domainOffsets,
            BaseWitness = new double[d], Epsilon = epsilon,
        };
        var empty = new RegionCode([0UL]);
        lp.ResetBasis(seed ?? box?.Center() ?? []);
        lp.LoadDomain(domainNormals, domainOffsets);
        double[] seedPoint;
        double domainRadius;
        if (seed is not null)
        {
            Guard.Length(seed.Length, d, nameof(seed));
            Guard.Finite(seed, nameof(seed));
            domainRadius = domainProblem.Slack(empty, seed);
            if (SignRule.Classify(domainRadius, epsilon) != NeuronState.Active)
            {
                throw new ArgumentException("seed is not strictly inside the domain; expected an interior point.", nameof(seed));
            }

            seedPoint = (double[])seed.Clone();
        }
        else
        {
            lp.LoadPlanes([], []);
            var c = new double[d];
            var (status, radius) = lp.Solve([0UL], c);
            if (status != LpStatus.Optimal)
            {
                throw new InvalidOperationException($"the LP for the domain's centre failed ({status}).");
            }

            if (SignRule.Classify(radius, epsilon) != NeuronState.Active)
            {
                throw new ArgumentException($"the domain has no interior (Chebyshev radius {radius}); expected a full-dimensional box or polytope.", "domain");
            }

            domainRadius = radius;
            seedPoint = box is not null ? box.Center() : c;
        }

        // Prefilter: keep a hyperplane iff it takes both signs (beyond ε) on the domain: on a box by
        // interval arithmetic, on a polytope by the slack LP of the half-space opposite to the seed.
        var kept = new List<int>();
        double seedSlack = domainProblem.Slack(empty, seedPoint);
        var crossing = new List<(double[] X, double Slack)>();
        hull = box is not null ? null : hull ?? BoundingBox(d, domainNormals, domainOffsets);
        var scratch = new double[d];
        var single = new double[d];
        foreach (int i in distinct)
        {
            ReadOnlySpan<double> a = unit.AsSpan(i * d, d);
            double lo;
            double hi;
            if (box is not null)
            {
                (lo, hi) = Range(a, unitOff[i], box);
            }
            else
            {
                double atSeed = unitOff[i] + Dot(a, seedPoint);
                var (hullLo, hullHi) = hull is null ? (double.NegativeInfinity, double.PositiveInfinity) : Range(a, unitOff[i], hull);
                if (atSeed > 0 ? hullLo >= 0 : hullHi <= 0)
                {
                    // Not even the domain's bounding box reaches the far side: the LP would find no far-side point.
                    lo = atSeed > 0 ? 0 : atSeed;
                    hi = atSeed > 0 ? atSeed : 0;
                }
                else if (Math.Abs(atSeed) <= epsilon)
                {
                    lo = -1;
                    hi = 1; // the seed is interior and on the hyperplane: it crosses the interior
                }
                else if (seedSlack - Math.Abs(atSeed) > 2 * epsilon || CrossedByKnownPoint(a, unitOff[i], atSeed > 0 ? 1 : -1, crossing, epsilon))
                {
                    // A point of the domain beyond ε on the far side (in the ball of radius seedSlack around the seed,
                    // or a far-side optimum of an earlier prefilter LP) is feasible for the LP below with value > ε:
                    // the LP would report a crossing, so it is not needed.
                    lo = atSeed > 0 ? -1 : atSeed;
                    hi = atSeed > 0 ? atSeed : 1;
                }
                else
                {
                    double ori = atSeed > 0 ? 1 : -1;
                    for (int j = 0; j < d; j++)
                    {
                        single[j] = ori * a[j];
                    }

                    lp.LoadPlanes(single, [ori * unitOff[i]]);
                    lp.ResetBasis(seedPoint);
                    var (status, radius) = lp.Solve([1UL], scratch);
                    if (status != LpStatus.Optimal)
                    {
                        throw new InvalidOperationException($"the prefilter LP of hyperplane {i} failed ({status}).");
                    }

                    bool crosses = SignRule.Classify(radius, epsilon) == NeuronState.Active;
                    lo = atSeed > 0 ? (crosses ? -1 : 0) : atSeed;
                    hi = atSeed > 0 ? atSeed : (crosses ? 1 : 0);
                    if (crosses && crossing.Count < KnownPoints)
                    {
                        crossing.Add((scratch.ToArray(), domainProblem.Slack(empty, scratch)));
                    }
                }
            }

            if (lo < -epsilon && hi > epsilon)
            {
                kept.Add(i);
            }
            else
            {
                inputKept[i] = -1;
                inputFactor[i] = (sbyte)(sigma[i] * (hi > epsilon ? 1 : lo < -epsilon ? -1 : 0));
                removed.Add(new RemovedHyperplane(i, RemovalReason.MissesDomain, -1));
            }
        }

        // Move the seed off every kept hyperplane (deterministic perturbations inside the domain).
        double margin = Math.Max(100 * epsilon, 1e-7 * domainRadius);
        if (!OffAll(kept, unit, unitOff, d, seedPoint, margin))
        {
            var rng = new Random(20261127);
            var trial = new double[d];
            bool moved = false;
            double radius = 0.25 * Math.Max(seedSlack, domainRadius * 1e-3);
            for (int attempt = 0; attempt < 400 && !moved; attempt++)
            {
                double r = radius * (attempt < 200 ? 1e-3 : 1.0) * rng.NextDouble();
                for (int j = 0; j < d; j++)
                {
                    trial[j] = seedPoint[j] + r * (2 * rng.NextDouble() - 1);
                }

                if (SignRule.Classify(domainProblem.Slack(empty, trial), epsilon) == NeuronState.Active && OffAll(kept, unit, unitOff, d, trial, margin))
                {
                    moved = true;
                    Array.Copy(trial, seedPoint, d);
                }
            }

            if (!moved)
            {
                throw new InvalidOperationException("could not move the seed off the hyperplanes; the domain may be too thin for the tolerance.");
            }
        }

        // Orient kept hyperplanes so the seed is positive.
        int nk = kept.Count;
        var pn = new double[nk * d];
        var po = new double[nk];
        var keptInput = kept.ToArray();
        for (int k = 0; k < nk; k++)
        {
            int i = kept[k];
            double t = unitOff[i] + Dot(unit.AsSpan(i * d, d), seedPoint);
            sbyte ori = t > 0 ? (sbyte)1 : (sbyte)-1;
            for (int j = 0; j < d; j++)
            {
                pn[k * d + j] = ori * unit[i * d + j];
            }

            po[k] = ori * unitOff[i];
            inputKept[i] = k;
            inputFactor[i] = (sbyte)(sigma[i] * ori);
        }

        // Duplicates share their kept row's id; their sign factor is relative to their own orientation.
        for (int i = 0; i < n; i++)
        {
            if (inputKept[i] <= -2)
            {
                int of = -2 - inputKept[i];
                int k = inputKept[of];
                inputKept[i] = k;
                inputFactor[i] = (sbyte)(inputFactor[of] * sigma[of] * sigma[i]);
            }
        }

        var problem = new CellSearchProblem
        {
            Dimension = d, PlaneNormals = pn, PlaneOffsets = po, DomainNormals = domainNormals, DomainOffsets = domainOffsets,
            BaseWitness = seedPoint, Epsilon = epsilon,
        };

        // Centre the base witness (one LP): better slack makes later probes succeed more often.
        lp.LoadPlanes(pn, po);
        {
            var x = new double[d];
            var baseCode = new RegionCode(new ulong[problem.WordCount]);
            var (status, _) = lp.Solve(baseCode.Words, x);
            if (status == LpStatus.Optimal && problem.Slack(baseCode, x) > problem.Slack(baseCode, seedPoint))
            {
                problem = new CellSearchProblem
                {
                    Dimension = d, PlaneNormals = pn, PlaneOffsets = po, DomainNormals = domainNormals, DomainOffsets = domainOffsets,
                    BaseWitness = x, Epsilon = epsilon,
                };
            }
        }

        removed.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new PreparedArrangement
        {
            Problem = problem, KeptInput = keptInput, InputKept = inputKept, InputFactor = inputFactor, Removed = removed,
        };
    }

    private static bool OffAll(List<int> kept, double[] unit, double[] unitOff, int d, double[] x, double margin)
    {
        foreach (int i in kept)
        {
            if (Math.Abs(unitOff[i] + Dot(unit.AsSpan(i * d, d), x)) <= margin)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A box containing the polytope <c>{x : f_k·x ≤ g_k}</c> by bound tightening: each row bounds each of its variables
    /// given the others' current bounds (a few sweeps from <paramref name="start"/>, a box known to contain the polytope, or
    /// the unbounded box); null when some side stays unbounded or the bounds cross.
    /// </summary>
    internal static Box? BoundingBox(int d, ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets, Box? start = null)
    {
        double[] lo = start?.Lower.ToArray() ?? Enumerable.Repeat(double.NegativeInfinity, d).ToArray();
        double[] hi = start?.Upper.ToArray() ?? Enumerable.Repeat(double.PositiveInfinity, d).ToArray();
        for (int sweep = 0; sweep < 4; sweep++)
        {
            for (int k = 0; k < offsets.Length; k++)
            {
                ReadOnlySpan<double> f = normals.Slice(k * d, d);

                // Σ_j min(f_j x_j) over the box, with the number of unbounded terms.
                double sum = 0;
                int infinite = 0;
                int which = -1;
                for (int j = 0; j < d; j++)
                {
                    double m = f[j] > 0 ? f[j] * lo[j] : f[j] < 0 ? f[j] * hi[j] : 0;
                    if (double.IsNegativeInfinity(m))
                    {
                        infinite++;
                        which = j;
                    }
                    else
                    {
                        sum += m;
                    }
                }

                for (int j = 0; j < d && infinite <= 1; j++)
                {
                    if (f[j] == 0 || (infinite == 1 && j != which))
                    {
                        continue;
                    }

                    double own = f[j] > 0 ? f[j] * lo[j] : f[j] * hi[j];
                    double rest = infinite == 1 ? sum : sum - own;
                    double bound = (offsets[k] - rest) / f[j];
                    if (f[j] > 0)
                    {
                        hi[j] = Math.Min(hi[j], bound);
                    }
                    else
                    {
                        lo[j] = Math.Max(lo[j], bound);
                    }
                }
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

    /// <summary>The range of <c>a·x + b</c> over <paramref name="box"/> (interval arithmetic).</summary>
    private static (double Lo, double Hi) Range(ReadOnlySpan<double> a, double b, Box box)
    {
        double lo = b, hi = b;
        for (int j = 0; j < a.Length; j++)
        {
            double p = a[j] * box.Lower[j];
            double q = a[j] * box.Upper[j];
            lo += Math.Min(p, q);
            hi += Math.Max(p, q);
        }

        return (lo, hi);
    }

    /// <summary>Whether a known domain point has domain slack and far-side distance (sign <c>−ori</c>) both beyond ε.</summary>
    private static bool CrossedByKnownPoint(ReadOnlySpan<double> a, double offset, double ori, List<(double[] X, double Slack)> points, double epsilon)
    {
        foreach (var (x, slack) in points)
        {
            double far = -ori * (offset + Dot(a, x));
            if (SignRule.Classify(Math.Min(slack, far), epsilon) == NeuronState.Active)
            {
                return true;
            }
        }

        return false;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            s += a[j] * b[j];
        }

        return s;
    }
}
