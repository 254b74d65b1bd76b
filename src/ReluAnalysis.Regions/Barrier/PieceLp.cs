using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// LPs over one piece <c>{x : r_i·x ≤ β_i}</c> (unit rows) with a shared slack variable <c>s</c>: every row reads
/// <c>r_i·x − s ≤ β_i</c>. With <c>s</c> fixed to η the piece is grown by η (bounding boxes); with <c>s</c> free and
/// minimised, after appending a target's rows, <c>s*</c> is the separation of piece and target (<c>s* &gt; η</c>: the
/// sets grown by η are disjoint) and the row duals are a Farkas certificate.
/// </summary>
internal sealed class PieceLp : IDisposable
{
    private const double SeparationFloor = -1e6;
    private readonly LpSolver _lp;
    private readonly int _d;
    private readonly int _s;
    private readonly int _baseRows;
    private readonly List<int> _extra = [];
    private int _extraUsed;

    public PieceLp(int dimension, ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets, LpCounters counters)
    {
        _d = dimension;
        _lp = new LpSolver(counters);
        for (int j = 0; j < dimension; j++)
        {
            _lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity);
        }

        _s = _lp.AddVariable(0, 0);
        _baseRows = offsets.Length;
        for (int r = 0; r < _baseRows; r++)
        {
            int row = _lp.AddRow(double.NegativeInfinity, offsets[r]);
            for (int j = 0; j < dimension; j++)
            {
                _lp.SetCoefficient(row, j, normals[r * dimension + j]);
            }

            _lp.SetCoefficient(row, _s, -1.0);
        }
    }

    public int BaseRows => _baseRows;

    /// <summary>Maximises <c>c·x</c> over the piece grown by <paramref name="eta"/>; returns status, value, maximiser and row duals.</summary>
    public (LpStatus Status, double Value, double[] X, double[] Duals) MaximizeGrown(ReadOnlySpan<double> c, double eta)
    {
        SetExtra([], []);
        _lp.SetVariableBounds(_s, eta, eta);
        _lp.SetObjective(_s, 0.0);
        for (int j = 0; j < _d; j++)
        {
            _lp.SetObjective(j, c[j]);
        }

        _lp.SetMaximize(true);
        LpStatus status = _lp.Solve();
        var x = new double[_d];
        if (status != LpStatus.Optimal)
        {
            return (status, double.NaN, x, []);
        }

        double value = 0;
        for (int j = 0; j < _d; j++)
        {
            x[j] = _lp.Value(j);
            value += c[j] * x[j];
        }

        return (status, value, x, Duals(_baseRows));
    }

    /// <summary>Appends the target rows and minimises the common slack <c>s</c>; returns status, <c>s*</c>, the optimum point and the duals (piece rows, then target rows).</summary>
    public (LpStatus Status, double Gap, double[] X, double[] Duals) Separate(ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets)
    {
        SetExtra(normals, offsets);
        _lp.SetVariableBounds(_s, SeparationFloor, double.PositiveInfinity);
        for (int j = 0; j < _d; j++)
        {
            _lp.SetObjective(j, 0.0);
        }

        _lp.SetObjective(_s, 1.0);
        _lp.SetMaximize(false);
        LpStatus status = _lp.Solve();
        var x = new double[_d];
        if (status != LpStatus.Optimal)
        {
            return (status, double.NaN, x, []);
        }

        for (int j = 0; j < _d; j++)
        {
            x[j] = _lp.Value(j);
        }

        return (status, _lp.Value(_s), x, Duals(_baseRows + offsets.Length));
    }

    private double[] Duals(int count)
    {
        var y = new double[count];
        for (int r = 0; r < count; r++)
        {
            int row = r < _baseRows ? r : _extra[r - _baseRows];
            y[r] = Math.Abs(_lp.DualValue(row));
        }

        return y;
    }

    private void SetExtra(ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets)
    {
        int count = offsets.Length;
        while (_extra.Count < count)
        {
            int row = _lp.AddRow(double.NegativeInfinity, double.PositiveInfinity);
            _lp.SetCoefficient(row, _s, -1.0);
            _extra.Add(row);
        }

        for (int k = 0; k < Math.Max(count, _extraUsed); k++)
        {
            int row = _extra[k];
            if (k < count)
            {
                for (int j = 0; j < _d; j++)
                {
                    _lp.SetCoefficient(row, j, normals[k * _d + j]);
                }

                _lp.SetRowBounds(row, double.NegativeInfinity, offsets[k]);
            }
            else
            {
                _lp.SetRowBounds(row, double.NegativeInfinity, double.PositiveInfinity);
            }
        }

        _extraUsed = count;
    }

    /// <inheritdoc />
    public void Dispose() => _lp.Dispose();
}
