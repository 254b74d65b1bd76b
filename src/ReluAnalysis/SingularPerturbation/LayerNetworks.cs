using ReluAnalysis.Networks;
using ReluAnalysis.Splines;

namespace ReluAnalysis.SingularPerturbation;

/// <summary>ReLU networks for singularly perturbed solutions: the P1 interpolant on a mesh as an exact one-hidden-layer network.</summary>
public static class LayerNetworks
{
    /// <summary>
    /// The P1 interpolant of <paramref name="u"/> on <paramref name="nodes"/> as the [1, N, 1] network of
    /// <see cref="ReluSplineMap.ToNetwork"/> (N − 1 kink neurons plus one for the linear part), exact on [−1, 1]. ε enters only
    /// through the node positions (biases) and the slopes (output weights).
    /// </summary>
    public static ReluNetwork P1(Func<double, double> u, ReadOnlySpan<double> nodes) =>
        ReluSplineMap.ToNetwork(FreeKnotSpline.Interpolate(u, nodes));
}
