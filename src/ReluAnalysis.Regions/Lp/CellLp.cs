using ReluAnalysis.Kernels;

namespace ReluAnalysis.Regions.Lp;

/// <summary>
/// The Chebyshev slack LP of a cell: for signs <c>s_j = ±1</c> over unit-normal hyperplanes
/// <c>t_j(x) = a_j·x + b_j</c> and unit-normal domain rows <c>f_k·x ≤ g_k</c>,
/// maximise <c>t ≤ cap</c> subject to <c>s_j t_j(x) ≥ t</c> and <c>f_k·x + t ≤ g_k</c>.
/// The cell is full-dimensional iff <c>t* &gt; ε</c>; the optimal <c>x</c> is a witness at distance
/// <c>t*</c> from every row (a Chebyshev centre when no cap is hit).
/// </summary>
/// <remarks>
/// <para>Every point is feasible with <c>t</c> = its smallest slack, so the LP needs no first phase: it is solved by
/// the dense <see cref="ActiveSetLp"/> from the previous optimum (warm start) or, after <see cref="ResetBasis()"/>, from
/// the anchor (the origin, or the point given to <see cref="ResetBasis(ReadOnlySpan{double})"/>), so a run of solves
/// depends only on the models and the reset points. In rows <c>(x, t)</c>: a domain row is <c>f_k·x + t ≤ g_k</c>, a
/// hyperplane row <c>−s_j a_j·x + t ≤ s_j b_j</c>, the cap <c>t ≤ cap</c>; on a hyperplane its row becomes the
/// equality <c>a_j·x = −b_j</c>. A solve the dense solver cannot finish (iteration limit, singular step) is solved
/// again by GLOP on the same rows and counted as retried.</para>
/// </remarks>
internal sealed class CellLp
{
    private readonly int _d;
    private readonly int _n;
    private readonly double _cap;
    private readonly LpCounters _counters;
    private readonly ActiveSetLp _solver;
    private readonly double[] _objective;
    private readonly double[] _point;
    private readonly double[] _anchor;
    private double[] _domainNormals = [];
    private double[] _domainOffsets = [];
    private double[] _planeNormals = [];
    private double[] _planeOffsets = [];
    private double[] _columns = [];
    private double[] _rhs = [];
    private double[] _slack = [];
    private int[] _planeOfRow = [];
    private int _rowCount;
    private bool _warm;
    private bool _solvedByGlop;

    public CellLp(int dimension, LpCounters counters, double cap = 1.0)
    {
        _d = dimension;
        _n = dimension + 1;
        _cap = cap;
        _counters = counters;
        _solver = new ActiveSetLp(_n);
        _objective = new double[_n];
        _objective[dimension] = 1.0;
        _point = new double[_n];
        _anchor = new double[dimension];
    }

    /// <summary>Number of hyperplane rows loaded.</summary>
    public int PlaneCount => _planeOffsets.Length;

    /// <summary>Loads the domain rows (unit normals, row-major <c>count × d</c>).</summary>
    public void LoadDomain(ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets)
    {
        _domainNormals = normals[..(offsets.Length * _d)].ToArray();
        _domainOffsets = offsets.ToArray();
    }

    /// <summary>Loads the hyperplane rows (unit normals).</summary>
    public void LoadPlanes(ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets)
    {
        _planeNormals = normals[..(offsets.Length * _d)].ToArray();
        _planeOffsets = offsets.ToArray();
    }

    /// <summary>Drops the warm start: the next solve starts from the origin.</summary>
    public void ResetBasis() => ResetBasis([]);

    /// <summary>Drops the warm start: the next solve starts from <paramref name="anchor"/> (length d; empty for the origin).</summary>
    public void ResetBasis(ReadOnlySpan<double> anchor)
    {
        _warm = false;
        Array.Clear(_anchor);
        anchor.CopyTo(_anchor);
    }

    /// <summary>
    /// Solves for the cell whose code (bitset of flipped rows, flipped = sign −1) is <paramref name="code"/>;
    /// writes the optimal point into <paramref name="x"/> and returns the status and <c>t*</c>.
    /// </summary>
    public (LpStatus Status, double Radius) Solve(ReadOnlySpan<ulong> code, Span<double> x) => Run(code, -1, x);

    /// <summary>
    /// Solves the slack LP of the cell <paramref name="code"/> restricted to hyperplane <paramref name="plane"/>:
    /// <c>a_k·x + b_k = 0</c> replaces that row's slack condition, every other row keeps <c>≥ t</c>. <c>t* &gt; ε</c> means the
    /// cell has a (relatively open) facet on the hyperplane; the optimum point lies on it.
    /// </summary>
    public (LpStatus Status, double Radius) SolveOnPlane(ReadOnlySpan<ulong> code, int plane, Span<double> x) => Run(code, plane, x);

