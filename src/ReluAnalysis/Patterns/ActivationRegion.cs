using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Patterns;

/// <summary>
/// The closed convex region of inputs sharing a pattern σ:
/// <c>{x : s_i (a_i·x + β_i) ≥ 0 for every hidden neuron i}</c>, with <c>a_i, β_i</c> from the
/// pre-activation maps of the layers below and <c>s_i = +1</c> for active, <c>−1</c> for inactive neurons.
/// </summary>
/// <remarks>
/// Row g of <see cref="HalfSpaces"/> belongs to hidden neuron g (numbered layer by layer) and reads
/// <c>−s_g (a_g·x + β_g) ≤ 0</c> as <c>(−s_g a_g)·x ≤ s_g β_g</c>. Rows with <c>a_g = 0</c> are kept (they
/// are either always true or make the region empty); the LP layer removes redundancy.
/// </remarks>
public sealed class ActivationRegion
{
    private ActivationRegion(ActivationPattern pattern, IReadOnlyList<LocalAffineMap> preActivationMaps, Polytope polytope)
    {
        Pattern = pattern;
        PreActivationMaps = preActivationMaps;
        Polytope = polytope;
    }

    /// <summary>The pattern σ.</summary>
    public ActivationPattern Pattern { get; }

    /// <summary>Per hidden layer, the pre-activation map valid on this region.</summary>
    public IReadOnlyList<LocalAffineMap> PreActivationMaps { get; }

    /// <summary>One half-space per hidden neuron (not including any input domain).</summary>
    public Polytope Polytope { get; }

    /// <summary>Shortcut for <c>Polytope.HalfSpaces</c>.</summary>
    public IReadOnlyList<HalfSpace> HalfSpaces => Polytope.HalfSpaces;

    /// <summary>Builds the region of <paramref name="pattern"/> in <paramref name="network"/> (<see cref="PatternEngine.RegionRows"/>).</summary>
    public static ActivationRegion Of(ReluNetwork network, ActivationPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(network);
        IReadOnlyList<LocalAffineMap> maps = LocalAffineMap.PreActivationMaps(network, pattern);
        int d = network.InputDimension;
        int count = network.HiddenNeuronCount;
        var normals = new double[count * d];
        var offsets = new double[count];
        network.Engine.RegionRows(PatternMask.From(pattern), normals, offsets);
        var rows = new HalfSpace[count];
        for (int g = 0; g < count; g++)
        {
            rows[g] = new HalfSpace(normals.AsSpan(g * d, d), offsets[g]);
        }

        return new ActivationRegion(pattern, maps, new Polytope(d, rows));
    }
}
