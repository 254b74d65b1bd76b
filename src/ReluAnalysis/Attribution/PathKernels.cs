using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Attribution;

/// <summary>
/// The backward (vector–Jacobian) products shared by pathwise selection and the gradient baselines.
/// Every caller goes through these two routines so that equal inputs give bit-identical results
/// (the operation order of one row never depends on how many rows are propagated).
/// </summary>
internal static class PathKernels
{
    /// <summary>
    /// <c>dest = (J · diag(gate)) · W</c> for a row-major <c>rows × layer.Outputs</c> matrix <c>J</c>:
    /// row r of the result is <c>Σ_i J[r,i]·gate_i·W[i,:]</c>, summed over i in ascending order.
    /// </summary>
    /// <param name="j">Row-major <c>rows × layer.Outputs</c>.</param>
    /// <param name="rows">Rows of <paramref name="j"/>.</param>
    /// <param name="gate">One flag per unit of the layer (<c>m_i·φ(z_i)</c>); a unit with false is skipped.</param>
    /// <param name="layer">The layer whose weights <c>W</c> (outputs × inputs) are applied.</param>
    /// <param name="destination">Row-major <c>rows × layer.Inputs</c>; overwritten.</param>
    public static void Backward(ReadOnlySpan<double> j, int rows, ReadOnlySpan<bool> gate, DenseLayer layer, Span<double> destination)
    {
        int nOut = layer.Outputs, nIn = layer.Inputs;
        destination[..(rows * nIn)].Clear();
        ReadOnlySpan<double> w = layer.Weights;
        // Unit-major loop: each weight row is loaded once for all rows of J. For every destination entry the terms are
        // still added in ascending unit order, so the result does not depend on the number of rows.
        for (int i = 0; i < nOut; i++)
        {
            if (!gate[i])
            {
                continue;
            }

            ReadOnlySpan<double> wi = w.Slice(i * nIn, nIn);
            for (int r = 0; r < rows; r++)
            {
                double g = j[r * nOut + i];
                if (g != 0.0)
                {
                    Axpy(g, wi, destination.Slice(r * nIn, nIn));
                }
            }
        }
    }

    /// <summary><c>y += a·x</c> elementwise (multiply then add, no fused rounding, so SIMD and scalar agree bit for bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            ReadOnlySpan<Vector<double>> vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            Span<Vector<double>> vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            for (int v = 0; v < vx.Length; v++)
            {
                vy[v] += va * vx[v];
            }

            i = vx.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>Index of the largest entry; ties go to the lower index.</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Numerically stable <c>softmax(values)[index]</c> (the maximum is subtracted first).</summary>
    public static double SoftmaxAt(ReadOnlySpan<double> values, int index)
    {
        double max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            max = Math.Max(max, values[i]);
        }

        double sum = 0.0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += Math.Exp(values[i] - max);
        }

        return Math.Exp(values[index] - max) / sum;
    }

    /// <summary>
    /// Hidden pre-activations and post-activations at <paramref name="x"/> from the engine's forward pass,
    /// and the logits from the output layer applied to the last hidden layer.
    /// </summary>
    public static ForwardState Forward(ReluNetwork network, ReadOnlySpan<double> x)
    {
        double[] z = network.PreActivations(x);
        var h = new double[z.Length];
        var active = new bool[z.Length];
        for (int g = 0; g < z.Length; g++)
        {
            active[g] = Patterns.SignRule.IsActive(z[g]);
            h[g] = active[g] ? z[g] : 0.0;
        }

        var logits = new double[network.OutputDimension];
        int n = network.HiddenLayerCount;
        if (n == 0)
        {
            network.Layers[0].Affine(x, logits);
        }
        else
        {
            int off = network.PatternLayout.NeuronOffset(n - 1);
            network.Layers[n].Affine(h.AsSpan(off, network.HiddenSizes[n - 1]), logits);
        }

        return new ForwardState(z, h, active, logits);
    }

    /// <summary>
    /// Row <paramref name="c"/> of the Jacobian <c>∂f/∂x</c> on the region of the given activity flags
    /// (one per hidden neuron, numbered layer by layer), by backward products from the output layer.
    /// </summary>
    public static double[] GradientRow(ReluNetwork network, ReadOnlySpan<bool> active, int c)
    {
        var layers = network.Layers;
        int n = network.HiddenLayerCount;
        double[] j = layers[n].Row(c).ToArray();
        var layout = network.PatternLayout;
        for (int k = n - 1; k >= 0; k--)
        {
            var next = new double[layers[k].Inputs];
            Backward(j, 1, active.Slice(layout.NeuronOffset(k), layers[k].Outputs), layers[k], next);
            j = next;
        }

        return j;
    }
}

/// <summary>One unmasked forward pass: pre-activations, activations, activity flags (neurons layer by layer) and logits.</summary>
internal sealed record ForwardState(double[] Z, double[] H, bool[] Active, double[] Logits);
