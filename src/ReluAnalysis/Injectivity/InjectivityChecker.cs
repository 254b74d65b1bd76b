using System.Collections.Concurrent;
using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Injectivity;

/// <summary>
/// Exact injectivity check of one finite ReLU layer <c>f(x) = ReLU(W x)</c>, <c>W ∈ R^{m×n}</c> in general
/// position, by ray enumeration (spec §5).
/// </summary>
/// <remarks>
/// <para>Criterion (Puthawala et al.): <c>f</c> is injective iff at every <c>x</c> the rows with <c>⟨w_i, x⟩ ≥ 0</c>
/// span <c>R^n</c>; in general position, iff every open cell of the central arrangement <c>{w_i^⊥}</c> has at least
/// n positive signs.</para>
/// <para>Algorithm: every cell is a pointed cone whose extreme rays are null vectors <c>±r_I</c> of (n − 1)-subsets
/// <c>I</c>; the cell around <c>r_I</c> with all of <c>I</c> negative has <c>p_I = #{i ∉ I : ⟨w_i, r_I⟩ &gt; 0}</c>
/// positives, the one around <c>−r_I</c> has <c>q_I = (m − n + 1) − p_I</c>. Hence the minimum number of positives
/// over cells is <c>min_I min(p_I, q_I)</c>; the search stops at the first <c>I</c> (lexicographic order) with
/// <c>min(p_I, q_I) ≤ n − 1</c>.</para>
/// <para>Null vectors by Gaussian elimination with full pivoting; sign counts by <see cref="RaySignKernel"/>
/// (SIMD over rows) with relative tolerance <c>τ</c>: <c>|⟨w_i, r⟩| ≤ τ ‖w_i‖ ‖r‖</c> for a row outside <c>I</c>
/// (or a pivot below <c>τ</c> times the largest row norm) gives <see cref="InjectivityStatus.Degenerate"/>.
/// Work is split by the first row of the subset across threads; the verdict, witness and counts are those of the
/// lexicographically first event, so they do not depend on the thread count.</para>
/// <para>Cost: <c>C(m, n − 1)</c> rays × <c>O(n³ + m n)</c>; e.g. n = 6, m = 48 is 1.7·10⁶ rays.</para>
/// </remarks>
public static class InjectivityChecker
{
    /// <summary>Checks the layer's weight matrix; the bias must be zero (the criterion is for bias-free layers).</summary>
    public static InjectivityCheckResult Check(DenseLayer layer, InjectivityCheckOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        for (int i = 0; i < layer.Bias.Length; i++)
        {
            if (layer.Bias[i] != 0.0)
            {
                throw new ArgumentException($"layer.Bias[{i}] is {layer.Bias[i]}; the injectivity criterion needs a bias-free layer.", nameof(layer));
            }
        }

        return Check(layer.Weights, layer.Outputs, layer.Inputs, options, progress, cancellationToken);
    }

    /// <summary>Checks <c>x ↦ ReLU(W x)</c> for a row-major <paramref name="weights"/> of shape <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    /// <param name="weights">Row-major <c>W</c>, length <c>m·n</c>; finite.</param>
    /// <param name="rows">Number of rows <c>m ≥ 1</c> (output neurons).</param>
    /// <param name="columns">Number of columns <c>n ≥ 1</c> (input dimension), at most 32.</param>
    /// <param name="options">Tolerance and parallelism; null for defaults.</param>
    /// <param name="progress">Stage "ray chunks": first-row chunks done of their total.</param>
    /// <param name="cancellationToken">Stops the enumeration by throwing <see cref="OperationCanceledException"/>.</param>
    public static InjectivityCheckResult Check(ReadOnlySpan<double> weights, int rows, int columns, InjectivityCheckOptions? options = null, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new InjectivityCheckOptions();
        options.Validate();
        Guard.Positive(rows, nameof(rows));
        Guard.Positive(columns, nameof(columns));
        if (columns > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"columns must be at most 32 (the enumeration is C(m, n − 1) rays); found {columns}.");
        }

        Guard.Length(weights.Length, rows * columns, nameof(weights));
        Guard.Finite(weights, nameof(weights));
        var watch = Stopwatch.StartNew();
        int m = rows, n = columns;
        double[] w = weights.ToArray();
        if (m < n)
        {
            // Fewer rows than inputs: the cell where every row is negative exists (least-norm x with W x = −1), f = 0 on it.
            var all = Matrix<double>.Build.DenseOfRowMajor(m, n, w);
            var x = all.Transpose() * (all * all.Transpose()).Solve(Vector<double>.Build.Dense(m, -1.0));
            if (!x.ForAll(double.IsFinite) || (all * x).Exists(v => v > -0.5))
            {
                return new InjectivityCheckResult(InjectivityStatus.Degenerate, m, n, -1, null, null, 0, watch.Elapsed);
            }

            return new InjectivityCheckResult(InjectivityStatus.NotInjective, m, n, 0, x.Normalize(2).ToArray(), null, 0, watch.Elapsed);
        }

