namespace ReluAnalysis.FiniteElements;

/// <summary>Uniform bucket grid over the bounding box of a mesh: each bucket lists the cells whose boxes meet it.</summary>
internal sealed class CellLocator
{
    private const double Tolerance = 1e-12;
    private readonly FeMesh _mesh;
    private readonly double[] _lower;
    private readonly double[] _step;
    private readonly int _per;
    private readonly List<int>[] _buckets;

    public CellLocator(FeMesh mesh)
    {
        _mesh = mesh;
        int d = mesh.Dimension;
        _lower = mesh.BoundsLower();
        double[] upper = mesh.BoundsUpper();
        _per = Math.Max(1, (int)Math.Ceiling(Math.Pow(mesh.CellCount, 1.0 / d)));
        _step = new double[d];
        for (int k = 0; k < d; k++)
        {
            _step[k] = Math.Max(upper[k] - _lower[k], 1e-300) / _per;
        }

        _buckets = new List<int>[d == 1 ? _per : _per * _per];
        for (int b = 0; b < _buckets.Length; b++)
        {
            _buckets[b] = [];
        }

        Span<int> lo = stackalloc int[2], hi = stackalloc int[2];
        for (int i = 0; i < mesh.CellCount; i++)
        {
            ReadOnlySpan<int> c = mesh.CellVertices(i);
            for (int k = 0; k < d; k++)
            {
                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                foreach (int v in c)
                {
                    min = Math.Min(min, mesh.Coordinate(v, k));
                    max = Math.Max(max, mesh.Coordinate(v, k));
                }

                lo[k] = Bucket(min - Tolerance, k);
                hi[k] = Bucket(max + Tolerance, k);
            }

            if (d == 1)
            {
                for (int a = lo[0]; a <= hi[0]; a++)
                {
                    _buckets[a].Add(i);
                }
            }
            else
            {
                for (int a = lo[0]; a <= hi[0]; a++)
                {
                    for (int b = lo[1]; b <= hi[1]; b++)
                    {
                        _buckets[a * _per + b].Add(i);
                    }
                }
            }
        }
    }

    public int Locate(ReadOnlySpan<double> x)
    {
        int d = _mesh.Dimension;
        int index = 0;
        for (int k = 0; k < d; k++)
        {
            double rel = (x[k] - _lower[k]) / _step[k];
            if (rel < -1e-9 || rel > _per + 1e-9)
            {
                return -1;
            }

            index = index * _per + Bucket(x[k], k);
        }

        foreach (int cell in _buckets[index])
        {
            if (_mesh.InCell(cell, x, Tolerance))
            {
                return cell;
            }
        }

        return -1;
    }

    private int Bucket(double value, int axis) => Math.Clamp((int)Math.Floor((value - _lower[axis]) / _step[axis]), 0, _per - 1);
}
