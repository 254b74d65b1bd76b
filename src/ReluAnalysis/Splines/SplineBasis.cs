namespace ReluAnalysis.Splines;

/// <summary>Basis in which the output layer is trained with knots fixed.</summary>
public enum SplineBasis
{
    /// <summary>ReLU basis <c>{1, ReLU(x − k_0), …, ReLU(x − k_{N−1})}</c>: coefficients <c>(d, c)</c>.</summary>
    Relu,

    /// <summary>Hat basis <c>{φ_0, …, φ_N}</c>: coefficients <c>w</c> (values at the knots).</summary>
    Hat,
}
