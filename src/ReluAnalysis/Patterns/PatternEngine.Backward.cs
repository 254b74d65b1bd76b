using ReluAnalysis.Kernels;

namespace ReluAnalysis.Patterns;

public sealed partial class PatternEngine
{
    /// <summary>
    /// One masked backward step through layer <paramref name="layer"/>: <c>destination = (J · D) · W</c> for the
    /// row-major <c>rows × n_layer</c> matrix <c>J</c>, where <c>D</c> keeps the neurons <paramref name="mask"/> opens
    /// (hidden layers) or every neuron (the output layer). Row r is <c>Σ_i J[r,i]·W[i,:]</c> over the kept i in
    /// ascending order, so the result does not depend on how many rows are propagated.
    /// </summary>
    /// <param name="layer">Layer index; <see cref="HiddenLayerCount"/> is the output layer.</param>
    /// <param name="j">Row-major <c>rows × Width(layer)</c>: derivatives with respect to the layer's outputs.</param>
    /// <param name="rows">Rows of <paramref name="j"/>.</param>
    /// <param name="mask">The gates of the hidden layers (ignored for the output layer); null keeps every neuron.</param>
    /// <param name="destination">Row-major <c>rows × Inputs(layer)</c>: derivatives with respect to the layer's inputs; overwritten.</param>
    public void Backward(int layer, ReadOnlySpan<double> j, int rows, PatternMask? mask, Span<double> destination)
    {
        Guard.Index(layer, _layers.Length, nameof(layer));
        Guard.NonNegative(rows, nameof(rows));
        var l = _layers[layer];
        int nOut = l.Outputs, nIn = l.Inputs;
        Guard.MinLength(j.Length, rows * nOut, nameof(j));
        Guard.MinLength(destination.Length, rows * nIn, nameof(destination));
        if (mask is not null)
        {
            CheckLayout(mask.Layout, nameof(mask));
        }

        bool gated = mask is not null && layer < HiddenLayerCount;
        destination[..(rows * nIn)].Clear();
        ReadOnlySpan<double> w = l.Weights;
        // Unit-major: each weight row is loaded once for all rows of J.
        for (int i = 0; i < nOut; i++)
        {
            if (gated && !mask!.OpenUnchecked(layer, i))
            {
                continue;
            }

            ReadOnlySpan<double> wi = w.Slice(i * nIn, nIn);
            for (int r = 0; r < rows; r++)
            {
                double g = j[r * nOut + i];
                if (g != 0.0)
                {
                    Axpy.Compute(g, wi, destination.Slice(r * nIn, nIn));
                }
            }
        }
    }

    /// <summary>
    /// The vector–Jacobian product <c>vᵀ J</c> of the network frozen to <paramref name="mask"/>: the gradient of
    /// <c>v·f</c> on the region (for a full pattern), by backward steps from the output layer down.
    /// </summary>
    /// <param name="mask">The gates (undecided neurons closed).</param>
    /// <param name="v">Weights of the outputs, length <see cref="OutputDimension"/>.</param>
    /// <param name="destination">Length <see cref="InputDimension"/>; overwritten.</param>
    /// <remarks>Cost <c>2·Σ n_k n_{k+1}</c> flops at most (closed neurons are skipped).</remarks>
    public void VectorJacobian(PatternMask mask, ReadOnlySpan<double> v, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(mask);
        Guard.Length(v.Length, OutputDimension, nameof(v));
        Guard.Length(destination.Length, InputDimension, nameof(destination));
        double[] j = v.ToArray();
        for (int k = HiddenLayerCount; k >= 0; k--)
        {
            var next = new double[_layers[k].Inputs];
            Backward(k, j, 1, mask, next);
            j = next;
        }

        j.CopyTo(destination);
    }

    /// <summary>Row <paramref name="output"/> of the Jacobian <c>∂f/∂x</c> of the network frozen to <paramref name="mask"/>.</summary>
    public double[] JacobianRow(PatternMask mask, int output)
    {
        Guard.Index(output, OutputDimension, nameof(output));
        var v = new double[OutputDimension];
        v[output] = 1.0;
        var row = new double[InputDimension];
        VectorJacobian(mask, v, row);
        return row;
    }
}