        var search = new RaySearch(w, m, n, options.Tolerance);
        int chunks = search.ChunkCount;
        var events = new RayEvent?[chunks];
        var minimum = new int[chunks];
        var rays = new long[chunks];
        int firstEvent = int.MaxValue;
        int done = 0;
        try
        {
            // Chunk sizes fall steeply with the first row (chunk 0 holds ≈ C(m−1, n−2)/C(m, n−1) of all rays), so hand
            // out one chunk at a time in order: largest first, which balances the workers; a range partitioner
            // leaves the big chunks to one of them.
            Parallel.ForEach(
                Partitioner.Create(Enumerable.Range(0, chunks), EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism.Resolve(options.MaxDegreeOfParallelism), CancellationToken = cancellationToken },
                () => new RaySearch.Scratch(n, m),
                (chunk, _, scratch) =>
                {
                    if (chunk > Volatile.Read(ref firstEvent))
                    {
                        progress?.Report(new OperationProgress("ray chunks", Interlocked.Increment(ref done), chunks, watch.Elapsed));
                        return scratch;
                    }

                    (events[chunk], minimum[chunk], rays[chunk]) = search.RunChunk(chunk, scratch, () => chunk > Volatile.Read(ref firstEvent), cancellationToken);
                    if (events[chunk] is not null)
                    {
                        int current;
                        while (chunk < (current = Volatile.Read(ref firstEvent)) && Interlocked.CompareExchange(ref firstEvent, chunk, current) != current)
                        {
                        }
                    }

                    progress?.Report(new OperationProgress("ray chunks", Interlocked.Increment(ref done), chunks, watch.Elapsed));
                    return scratch;
                },
                _ => { });
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (AggregateException aggregate) when (cancellationToken.IsCancellationRequested && aggregate.Flatten().InnerExceptions.All(x => x is OperationCanceledException))
        {
            // One outcome of cancellation everywhere: OperationCanceledException, never wrapped.
            throw new OperationCanceledException(cancellationToken);
        }

        long examined = 0;
        int stop = firstEvent == int.MaxValue ? chunks - 1 : firstEvent;
        int best = int.MaxValue;
        for (int c = 0; c <= stop; c++)
        {
            examined += rays[c];
            best = Math.Min(best, minimum[c]);
        }

        if (firstEvent == int.MaxValue)
        {
            return new InjectivityCheckResult(InjectivityStatus.Injective, m, n, best, null, null, examined, watch.Elapsed);
        }

        RayEvent e = events[firstEvent]!.Value;
        if (e.Degenerate)
        {
            return new InjectivityCheckResult(InjectivityStatus.Degenerate, m, n, -1, null, e.Subset, examined, watch.Elapsed);
        }

        double[] witness = Witness(w, m, n, e.Subset, e.Ray, e.Sign);
        return new InjectivityCheckResult(InjectivityStatus.NotInjective, m, n, e.Positives, witness, e.Subset, examined, watch.Elapsed);
    }

    /// <summary>
    /// Interior point of the cell on the all-negative side of <c>I</c> at <c>s·r</c>: <c>x = s r + ε d</c> with
    /// <c>W_I d = −1</c> (least-norm solution) and <c>ε</c> half the distance at which another sign would flip.
    /// </summary>
    private static double[] Witness(double[] w, int m, int n, int[] subset, double[] ray, int sign)
    {
        var all = Matrix<double>.Build.DenseOfRowMajor(m, n, w);
        var r = Vector<double>.Build.DenseOfArray(ray) * sign;
        var d = Vector<double>.Build.Dense(n);
        if (subset.Length > 0)
        {
            var wi = Matrix<double>.Build.Dense(subset.Length, n, (i, j) => w[subset[i] * n + j]);
            var minusOnes = Vector<double>.Build.Dense(subset.Length, -1.0);
            d = wi.Transpose() * (wi * wi.Transpose()).Solve(minusOnes);
        }

        Vector<double> a = all * r, b = all * d;
        double epsilon = 1.0;
        for (int i = 0; i < m; i++)
        {
            if (Array.IndexOf(subset, i) < 0 && a[i] * b[i] < 0)
            {
                epsilon = Math.Min(epsilon, 0.5 * Math.Abs(a[i] / b[i]));
            }
        }

        return (r + epsilon * d).Normalize(2).ToArray();
    }

    private readonly record struct RayEvent(bool Degenerate, int[] Subset, double[] Ray, int Sign, int Positives);

