using System.Diagnostics;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>Result of stage 1.</summary>
internal sealed record NonIncreaseCells(List<Box> Uncertified, long Cells, long Certified, double CertifiedFraction, TimeSpan Elapsed);

/// <summary>
/// Stage 1 (spec §3): a uniform grid of the domain, cells bisected along their widest side while uncertified and
/// wider than the minimum width. Per cell, continuous time: interval bounds on the pre-activations decide stable
/// neurons; <c>τ_k = w₂[k]·W₁[k]·f(cell)</c> by interval arithmetic; <c>UB = Σ_on τ_k^hi + Σ_unstable max(0, τ_k^hi)</c>; certified iff
/// <c>UB ≤ −δ</c> (covers every pattern compatible with the closed cell, hence the Clarke gradient). Affine <c>f</c>:
/// cells the interval bound does not settle are decided exactly, one LP per arrangement region meeting the cell.
/// Discrete time: certified iff <c>sup B(f(x)) ≤ 0</c> (interval bound propagation over the box enclosing <c>f(cell)</c>)
/// or <c>sup B(f(x)) − B(x) ≤ −δ</c> (neuron by neuron); either gives <c>B(f(x)) ≤ 0</c> on <c>{B ≤ 0}</c> within the cell.
/// </summary>
internal static class NonIncreaseStage
{
    private const double Unit = 1.1102230246251565e-16; // 2^-53

    public static NonIncreaseCells Run(BarrierProblem problem, ReluNetwork net, BarrierOptions options, int threads, LpCounters counters, Stopwatch clock, IProgress<OperationProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        int n = problem.Dimension;
        Box domain = problem.Domain;
        double hmin = MinWidth(domain, options);
        int per = options.CellsPerAxis;
        long total = 1;
        for (int j = 0; j < n; j++)
        {
            total *= per;
        }

        var level = new List<double[]>((int)total); // each cell: lo[0..n), hi[n..2n)
        var idx = new int[n];
        for (long c = 0; c < total; c++)
        {
            var cell = new double[2 * n];
            for (int j = 0; j < n; j++)
            {
                double w = (domain.Upper[j] - domain.Lower[j]) / per;
                cell[j] = domain.Lower[j] + idx[j] * w;
                cell[n + j] = idx[j] == per - 1 ? domain.Upper[j] : domain.Lower[j] + (idx[j] + 1) * w;
            }

            level.Add(cell);
            for (int j = n - 1; j >= 0; j--)
            {
                if (++idx[j] < per)
                {
                    break;
                }

                idx[j] = 0;
            }
        }

        var data = new NetworkData(net, problem.System);
        var uncertified = new List<Box>();
        long cells = 0;
        long certified = 0;
        double certifiedVolume = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct };
        while (level.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var current = level;
            bool[] ok = CertifyLevel(problem, data, options, current, parallel, counters, ct);
            var next = new List<double[]>();
            for (int i = 0; i < current.Count; i++)
            {
                cells++;
                double[] cell = current[i];
                if (ok[i])
                {
                    certified++;
                    certifiedVolume += Volume(cell, n);
                    continue;
                }

                int widest = 0;
                for (int j = 1; j < n; j++)
                {
                    if (cell[n + j] - cell[j] > cell[n + widest] - cell[widest])
                    {
                        widest = j;
                    }
                }

                if (cell[n + widest] - cell[widest] > hmin * (1 + 1e-12))
                {
                    double mid = 0.5 * (cell[widest] + cell[n + widest]);
                    var a = (double[])cell.Clone();
                    var b = (double[])cell.Clone();
                    a[n + widest] = mid;
                    b[widest] = mid;
                    next.Add(a);
                    next.Add(b);
                }
                else
                {
                    uncertified.Add(new Box(cell.AsSpan(0, n), cell.AsSpan(n, n)));
                }
            }

            progress?.Report(new OperationProgress("stage 1: cells", cells, null, clock.Elapsed, certified));
            level = next;
        }

