using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Benchmarks.Regions;

/// <summary>
/// Baseline for the benchmarks: the library's cell LP as it was before the dense active-set solver (commit a70daaa),
/// one incremental GLOP model. The Chebyshev slack LP of a cell: for signs <c>s_j = ±1</c> over unit-normal hyperplanes
/// <c>t_j(x) = a_j·x + b_j</c> and unit-normal domain rows <c>f_k·x ≤ g_k</c>,
/// maximise <c>t ≤ cap</c> subject to <c>s_j t_j(x) ≥ t</c> and <c>f_k·x + t ≤ g_k</c>.
/// The cell is full-dimensional iff <c>t* &gt; ε</c>; the optimal <c>x</c> is a witness at distance
/// <c>t*</c> from every row (a Chebyshev centre when no cap is hit).
/// </summary>
/// <remarks>
/// The model is kept across solves: a sign flip changes one coefficient (of <c>t</c>) and one bound, so
/// GLOP warm-starts from the previous basis. Row <c>j</c> is stored as <c>a_j·x − s_j t</c> with
/// bounds <c>[−b_j, ∞)</c> for <c>s_j = +1</c> and <c>(−∞, −b_j]</c> for <c>s_j = −1</c>. Slots beyond
/// the loaded rows are made free rows so one object serves many domains (network regions).
/// </remarks>
internal sealed class GlopCellLp : IDisposable
{
    private readonly LpSolver _lp;
    private readonly int _d;
    private readonly int _t;
    private readonly List<int> _planeSlots = [];
    private readonly List<int> _domainSlots = [];
    private readonly List<sbyte> _signs = [];
    private double[] _planeOffsets = [];
    private int _planeCount;
    private int _domainCount;

    public GlopCellLp(int dimension, LpCounters counters, double cap = 1.0)
    {
        _d = dimension;
        _lp = new LpSolver(counters);
        for (int j = 0; j < dimension; j++)
        {
            _lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity);
        }

