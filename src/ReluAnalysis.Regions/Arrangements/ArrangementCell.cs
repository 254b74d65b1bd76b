using ReluAnalysis.Geometry;

namespace ReluAnalysis.Regions.Arrangements;

/// <summary>One full-dimensional cell of an arrangement inside a domain.</summary>
/// <param name="Signs">Per input hyperplane the sign (+1/−1) of <c>a_i·x + b_i</c> on the cell; 0 only for a zero row with <c>b_i = 0</c>.</param>
/// <param name="Witness">An interior point.</param>
/// <param name="Slack">Smallest distance from the witness to a kept hyperplane or a domain row (a Chebyshev-style radius, ≤ the cell's inradius).</param>
/// <param name="HRepresentation">On request: the cell as half-spaces without redundant rows (unit normals); otherwise null.</param>
public sealed record ArrangementCell(sbyte[] Signs, double[] Witness, double Slack, Polytope? HRepresentation)
{
    /// <summary>Bitset over the kept hyperplanes flipped relative to the base cell (internal identity of the cell).</summary>
    internal ulong[] Code { get; init; } = [];
}
