namespace ReluAnalysis.Patterns;

public sealed partial class PatternEngine
{
    /// <summary>A symbolic state over the input itself (<c>P = I</c>, <c>q = 0</c>): nothing decided, layer 0's map ready.</summary>
    public SymbolicState BeginSymbolic() => new(this, default, default, InputDimension);

    /// <summary>
    /// A symbolic state over the affine parametrisation <c>x = P u + q</c> of the input (for example a box with fixed
    /// coordinates, or a 2-D slice): the maps are then functions of <c>u ∈ R^p</c>.
    /// </summary>
    /// <param name="inputMatrix">Row-major <c>P</c>, <c>d × p</c>.</param>
    /// <param name="inputOffset"><c>q</c>, length <c>d</c>.</param>
    /// <param name="parameters"><c>p ≥ 1</c>.</param>
    public SymbolicState BeginSymbolic(ReadOnlySpan<double> inputMatrix, ReadOnlySpan<double> inputOffset, int parameters)
    {
        Guard.Positive(parameters, nameof(parameters));
        Guard.Length(inputMatrix.Length, InputDimension * parameters, nameof(inputMatrix));
        Guard.Length(inputOffset.Length, InputDimension, nameof(inputOffset));
        Guard.Finite(inputMatrix, nameof(inputMatrix));
        Guard.Finite(inputOffset, nameof(inputOffset));
        return new SymbolicState(this, inputMatrix, inputOffset, parameters);
    }

    /// <summary>
    /// The affine map of the network with its pattern frozen to <paramref name="mask"/> (undecided neurons closed):
    /// <c>A = W_L D_{L−1} W_{L−1} ⋯ D_1 W_1</c> and <c>c</c> by the same recursion on the biases.
    /// </summary>
    /// <param name="mask">The gates; a full pattern gives the local affine map of its region.</param>
    /// <param name="matrix">Row-major <c>outputs × d</c> destination.</param>
    /// <param name="offset">Destination of length <c>outputs</c>.</param>
    /// <param name="preActivationMaps">When not null, receives the state whose hidden-layer maps are the region's pre-activation maps.</param>
    /// <remarks>Cost <c>O(d · Σ n_k n_{k+1})</c>.</remarks>
    public void LocalMap(PatternMask mask, Span<double> matrix, Span<double> offset, Action<SymbolicState>? preActivationMaps = null)
    {
        ArgumentNullException.ThrowIfNull(mask);
        CheckLayout(mask.Layout, nameof(mask));
        Guard.Length(matrix.Length, OutputDimension * InputDimension, nameof(matrix));
        Guard.Length(offset.Length, OutputDimension, nameof(offset));
        SymbolicState state = BeginSymbolic();
        state.DecideAll(mask.OpenWords);
        preActivationMaps?.Invoke(state);
        state.Matrix(HiddenLayerCount).CopyTo(matrix);
        state.Offset(HiddenLayerCount).CopyTo(offset);
    }

    /// <summary>
    /// The region of a full pattern as half-spaces <c>normals[g]·x ≤ offsets[g]</c>, one per hidden neuron g (numbered
    /// layer by layer): <c>(−s_g a_g)·x ≤ s_g β_g</c> with <c>z_g = a_g·x + β_g</c> on the region and <c>s_g = ±1</c> for
    /// active/inactive (<see cref="SymbolicState.HalfSpace"/>).
    /// </summary>
    /// <param name="mask">A complete mask (a pattern).</param>
    /// <param name="normals">Row-major <c>NeuronCount × d</c> destination.</param>
    /// <param name="offsets">Destination of length <c>NeuronCount</c>.</param>
    public void RegionRows(PatternMask mask, Span<double> normals, Span<double> offsets)
    {
        ArgumentNullException.ThrowIfNull(mask);
        CheckLayout(mask.Layout, nameof(mask));
        int d = InputDimension;
        int count = Layout.NeuronCount;
        Guard.Length(normals.Length, count * d, nameof(normals));
        Guard.Length(offsets.Length, count, nameof(offsets));
        if (!mask.IsComplete)
        {
            throw new ArgumentException("mask has undecided neurons; expected a full pattern.", nameof(mask));
        }

        SymbolicState state = BeginSymbolic();
        state.DecideAll(mask.OpenWords);
        for (int k = 0; k < HiddenLayerCount; k++)
        {
            int off = Layout.NeuronOffset(k);
            for (int i = 0; i < Width(k); i++)
            {
                offsets[off + i] = state.HalfSpace(k, i, normals.Slice((off + i) * d, d));
            }
        }
    }
}
