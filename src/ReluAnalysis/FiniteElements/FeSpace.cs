namespace ReluAnalysis.FiniteElements;

/// <summary>The finite-element space of a <see cref="PiecewiseLinearFunction"/>.</summary>
public enum FeSpace
{
    /// <summary>Continuous piecewise linear: interpolates at the vertices (simplicial meshes only).</summary>
    P1,

    /// <summary>Discontinuous piecewise linear: per cell, the affine interpolant (least-squares fit for non-simplices) at the vertices pulled halfway to the centroid.</summary>
    DgP1,

    /// <summary>Piecewise constant: the value at the cell centroid.</summary>
    P0,
}
