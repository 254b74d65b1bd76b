using ReluAnalysis.Kernels;

namespace ReluAnalysis.Regions.Lp;

/// <summary>
/// A dense primal active-set (vertex-following) solver for <c>max c·v</c> subject to <c>G v ≤ h</c> (the first
/// <c>e</c> rows as equalities), for few variables and many rows, started from a feasible point: the shape of every
/// cell LP of an arrangement in a low-dimensional input space (ACAS Xu has 5 inputs: 6 variables with the slack).
/// </summary>
/// <remarks>
/// <para>From the feasible start the solver moves along the objective projected onto the null space of the active
/// rows until a row blocks (ratio test, the blocking row joins the active set); when the projection vanishes the
/// objective is a combination <c>c = Σ y_i G_i</c> of the active rows, and either every inequality multiplier is
/// non-negative (optimal: <c>y</c> is a dual certificate) or the row of the most negative one leaves. At a vertex
/// this is exactly a simplex pivot along an edge. After a run of degenerate (zero-length) steps the choices switch
/// to Bland's rule (smallest index leaves and enters), which cannot cycle.</para>
/// <para>The rows are stored column-major (<c>G[·, j]</c> contiguous), so the ratio test — the rates <c>G p</c>
/// and the slacks <c>h − G v</c> of all rows — is a few vectorised <c>axpy</c>s (<see cref="Axpy"/>) per
/// iteration; the active rows are kept as an orthonormal basis (Gram–Schmidt, <c>O(n²)</c> per change).</para>
/// <para>A run that exceeds its iteration limit or meets a numerically singular step reports
/// <see cref="LpStatus.Error"/>; the caller then solves with GLOP. Deterministic: the result depends only on the
/// rows, the objective and the start. Not thread-safe (scratch buffers).</para>
/// </remarks>
internal sealed class ActiveSetLp
{
    private const double DirectionTolerance = 1e-11;
    private const double MultiplierTolerance = 1e-12;
    private const double BlockTolerance = 1e-12;

    private readonly int _n;
    private readonly double[] _q;       // orthonormal basis of the active rows' span, one row of n per active row
    private readonly double[] _r;       // upper triangle, w × w (row-major, stride n)
    private readonly double[] _p;
    private readonly double[] _qtc;
    private readonly double[] _row;
    private readonly int[] _active;
    private readonly double[] _multipliers;
    private double[] _rowNorm = [];
    private double[] _slack = [];
    private double[] _rate = [];
    private bool[] _isActive = [];
    private int _activeCount;

    /// <summary>Creates a solver for <paramref name="variables"/> variables.</summary>
    public ActiveSetLp(int variables)
    {
        _n = variables;
        _q = new double[variables * variables];
        _r = new double[variables * variables];
        _p = new double[variables];
        _qtc = new double[variables];
        _row = new double[variables];
        _active = new int[variables];
        _multipliers = new double[variables];
    }

    /// <summary>Rows active at the last optimum (indices into the rows passed to <see cref="Maximize"/>).</summary>
    public ReadOnlySpan<int> ActiveRows => _active.AsSpan(0, _activeCount);

    /// <summary>The multipliers <c>y</c> of <see cref="ActiveRows"/> at the last optimum: <c>c = Σ y_i G_i</c>, <c>y ≥ 0</c> on inequalities.</summary>
    public ReadOnlySpan<double> Multipliers => _multipliers.AsSpan(0, _activeCount);

    /// <summary>Iterations of the last solve.</summary>
    public int Iterations { get; private set; }

    /// <summary>
    /// Maximises <c>c·v</c> over <c>{v : G_i·v ≤ h_i}</c> (rows <c>0..equalities−1</c> hold with equality) from the feasible
    /// point <paramref name="v"/>, which receives the optimum. Returns Optimal, Unbounded or Error (iteration limit or a
    /// singular step).
    /// </summary>
    /// <param name="columns">The rows stored column-major: <c>G[i, j]</c> at <c>j·m + i</c>.</param>
    /// <param name="h">Right-hand sides, length <c>m</c>.</param>
    /// <param name="equalities">How many leading rows are equalities; the start must satisfy them.</param>
    /// <param name="c">Objective, length <c>n</c>.</param>
    /// <param name="v">In: a feasible point. Out: the optimum.</param>
    public LpStatus Maximize(ReadOnlySpan<double> columns, ReadOnlySpan<double> h, int equalities, ReadOnlySpan<double> c, Span<double> v)
    {
        int n = _n;
        int m = h.Length;
        if (_slack.Length < m)
        {
            int size = Math.Max(m, 2 * _slack.Length);
            _rowNorm = new double[size];
            _slack = new double[size];
            _rate = new double[size];
            _isActive = new bool[size];
        }

        Span<double> norm = _rowNorm.AsSpan(0, m);
        Span<double> slack = _slack.AsSpan(0, m);
        Span<double> rate = _rate.AsSpan(0, m);
        Span<bool> isActive = _isActive.AsSpan(0, m);
        norm.Clear();
        isActive.Clear();
        h.CopyTo(slack);
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> col = columns.Slice(j * m, m);
            Axpy.Compute(-v[j], col, slack);
            for (int i = 0; i < m; i++)
            {
                norm[i] += col[i] * col[i];
            }
        }

        _activeCount = 0;
        for (int i = 0; i < equalities; i++)
        {
            if (!TryActivate(columns, m, i))
            {
                return LpStatus.Error;
            }
        }