    /// <summary>
    /// The enumeration over (n − 1)-subsets, split into chunks by the subset's first row. Within a chunk the subsets
    /// are visited in lexicographic order as a prefix of n − 2 rows and a last row <c>j</c>: for each prefix an
    /// orthonormal basis <c>b₁, b₂</c> of its two-dimensional null space and the projections
    /// <c>P₁ = W b₁, P₂ = W b₂</c> are computed once (<c>O(n³ + m n)</c>); the ray of prefix ∪ {j} is then
    /// <c>r = P₂[j] b₁ − P₁[j] b₂</c> with <c>‖r‖² = P₁[j]² + P₂[j]²</c>, and <c>⟨w_i, r⟩ = P₂[j] P₁[i] − P₁[j] P₂[i]</c>
    /// costs <c>O(1)</c> per row — <c>O(m)</c> per ray, vectorised by <see cref="RaySignKernel"/>.
    /// </summary>
    private sealed class RaySearch
    {
        private readonly double[] w;
        private readonly double[] thresholds;
        private readonly double pivotFloor;
        private readonly int m;
        private readonly int n;
        private readonly int k;

        public RaySearch(double[] w, int m, int n, double tolerance)
        {
            this.w = w;
            this.m = m;
            this.n = n;
            k = n - 1;
            thresholds = new double[m];
            double largest = 0;
            for (int i = 0; i < m; i++)
            {
                double norm = 0;
                for (int j = 0; j < n; j++)
                {
                    norm += w[i * n + j] * w[i * n + j];
                }

                thresholds[i] = tolerance * Math.Sqrt(norm);
                largest = Math.Max(largest, Math.Sqrt(norm));
            }

            pivotFloor = Math.Max(tolerance, 1e-300) * largest;
        }

        public int ChunkCount => k == 0 ? 1 : m - k + 1;

        public sealed class Scratch(int n, int m)
        {
            public readonly int[] Subset = new int[Math.Max(n - 1, 0)];
            public readonly double[] A = new double[n * n];
            public readonly int[] Columns = new int[n];
            public readonly double[] B1 = new double[n];
            public readonly double[] B2 = new double[n];
            public readonly double[] P1 = new double[m];
            public readonly double[] P2 = new double[m];
        }

        public (RayEvent? Event, int Minimum, long Rays) RunChunk(int chunk, Scratch s, Func<bool> superseded, CancellationToken cancellationToken)
        {
            int[] subset = s.Subset;
            int minimum = int.MaxValue;
            long rays = 0;
            int free = m - k; // rows outside I: positives + negatives when nothing is zero
            if (k == 0)
            {
                // n = 1: the only ray is r = 1 and ⟨w_i, r⟩ = w_i.
                Array.Copy(w, s.P1, m);
                Array.Clear(s.P2);
                return Evaluate(s, 1.0, 0.0, 1.0, free, ref minimum, ref rays, [1.0], []);
            }

            subset[0] = chunk;
            for (int t = 1; t < k - 1; t++)
            {
                subset[t] = chunk + t;
            }

            while (true)
            {
                int firstLast = k >= 2 ? subset[k - 2] + 1 : chunk;
                int lastLast = k >= 2 ? m - 1 : chunk;
                if (firstLast <= lastLast)
                {
                    subset[k - 1] = firstLast;
                    if (!PrefixBasis(s))
                    {
                        return (new RayEvent(true, (int[])subset.Clone(), [], 0, -1), minimum, rays + 1);
                    }

                    for (int i = 0; i < m; i++)
                    {
                        double p1 = 0, p2 = 0;
                        for (int c = 0; c < n; c++)
                        {
                            p1 += w[i * n + c] * s.B1[c];
                            p2 += w[i * n + c] * s.B2[c];
                        }

                        s.P1[i] = p1;
                        s.P2[i] = p2;
                    }

                    for (int j = firstLast; j <= lastLast; j++)
                    {
                        subset[k - 1] = j;
                        if ((rays & 0x3FFF) == 0x3FFF && (superseded() || cancellationToken.IsCancellationRequested))
                        {
                            return (null, minimum, rays);
                        }

                        double a = s.P2[j], b = s.P1[j];
                        double norm = Math.Sqrt(a * a + b * b);
                        var result = Evaluate(s, a, b, norm, free, ref minimum, ref rays, s.B1, s.B2);
                        if (result.Event is not null)
                        {
                            return result;
                        }
                    }
                }

                if (!AdvancePrefix(subset))
                {
                    return (null, minimum, rays);
                }
            }
        }

