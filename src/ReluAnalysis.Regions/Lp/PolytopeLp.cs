namespace ReluAnalysis.Regions.Lp;

/// <summary>
/// Linear objectives over a polytope <c>{x : G x ≤ h}</c>: range of an affine function (prefilter of
/// hyperplanes that miss a domain) and row redundancy (H-representation without redundant rows).
/// </summary>
/// <remarks>
/// Redundancy uses the relaxed form: row <c>r</c> is a facet iff <c>max G_r x</c> subject to the other
/// rows and <c>G_r x ≤ h_r + 1</c> exceeds <c>h_r + tol</c>. Rows are expected unit-normalised so the
/// tolerance is a distance.
/// </remarks>
internal sealed class PolytopeLp : IDisposable
{
    private readonly LpSolver _lp;
    private readonly int _d;
    private readonly double[] _normals;
    private readonly double[] _offsets;

    public PolytopeLp(int dimension, ReadOnlySpan<double> normals, ReadOnlySpan<double> offsets, LpCounters counters)
    {
        _d = dimension;
        _normals = normals.ToArray();
        _offsets = offsets.ToArray();
        _lp = new LpSolver(counters);
        for (int j = 0; j < dimension; j++)
        {
            _lp.AddVariable(double.NegativeInfinity, double.PositiveInfinity);
        }

        for (int k = 0; k < _offsets.Length; k++)
        {
            int r = _lp.AddRow(double.NegativeInfinity, _offsets[k]);
            for (int j = 0; j < dimension; j++)
            {
                _lp.SetCoefficient(r, j, _normals[k * dimension + j]);
            }
        }

        _lp.SetMaximize(true);
    }

    /// <summary>Maximises <c>c·x</c> over the polytope; writes the maximiser into <paramref name="x"/> when optimal.</summary>
    public (LpStatus Status, double Value) Maximize(ReadOnlySpan<double> c, Span<double> x)
    {
        for (int j = 0; j < _d; j++)
        {
            _lp.SetObjective(j, c[j]);
        }

        LpStatus status = _lp.Solve();
        if (status != LpStatus.Optimal)
        {
            return (status, double.NaN);
        }

        double value = 0;
        for (int j = 0; j < _d; j++)
        {
            x[j] = _lp.Value(j);
            value += c[j] * x[j];
        }

        return (status, value);
    }

    /// <summary>Whether row <paramref name="row"/> is a facet (not redundant), by the relaxed LP.</summary>
    public (LpStatus Status, bool IsFacet) IsFacet(int row, double tolerance)
    {
        _lp.SetRowBounds(row, double.NegativeInfinity, _offsets[row] + 1.0);
        Span<double> x = stackalloc double[_d];
        var (status, value) = Maximize(_normals.AsSpan(row * _d, _d), x);
        _lp.SetRowBounds(row, double.NegativeInfinity, _offsets[row]);
        return (status, status == LpStatus.Optimal && value > _offsets[row] + tolerance);
    }

    /// <inheritdoc />
    public void Dispose() => _lp.Dispose();
}
