namespace ReluAnalysis.Attribution;


/// <summary>An explanation split by the units of one hidden layer: <c>E = Σ_u E_u</c>.</summary>
/// <param name="Layer">Hidden layer index.</param>
/// <param name="Class">Explained class.</param>
/// <param name="InputDimension">Length d0 of each attribution.</param>
/// <param name="Units">The units <c>S_ℓ</c>, ascending.</param>
/// <param name="Attributions">Per unit (same order as <paramref name="Units"/>), the sub-path explanation <c>E_u</c> (length d0).</param>
public sealed record UnitDecomposition(int Layer, int Class, int InputDimension, int[] Units, double[][] Attributions)
{
    /// <summary>The sum <c>Σ_u E_u</c> (equals the explanation).</summary>
    public double[] Sum()
    {
        int d = InputDimension;
        var s = new double[d];
        foreach (double[] e in Attributions)
        {
            for (int i = 0; i < d; i++)
            {
                s[i] += e[i];
            }
        }

        return s;
    }
}
