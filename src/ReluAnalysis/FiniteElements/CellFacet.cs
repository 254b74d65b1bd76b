namespace ReluAnalysis.FiniteElements;

/// <summary>One facet of a mesh cell: the cell is <c>∩ {Sign · t_j(x) ≥ 0}</c> over its facets.</summary>
/// <param name="Hyperplane">Index <c>j</c> into <see cref="FeMesh.Hyperplanes"/>.</param>
/// <param name="Sign"><c>s_ij = ±1</c>: the side of hyperplane <c>j</c> on which the cell lies.</param>
public readonly record struct CellFacet(int Hyperplane, int Sign);
