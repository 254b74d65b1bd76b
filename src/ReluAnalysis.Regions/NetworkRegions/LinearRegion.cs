using ReluAnalysis.Geometry;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Regions.NetworkRegions;

/// <summary>One linear (activation) region of a network inside the domain.</summary>
/// <param name="Pattern">The activation pattern (bit = neuron active, <c>z &gt; 0</c>, on the region's interior).</param>
/// <param name="Witness">An interior point.</param>
/// <param name="Slack">Smallest distance from the witness to a row of the region (domain or split neuron).</param>
/// <param name="Map">The local affine map <c>y = A x + c</c> of the network on the region.</param>
/// <param name="HRepresentation">On request, the region as half-spaces; otherwise null.</param>
public sealed record LinearRegion(ActivationPattern Pattern, double[] Witness, double Slack, LocalAffineMap Map, Polytope? HRepresentation);