        /// <summary>Counts the signs of <c>d_i = a P₁[i] − b P₂[i]</c> for the ray <c>(a b₁ − b b₂)/norm</c> and reports an event or nothing.</summary>
        private (RayEvent? Event, int Minimum, long Rays) Evaluate(Scratch s, double a, double b, double norm, int free, ref int minimum, ref long rays, double[] b1, double[] b2)
        {
            rays++;
            int[] subset = s.Subset;
            int last = k > 0 ? subset[k - 1] : -1;
            if (k > 0 && norm <= thresholds[last])
            {
                return (new RayEvent(true, (int[])subset.Clone(), [], 0, -1), minimum, rays);
            }

            var (positive, negative) = RaySignKernel.Count(s.P1, s.P2, a, b, thresholds, norm);
            for (int t = 0; t < k; t++)
            {
                int i = subset[t];
                double d = a * s.P1[i] - b * s.P2[i];
                double limit = norm * thresholds[i];
                if (d > limit)
                {
                    positive--;
                }
                else if (d < -limit)
                {
                    negative--;
                }
            }

            if (positive + negative != free)
            {
                return (new RayEvent(true, (int[])subset.Clone(), [], 0, -1), minimum, rays);
            }

            int local = Math.Min(positive, negative);
            minimum = Math.Min(minimum, local);
            if (local <= n - 1)
            {
                var ray = new double[n];
                for (int c = 0; c < n; c++)
                {
                    ray[c] = (a * b1[c] - (b2.Length > 0 ? b * b2[c] : 0.0)) / norm;
                }

                return (new RayEvent(false, (int[])subset.Clone(), ray, positive <= negative ? 1 : -1, local), minimum, rays);
            }

            return (null, minimum, rays);
        }

        /// <summary>Next prefix (positions 1 … k − 2; position 0 is the chunk's row) in lexicographic order.</summary>
        private bool AdvancePrefix(int[] subset)
        {
            for (int t = k - 2; t >= 1; t--)
            {
                if (subset[t] < m - k + t)
                {
                    subset[t]++;
                    for (int u = t + 1; u < k - 1; u++)
                    {
                        subset[u] = subset[u - 1] + 1;
                    }

                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Orthonormal basis <c>b₁, b₂</c> of the null space of the n − 2 prefix rows (Gaussian elimination with full
        /// pivoting, back substitution for the two free columns, Gram–Schmidt); false when the prefix has rank &lt; n − 2.
        /// </summary>
        private bool PrefixBasis(Scratch s)
        {
            int rows = k - 1;
            double[] a = s.A;
            int[] cols = s.Columns;
            for (int t = 0; t < rows; t++)
            {
                Array.Copy(w, s.Subset[t] * n, a, t * n, n);
            }

            for (int j = 0; j < n; j++)
            {
                cols[j] = j;
            }

            for (int p = 0; p < rows; p++)
            {
                int pr = p, pc = p;
                double max = 0;
                for (int r = p; r < rows; r++)
                {
                    for (int c = p; c < n; c++)
                    {
                        double v = Math.Abs(a[r * n + c]);
                        if (v > max)
                        {
                            max = v;
                            pr = r;
                            pc = c;
                        }
                    }
                }

                if (max <= pivotFloor)
                {
                    return false;
                }

                if (pr != p)
                {
                    for (int c = 0; c < n; c++)
                    {
                        (a[p * n + c], a[pr * n + c]) = (a[pr * n + c], a[p * n + c]);
                    }
                }

                if (pc != p)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        (a[r * n + p], a[r * n + pc]) = (a[r * n + pc], a[r * n + p]);
                    }

                    (cols[p], cols[pc]) = (cols[pc], cols[p]);
                }

                double pivot = a[p * n + p];
                for (int r = p + 1; r < rows; r++)
                {
                    double f = a[r * n + p] / pivot;
                    if (f != 0)
                    {
                        for (int c = p; c < n; c++)
                        {
                            a[r * n + c] -= f * a[p * n + c];
                        }
                    }
                }
            }

            Span<double> x = stackalloc double[n];
            for (int basis = 0; basis < 2; basis++)
            {
                double[] target = basis == 0 ? s.B1 : s.B2;
                x.Clear();
                x[rows + basis] = 1.0;
                for (int p = rows - 1; p >= 0; p--)
                {
                    double sum = 0;
                    for (int c = p + 1; c < n; c++)
                    {
                        sum += a[p * n + c] * x[c];
                    }

                    x[p] = -sum / a[p * n + p];
                }

                for (int c = 0; c < n; c++)
                {
                    target[cols[c]] = x[c];
                }
            }

            Normalize(s.B1);
            double dot = 0;
            for (int c = 0; c < n; c++)
            {
                dot += s.B1[c] * s.B2[c];
            }

            for (int c = 0; c < n; c++)
            {
                s.B2[c] -= dot * s.B1[c];
            }

            Normalize(s.B2);
            return true;
        }

        private static void Normalize(double[] v)
        {
            double norm = 0;
            foreach (double e in v)
            {
                norm += e * e;
            }

            norm = 1.0 / Math.Sqrt(norm);
            for (int c = 0; c < v.Length; c++)
            {
                v[c] *= norm;
            }
        }
    }
}