    /// <summary>
    /// After an optimal solve: the hyperplane rows with a non-zero dual value. When <c>t*</c> is small these rows
    /// (with their current signs) alone already force <c>t ≤ t*</c> (the dual solution stays feasible for the
    /// restricted LP), so every sign vector that agrees with them is empty too: a Farkas-style certificate.
    /// </summary>
    public void BlockingRows(List<int> destination)
    {
        destination.Clear();
        if (_solvedByGlop)
        {
            // No active set to read: every hyperplane row of the cell is a (weaker but valid) certificate.
            for (int i = 0; i < _rowCount; i++)
            {
                if (_planeOfRow[i] >= 0)
                {
                    destination.Add(_planeOfRow[i]);
                }
            }

            return;
        }

        ReadOnlySpan<int> active = _solver.ActiveRows;
        ReadOnlySpan<double> y = _solver.Multipliers;
        for (int a = 0; a < active.Length; a++)
        {
            int plane = _planeOfRow[active[a]];
            if (plane >= 0 && Math.Abs(y[a]) > 1e-12)
            {
                destination.Add(plane);
            }
        }

        destination.Sort();
    }

    private (LpStatus Status, double Radius) Run(ReadOnlySpan<ulong> code, int onPlane, Span<double> x)
    {
        _counters.AddSolved();
        int equalities = Assemble(code, onPlane);
        int d = _d;
        Span<double> v = _point;
        if (!_warm)
        {
            _anchor.CopyTo(v);
        }

        if (onPlane >= 0)
        {
            // Project the start onto the hyperplane (unit normal).
            ReadOnlySpan<double> a = _planeNormals.AsSpan(onPlane * d, d);
            double r = _planeOffsets[onPlane];
            for (int j = 0; j < d; j++)
            {
                r += a[j] * v[j];
            }

            for (int j = 0; j < d; j++)
            {
                v[j] -= r * a[j];
            }
        }

        // Every inequality row has coefficient 1 on t: t = the smallest slack at x is feasible.
        int m = _rowCount;
        Span<double> slack = _slack.AsSpan(0, m);
        _rhs.AsSpan(0, m).CopyTo(slack);
        for (int j = 0; j < d; j++)
        {
            Axpy.Compute(-v[j], _columns.AsSpan(j * m, m), slack);
        }

        double t = double.PositiveInfinity;
        foreach (double s in slack[equalities..])
        {
            t = Math.Min(t, s);
        }

        v[d] = t;
        LpStatus status = _solver.Maximize(_columns.AsSpan(0, m * _n), _rhs.AsSpan(0, m), equalities, _objective, v);
        _solvedByGlop = status == LpStatus.Error;
        if (_solvedByGlop)
        {
            _counters.AddRetried();
            status = SolveWithGlop(equalities, v);
        }

        _warm = status == LpStatus.Optimal;
        if (status != LpStatus.Optimal)
        {
            return (status, double.NaN);
        }

        v[..d].CopyTo(x);
        return (status, v[d]);
    }

    /// <summary>Writes the rows of the cell's LP (column-major); returns the number of leading equality rows.</summary>
    private int Assemble(ReadOnlySpan<ulong> code, int onPlane)
    {
        int d = _d, n = _n;
        int planes = _planeOffsets.Length;
        int m = _domainOffsets.Length + planes + 1; // on a plane its row becomes the equality: the count is the same
        if (_rhs.Length < m)
        {
            _rhs = new double[m];
            _slack = new double[m];
            _columns = new double[m * n];
            _planeOfRow = new int[m];
        }

        int row = 0;
        void Add(ReadOnlySpan<double> normal, double sign, double t, double rhs, int plane)
        {
            for (int j = 0; j < d; j++)
            {
                _columns[j * m + row] = sign * normal[j];
            }

            _columns[d * m + row] = t;
            _rhs[row] = rhs;
            _planeOfRow[row] = plane;
            row++;
        }

        if (onPlane >= 0)
        {
            Add(_planeNormals.AsSpan(onPlane * d, d), 1.0, 0.0, -_planeOffsets[onPlane], -1);
        }

        for (int k = 0; k < _domainOffsets.Length; k++)
        {
            Add(_domainNormals.AsSpan(k * d, d), 1.0, 1.0, _domainOffsets[k], -1);
        }

        for (int k = 0; k < planes; k++)
        {
            if (k != onPlane)
            {
                double s = ((code[k >> 6] >> (k & 63)) & 1UL) != 0 ? -1.0 : 1.0;
                Add(_planeNormals.AsSpan(k * d, d), -s, 1.0, s * _planeOffsets[k], k);
            }
        }

        Add(_objective.AsSpan(0, d), 0.0, 1.0, _cap, -1); // the cap t ≤ cap (the objective's x part is zero)
        _rowCount = row;
        return onPlane >= 0 ? 1 : 0;
    }

    /// <summary>The fallback: the same rows solved by GLOP (a fresh model; a GLOP failure is counted as failed).</summary>
    private LpStatus SolveWithGlop(int equalities, Span<double> v)
    {
        using var lp = new LpSolver(new LpCounters());
        for (int j = 0; j < _n; j++)
        {
            lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity);
        }

        for (int i = 0; i < _rowCount; i++)
        {
            int r = lp.AddRow(i < equalities ? _rhs[i] : double.NegativeInfinity, _rhs[i]);
            for (int j = 0; j < _n; j++)
            {
                lp.SetCoefficient(r, j, _columns[j * _rowCount + i]);
            }
        }

        lp.SetObjective(_d, 1.0);
        lp.SetMaximize(true);
        LpStatus status = lp.Solve();
        if (status == LpStatus.Optimal)
        {
            for (int j = 0; j < _n; j++)
            {
                v[j] = lp.Value(j);
            }
        }
        else if (status == LpStatus.Error)
        {
            _counters.AddFailed();
        }

        return status;
    }
}
