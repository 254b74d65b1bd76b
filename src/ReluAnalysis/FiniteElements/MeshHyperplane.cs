namespace ReluAnalysis.FiniteElements;

/// <summary>
/// One distinct hyperplane <c>t(x) = a·x + b = 0</c> of a mesh, with <c>‖a‖ = 1</c> and the sign canonicalised
/// (the first component of <c>a</c> larger than <c>1e−12</c> in magnitude is positive).
/// </summary>
/// <param name="Normal">Unit normal <c>a</c> (length = mesh dimension).</param>
/// <param name="Offset">Offset <c>b</c>.</param>
/// <param name="OnBoundary">True when every mesh vertex lies on one side (the hyperplane carries a facet of the domain boundary).</param>
public readonly record struct MeshHyperplane(double[] Normal, double Offset, bool OnBoundary)
{
    /// <summary>The signed distance <c>t(x) = a·x + b</c> (the normal has unit length).</summary>
    /// <param name="x">A point of the mesh's dimension.</param>
    public double Value(ReadOnlySpan<double> x)
    {
        double s = Offset;
        for (int i = 0; i < Normal.Length; i++)
        {
            s += Normal[i] * x[i];
        }

        return s;
    }
}