        _t = _lp.AddVariable(double.NegativeInfinity, cap);
        _lp.SetObjective(_t, 1.0);
        _lp.SetMaximize(true);
    }

    /// <summary>Number of hyperplane rows loaded.</summary>
    public int PlaneCount => _planeCount;

    /// <summary>Loads the domain rows (unit normals, row-major <c>count × d</c>).</summary>
    public void LoadDomain(ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets)
    {
        int count = offsets.Length;
        while (_domainSlots.Count < count)
        {
            int r = _lp.AddRow(double.NegativeInfinity, double.PositiveInfinity);
            _lp.SetCoefficient(r, _t, 1.0);
            _domainSlots.Add(r);
        }

        for (int k = 0; k < _domainSlots.Count; k++)
        {
            int r = _domainSlots[k];
            if (k < count)
            {
                for (int j = 0; j < _d; j++)
                {
                    _lp.SetCoefficient(r, j, normals[k * _d + j]);
                }

                _lp.SetRowBounds(r, double.NegativeInfinity, offsets[k]);
            }
            else if (k < _domainCount)
            {
                _lp.SetRowBounds(r, double.NegativeInfinity, double.PositiveInfinity);
            }
        }

        _domainCount = count;
    }

    /// <summary>Loads the hyperplane rows (unit normals) with all signs +1.</summary>
    public void LoadPlanes(ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets)
    {
        int count = offsets.Length;
        while (_planeSlots.Count < count)
        {
            _planeSlots.Add(_lp.AddRow(double.NegativeInfinity, double.PositiveInfinity));
            _signs.Add(0);
        }

        _planeOffsets = offsets.ToArray();
        for (int k = 0; k < _planeSlots.Count; k++)
        {
            int r = _planeSlots[k];
            if (k < count)
            {
                for (int j = 0; j < _d; j++)
                {
                    _lp.SetCoefficient(r, j, normals[k * _d + j]);
                }

                _signs[k] = 0;
                SetSign(k, 1);
            }
            else if (k < _planeCount)
            {
                _lp.SetCoefficient(r, _t, 0.0);
                _lp.SetRowBounds(r, double.NegativeInfinity, double.PositiveInfinity);
                _signs[k] = 0;
            }
        }

        _planeCount = count;
    }

    private void SetSign(int k, sbyte sign)
    {
        if (_signs[k] == sign)
        {
            return;
        }

        int r = _planeSlots[k];
        _lp.SetCoefficient(r, _t, -sign);
        if (sign > 0)
        {
            _lp.SetRowBounds(r, -_planeOffsets[k], double.PositiveInfinity);
        }
        else
        {
            _lp.SetRowBounds(r, double.NegativeInfinity, -_planeOffsets[k]);
        }

        _signs[k] = sign;
    }

    /// <summary>Drops the warm-start state (the next solve depends only on the model).</summary>
    public void ResetBasis() => _lp.ResetBasis();

    /// <summary>
    /// Solves for the cell whose code (bitset of flipped rows, flipped = sign −1) is <paramref name="code"/>;
    /// writes the optimal point into <paramref name="x"/> and returns the status and <c>t*</c>.
    /// </summary>
    public (LpStatus Status, double Radius) Solve(ReadOnlySpan<ulong> code, Span<double> x)
    {
        for (int k = 0; k < _planeCount; k++)
        {
            SetSign(k, ((code[k >> 6] >> (k & 63)) & 1UL) != 0 ? (sbyte)-1 : (sbyte)1);
        }

        LpStatus status = _lp.Solve();
        if (status != LpStatus.Optimal)
        {
            return (status, double.NaN);
        }

        for (int j = 0; j < _d; j++)
        {
            x[j] = _lp.Value(j);
        }

        return (status, _lp.Value(_t));
    }

    /// <summary>
    /// Solves the slack LP of the cell <paramref name="code"/> restricted to hyperplane <paramref name="plane"/>:
    /// <c>a_k·x + b_k = 0</c> replaces that row's slack condition, every other row keeps <c>≥ t</c>. <c>t* &gt; ε</c> means the
    /// cell has a (relatively open) facet on the hyperplane; the optimum point lies on it. The model is restored afterwards.
    /// </summary>
    public (LpStatus Status, double Radius) SolveOnPlane(ReadOnlySpan<ulong> code, int plane, Span<double> x)
    {
        for (int k = 0; k < _planeCount; k++)
        {
            SetSign(k, ((code[k >> 6] >> (k & 63)) & 1UL) != 0 ? (sbyte)-1 : (sbyte)1);
        }

        int r = _planeSlots[plane];
        sbyte sign = _signs[plane];
        _lp.SetCoefficient(r, _t, 0.0);
        _lp.SetRowBounds(r, -_planeOffsets[plane], -_planeOffsets[plane]);
        LpStatus status = _lp.Solve();
        double radius = double.NaN;
        if (status == LpStatus.Optimal)
        {
            for (int j = 0; j < _d; j++)
            {
                x[j] = _lp.Value(j);
            }

            radius = _lp.Value(_t);
        }

        _signs[plane] = 0;
        SetSign(plane, sign);
        return (status, radius);
    }

    /// <summary>
    /// After an optimal solve: the hyperplane rows with a non-zero dual value. When <c>t*</c> is small these rows
    /// (with their current signs) alone already force <c>t ≤ t*</c> (the dual solution stays feasible for the
    /// restricted LP), so every sign vector that agrees with them is empty too: a Farkas-style certificate.
    /// </summary>
    public void BlockingRows(List<int> destination)
    {
        destination.Clear();
        for (int k = 0; k < _planeCount; k++)
        {
            if (Math.Abs(_lp.DualValue(_planeSlots[k])) > 1e-12)
            {
                destination.Add(k);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lp.Dispose();
}