        return new NonIncreaseCells(uncertified, cells, certified, certifiedVolume / domain.Volume(), watch.Elapsed);
    }

    /// <summary>The width below which uncertified cells are not bisected: <see cref="BarrierOptions.MinCellWidth"/>, or 1/128 of the domain's shortest side.</summary>
    internal static double MinWidth(Box domain, BarrierOptions options)
    {
        double minSide = double.PositiveInfinity;
        for (int j = 0; j < domain.Dimension; j++)
        {
            minSide = Math.Min(minSide, domain.Upper[j] - domain.Lower[j]);
        }

        return options.MinCellWidth > 0 ? options.MinCellWidth : minSide / 128;
    }

    private static double Volume(double[] cell, int n)
    {
        double v = 1;
        for (int j = 0; j < n; j++)
        {
            v *= cell[n + j] - cell[j];
        }

        return v;
    }

    /// <summary>First-layer weights and the output layer of a shallow network, and its first layer composed with an affine system.</summary>
    internal sealed class NetworkData(ReluNetwork net, BarrierSystem system)
    {
        public ReluNetwork Net { get; } = net;

        public int Neurons { get; } = net.Layers[0].Outputs;

        public int Inputs { get; } = net.InputDimension;

        public double[] W1 { get; } = net.Layers[0].Weights.ToArray();

        public double[] B1 { get; } = net.Layers[0].Bias.ToArray();

        public double[] W2 { get; } = net.Layers[1].Weights.ToArray();

        public double B2 { get; } = net.Layers[1].Bias[0];

        /// <summary>
        /// For an affine system <c>f(x) = A x + a</c>, the first layer's pre-activations at <c>f(x)</c>: row-major
        /// <c>W1 A</c> and <c>W1 a + b1</c>, from the engine's symbolic step over the parametrisation <c>x ↦ f(x)</c>
        /// (computed once per run); null for other systems.
        /// </summary>
        public (double[] Rows, double[] Offsets)? Composed { get; } = Compose(net, system);

        private static (double[] Rows, double[] Offsets)? Compose(ReluNetwork net, BarrierSystem system)
        {
            if (system.AffineMatrix is not { } a)
            {
                return null;
            }

            SymbolicState state = net.Engine.BeginSymbolic(a, system.AffineOffset, net.InputDimension);
            return (state.Matrix(0).ToArray(), state.Offset(0).ToArray());
        }

        /// <summary>
        /// Row-major rows with entries below <c>1e-14 ×</c> the row's largest entry set to zero, for LP models only: GLOP
        /// (dual simplex, no presolve) was seen to report an always-feasible slack LP infeasible with a 6e-17 coefficient
        /// (cos π/2). The change moves a hyperplane by less than 1e-14 relative, far below the margins η and ε.
        /// </summary>
        public static double[] CleanRows(ReadOnlySpan<double> rows, int width)
        {
            var r = rows.ToArray();
            for (int i = 0; i < r.Length; i += width)
            {
                double max = 0;
                for (int j = 0; j < width; j++)
                {
                    max = Math.Max(max, Math.Abs(r[i + j]));
                }

                for (int j = 0; j < width; j++)
                {
                    if (Math.Abs(r[i + j]) <= 1e-14 * max)
                    {
                        r[i + j] = 0.0;
                    }
                }
            }

            return r;
        }

        /// <summary>Sound range of <c>c·x + c0</c> over the box.</summary>
        public static (double Lo, double Hi) AffineRange(ReadOnlySpan<double> c, double c0, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi)
        {
            double l = c0, u = c0, mag = Math.Abs(c0);
            for (int j = 0; j < c.Length; j++)
            {
                double p = c[j] * lo[j], q = c[j] * hi[j];
                l += Math.Min(p, q);
                u += Math.Max(p, q);
                mag += Math.Max(Math.Abs(p), Math.Abs(q));
            }

            double err = (c.Length + 2) * Unit * mag + 1e-300;
            return (l - err, u + err);
        }
    }

    /// <summary>Stage 1's checks of one level of cells: threads, or blocks of cells through <see cref="BarrierOptions.JobRunner"/>.</summary>
    private static bool[] CertifyLevel(
        BarrierProblem problem, NetworkData data, BarrierOptions options, List<double[]> cells, ParallelOptions parallel, LpCounters counters, CancellationToken ct)
    {
        var ok = new bool[cells.Count];
        if (options.JobRunner is not { } runner)
        {
            Parallel.For(0, cells.Count, parallel, i => ok[i] = Certify(problem, data, options, cells[i], counters));
            return ok;
        }

        const int block = 64;
        byte[] Job(int b, CancellationToken token)
        {
            var local = new LpCounters();
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream))
            {
                for (int i = b * block; i < Math.Min(cells.Count, (b + 1) * block); i++)
                {
                    token.ThrowIfCancellationRequested();
                    w.Write(Certify(problem, data, options, cells[i], local));
                }

                local.WriteTo(w);
            }

            return stream.ToArray();
        }

        byte[][] results = runner((cells.Count + block - 1) / block, Job, ct);
        for (int b = 0; b < results.Length; b++)
        {
            using var r = new BinaryReader(new MemoryStream(results[b]));
            for (int i = b * block; i < Math.Min(cells.Count, (b + 1) * block); i++)
            {
                ok[i] = r.ReadBoolean();
            }

            counters.AddFrom(r);
        }

        return ok;
    }

    private static bool Certify(BarrierProblem problem, NetworkData net, BarrierOptions options, double[] cell, LpCounters counters)
    {
        int n = problem.Dimension;
        ReadOnlySpan<double> lo = cell.AsSpan(0, n);
        ReadOnlySpan<double> hi = cell.AsSpan(n, n);
        var (f, zl, zu) = CellBounds(problem, net, lo, hi);
        if (problem.System.Time == DynamicsTime.Discrete)
        {
            return CertifyDiscrete(problem, net, options, lo, hi, f, zl, zu);
        }

        if (IntervalUpperBound(problem, net, f, zl, zu) <= -options.DecreaseMargin)
        {
            return true;
        }

        return problem.System.IsAffine && options.ExactAffineBound && ExactAffineMaximum(problem, net, lo, hi, zl, zu, counters) <= -options.DecreaseMargin;
    }

    /// <summary>The cell's interval pieces: enclosure of f and pre-activation ranges.</summary>
    internal static (Interval[] F, double[] Zl, double[] Zu) CellBounds(BarrierProblem problem, NetworkData net, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi)
    {
        int n = problem.Dimension;
        var box = new Interval[n];
        for (int j = 0; j < n; j++)
        {
            box[j] = new Interval(lo[j], hi[j]);
        }

        var f = new Interval[n];
        problem.System.Bound(box, f);
        var zl = new double[net.Neurons];
        var zu = new double[net.Neurons];
        for (int k = 0; k < net.Neurons; k++)
        {
            (zl[k], zu[k]) = NetworkData.AffineRange(net.W1.AsSpan(k * n, n), net.B1[k], lo, hi);
        }

        return (f, zl, zu);
    }

    /// <summary>Continuous time: <c>UB = Σ_on τ_k^hi + Σ_unstable max(0, τ_k^hi)</c>, an upper bound of <c>g·f(x)</c> over the cell and every Clarke gradient there.</summary>
    internal static double IntervalUpperBound(BarrierProblem problem, NetworkData net, Interval[] f, double[] zl, double[] zu)
    {
        int n = problem.Dimension;
        int count = net.Neurons;
        Interval ub = Interval.Point(0);
        for (int k = 0; k < count; k++)
        {
            if (zu[k] < 0)
            {
                continue;
            }

            Interval s = Interval.Point(0);
            for (int j = 0; j < n; j++)
            {
                s += net.W1[k * n + j] * f[j];
            }

            Interval tau = net.W2[k] * s;
            ub += Interval.Point(zl[k] > 0 ? tau.Upper : Math.Max(0, tau.Upper));
        }

        return ub.Upper;
    }

    private static bool CertifyDiscrete(BarrierProblem problem, NetworkData net, BarrierOptions options, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi, Interval[] f, double[] zl, double[] zu)
    {
        int n = problem.Dimension;
        int count = net.Neurons;
        var flo = new double[n];
        var fhi = new double[n];
        for (int j = 0; j < n; j++)
        {
            flo[j] = f[j].Lower;
            fhi[j] = f[j].Upper;
        }

        // Pre-activations at f(x): exact affine range when f is affine, else over the enclosure of f(cell).
        var ul = new double[count];
        var uu = new double[count];
        double[]? a = problem.System.AffineMatrix;
        for (int k = 0; k < count; k++)
        {
            if (a is not null)
            {
                var (rows, offsets) = net.Composed!.Value;
                (ul[k], uu[k]) = NetworkData.AffineRange(rows.AsSpan(k * n, n), offsets[k], lo, hi);

                // The products W1·A are rounded too: widen by their magnitude.
                double mag = 0;
                for (int j = 0; j < n; j++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        mag += Math.Abs(net.W1[k * n + i] * a[i * n + j]) * Math.Max(Math.Abs(lo[j]), Math.Abs(hi[j]));
                    }
                }

                ul[k] -= (n + 2) * Unit * mag;
                uu[k] += (n + 2) * Unit * mag;
            }
            else
            {
                (ul[k], uu[k]) = NetworkData.AffineRange(net.W1.AsSpan(k * n, n), net.B1[k], flo, fhi);
            }
        }

        // sup B(f(x)) ≤ 0 ?
        Interval next = Interval.Point(net.B2);
        for (int k = 0; k < count; k++)
        {
            next += net.W2[k] * new Interval(Math.Max(0, ul[k]), Math.Max(0, uu[k]));
        }

        if (next.Upper <= 0)
        {
            return true;
        }

        // sup B(f(x)) − B(x) ≤ −δ ?
        Interval diff = Interval.Point(0);
        for (int k = 0; k < count; k++)
        {
            Interval term = new Interval(Math.Max(0, ul[k]), Math.Max(0, uu[k])) - new Interval(Math.Max(0, zl[k]), Math.Max(0, zu[k]));
            diff += net.W2[k] * term;
        }

        return diff.Upper <= -options.DecreaseMargin;
    }

    /// <summary>Exact variant (spec §3.3): max of <c>g_σᵀ(A x + a)</c> over the closure of every region meeting the cell.</summary>
    internal static double ExactAffineMaximum(BarrierProblem problem, NetworkData net, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi, double[] zl, double[] zu, LpCounters counters)
    {
        int n = problem.Dimension;
        int count = net.Neurons;
        double[] a = problem.System.AffineMatrix!;
        double[] a0 = problem.System.AffineOffset!;
        var unstable = new List<int>();
        for (int k = 0; k < count; k++)
        {
            if (zl[k] <= 0 && zu[k] >= 0)
            {
                unstable.Add(k);
            }
        }

        var cellBox = new Box(lo, hi);
        var (boxNormals, boxOffsets) = PreparedArrangement.BoxRows(cellBox);
        var patterns = new List<sbyte[]>();
        if (unstable.Count == 0)
        {
            patterns.Add([]);
        }
        else
        {
            var normals = new double[unstable.Count * n];
            var offsets = new double[unstable.Count];
            for (int u = 0; u < unstable.Count; u++)
            {
                net.W1.AsSpan(unstable[u] * n, n).CopyTo(normals.AsSpan(u * n, n));
                offsets[u] = net.B1[unstable[u]];
            }

            ArrangementResult cells = ArrangementEnumerator.Enumerate(
                new HyperplaneArrangement(n, NetworkData.CleanRows(normals, n), offsets), cellBox, new ArrangementOptions { MaxDegreeOfParallelism = 1 });
            for (long i = 0; i < cells.Lp.Solved; i++)
            {
                counters.AddSolved();
            }

            if (cells.Status != Regions.EnumerationStatus.Complete)
            {
                return double.PositiveInfinity;
            }

            foreach (ArrangementCell c in cells.Cells)
            {
                patterns.Add(c.Signs);
            }
        }

        var obj = new double[n];
        var x = new double[n];
        var mask = new PatternMask(net.Net.PatternLayout);
        double best = double.NegativeInfinity;
        foreach (sbyte[] signs in patterns)
        {
            for (int k = 0; k < count; k++)
            {
                int u = unstable.IndexOf(k);
                mask.Set(0, k, u >= 0 ? signs[u] > 0 : zl[k] > 0);
            }

            // ∇B on the region: the engine's masked backward step.
            double[] g = net.Net.Engine.JacobianRow(mask, 0);

            double constant = 0;
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += g[i] * a[i * n + j];
                }

                obj[j] = s;
                constant += g[j] * a0[j];
            }

            // Rows: the cell box, then the region's sides  −s_u (w_u·x + b_u) ≤ 0.
            int m = boxOffsets.Length + unstable.Count;
            var rn = new double[m * n];
            var ro = new double[m];
            boxNormals.CopyTo(rn, 0);
            boxOffsets.CopyTo(ro, 0);
            for (int u = 0; u < unstable.Count; u++)
            {
                int k = unstable[u];
                double s = signs[u] >= 0 ? 1.0 : -1.0;
                for (int j = 0; j < n; j++)
                {
                    rn[(boxOffsets.Length + u) * n + j] = -s * net.W1[k * n + j];
                }

                ro[boxOffsets.Length + u] = s * net.B1[k];
            }

            using var lp = new PolytopeLp(n, NetworkData.CleanRows(rn, n), ro, counters);
            var (status, value) = lp.Maximize(obj, x);
            if (status != LpStatus.Optimal)
            {
                return double.PositiveInfinity;
            }

            best = Math.Max(best, value + constant);
        }

        return best;
    }
}