        double cNorm = Norm(c);
        int limit = 50 * (m + n) + 100;
        int degenerate = 0;
        bool bland = false;
        for (Iterations = 0; Iterations < limit; Iterations++)
        {
            // Projected objective p = c − Q Qᵀ c.
            Project(c);
            double pNorm = Norm(_p);
            if (pNorm <= DirectionTolerance * cNorm)
            {
                int leave = LeavingRow(c, equalities, bland);
                if (leave == -1)
                {
                    return LpStatus.Optimal;
                }

                if (leave < 0)
                {
                    return LpStatus.Error;
                }

                RemoveActive(leave, columns, m);
                continue;
            }

            // Ratio test along p; ties go to the smallest row index (Bland).
            rate.Clear();
            for (int j = 0; j < n; j++)
            {
                Axpy.Compute(_p[j], columns.Slice(j * m, m), rate);
            }

            int enter = -1;
            double step = double.PositiveInfinity;
            double threshold = BlockTolerance * pNorm;
            for (int i = 0; i < m; i++)
            {
                double gp = rate[i];
                if (gp * gp <= threshold * threshold * norm[i] || gp <= 0 || isActive[i])
                {
                    continue;
                }

                double s = Math.Max(slack[i], 0.0) / gp;
                if (s < step)
                {
                    step = s;
                    enter = i;
                }
            }

            if (enter < 0)
            {
                return LpStatus.Unbounded;
            }

            for (int j = 0; j < n; j++)
            {
                v[j] += step * _p[j];
            }

            Axpy.Compute(-step, rate, slack);
            if (step == 0)
            {
                bland |= ++degenerate > 2 * n;
            }
            else
            {
                degenerate = 0;
            }

            if (_activeCount == n || !TryActivate(columns, m, enter))
            {
                return LpStatus.Error;
            }
        }

        return LpStatus.Error;
    }

    /// <summary>Multipliers of the active rows; returns the position of the row to drop, −1 when optimal, −2 when singular.</summary>
    private int LeavingRow(ReadOnlySpan<double> c, int equalities, bool bland)
    {
        int w = _activeCount;
        int n = _n;

        // y = R⁻¹ Qᵀ c (c lies in the span of the active rows).
        for (int a = 0; a < w; a++)
        {
            _qtc[a] = DotProduct(_q.AsSpan(a * n, n), c);
        }

        for (int a = w - 1; a >= 0; a--)
        {
            double s = _qtc[a];
            for (int b = a + 1; b < w; b++)
            {
                s -= _r[a * n + b] * _multipliers[b];
            }

            double diag = _r[a * n + a];
            if (diag == 0)
            {
                return -2;
            }

            _multipliers[a] = s / diag;
        }

        int leave = -1;
        double worst = -MultiplierTolerance;
        for (int a = 0; a < w; a++)
        {
            if (_active[a] < equalities)
            {
                continue;
            }

            double y = _multipliers[a];
            if (bland)
            {
                if (y < -MultiplierTolerance && (leave < 0 || _active[a] < _active[leave]))
                {
                    leave = a;
                }
            }
            else if (y < worst)
            {
                worst = y;
                leave = a;
            }
        }

        return leave;
    }

    /// <summary>Adds row <paramref name="index"/> to the active set (Gram–Schmidt, twice); false when it is (numerically) dependent.</summary>
    private bool TryActivate(ReadOnlySpan<double> columns, int m, int index)
    {
        int w = _activeCount;
        int n = _n;
        for (int j = 0; j < n; j++)
        {
            _row[j] = columns[j * m + index];
        }

        Span<double> col = _q.AsSpan(w * n, n);
        _row.CopyTo(col);
        double norm0 = Norm(col);
        for (int a = 0; a < w; a++)
        {
            _r[a * n + w] = 0;
        }

        for (int pass = 0; pass < 2; pass++)
        {
            for (int a = 0; a < w; a++)
            {
                ReadOnlySpan<double> qa = _q.AsSpan(a * n, n);
                double s = DotProduct(qa, col);
                _r[a * n + w] += s;
                Axpy.Scalar(-s, qa, col, 0);
            }
        }

        double norm = Norm(col);
        if (!(norm > 1e-10 * norm0))
        {
            return false;
        }

        double inverse = 1.0 / norm;
        for (int j = 0; j < n; j++)
        {
            col[j] *= inverse;
        }

        _r[w * n + w] = norm;
        _active[w] = index;
        _isActive[index] = true;
        _activeCount = w + 1;
        return true;
    }

    /// <summary>Removes the active row at position <paramref name="position"/> and rebuilds the factorisation of the rest.</summary>
    private void RemoveActive(int position, ReadOnlySpan<double> columns, int m)
    {
        int w = _activeCount;
        Span<int> rest = stackalloc int[w - 1];
        for (int a = 0, b = 0; a < w; a++)
        {
            if (a != position)
            {
                rest[b++] = _active[a];
            }
        }

        _isActive[_active[position]] = false;
        _activeCount = 0;
        foreach (int row in rest)
        {
            TryActivate(columns, m, row);
        }
    }

    private void Project(ReadOnlySpan<double> c)
    {
        int n = _n;
        c.CopyTo(_p);
        for (int pass = 0; pass < 2; pass++)
        {
            for (int a = 0; a < _activeCount; a++)
            {
                ReadOnlySpan<double> qa = _q.AsSpan(a * n, n);
                Axpy.Scalar(-DotProduct(qa, _p), qa, _p, 0);
            }
        }
    }

    private static double DotProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int j = 0; j < x.Length; j++)
        {
            s += x[j] * y[j];
        }

        return s;
    }

    private static double Norm(ReadOnlySpan<double> x) => Math.Sqrt(DotProduct(x, x));
}
