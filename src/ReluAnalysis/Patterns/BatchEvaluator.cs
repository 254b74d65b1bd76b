using ReluAnalysis.Kernels;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Patterns;

/// <summary>
/// The batched activation-pattern engine: evaluates a network on a row-major batch of inputs and, on
/// request, writes every sample's activation pattern and pre-activations. Reusable and thread-safe.
/// </summary>
/// <remarks>
/// Samples are processed in blocks (feature-major scratch, one weight load per block) by the widest
/// SIMD kernel the CPU accelerates; blocks are spread over cores for large batches. Every sample is
/// computed by the same sequence of operations whatever the thread count, so results are
/// bit-identical across thread counts and equal <see cref="ReluNetwork.Evaluate(ReadOnlySpan{double})"/>.
/// Cost: <c>2·Σ n_k n_{k+1}</c> flops per sample; no allocation per sample.
/// </remarks>
public sealed class BatchEvaluator
{
    /// <summary>Below this many samples the batch runs on the calling thread.</summary>
    private const int ParallelThreshold = 2048;

    private readonly ReluNetwork _network;
    private readonly FusedLayerKernel _kernel;
    private readonly int _threads;

    /// <summary>Creates an engine for <paramref name="network"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads for large batches; −1 for all cores, 1 for the calling thread only.</param>
    public BatchEvaluator(ReluNetwork network, int maxDegreeOfParallelism = -1)
        : this(network, FusedLayerKernel.Best, maxDegreeOfParallelism)
    {
    }

    internal BatchEvaluator(ReluNetwork network, FusedLayerKernel kernel, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "expected −1 (all cores) or a positive thread count.");
        }

        _network = network;
        _kernel = kernel;
        _threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
    }

    /// <summary>The network evaluated.</summary>
    public ReluNetwork Network => _network;

    /// <summary>Evaluates a batch into caller buffers.</summary>
    /// <param name="inputs">Row-major <c>count × d</c>; its length must be a multiple of the input dimension.</param>
    /// <param name="outputs">Row-major <c>count × outputs</c>.</param>
    /// <param name="patterns"><c>count × PatternLayout.WordCount</c> words, or empty to skip patterns.</param>
    /// <param name="preActivations"><c>count × HiddenNeuronCount</c> (neurons layer by layer), or empty to skip.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <exception cref="ArgumentException">Buffer sizes do not match, or an input is NaN or infinite.</exception>
    public void Evaluate(
        ReadOnlySpan<double> inputs,
        Span<double> outputs,
        Span<ulong> patterns = default,
        Span<double> preActivations = default,
        CancellationToken cancellationToken = default)
    {
        int d = _network.InputDimension;
        if (inputs.Length % d != 0)
        {
            throw new ArgumentException($"inputs has length {inputs.Length}; expected a multiple of the input dimension {d}.", nameof(inputs));
        }

        int count = inputs.Length / d;
        Guard.Length(outputs.Length, count * _network.OutputDimension, nameof(outputs));
        if (!patterns.IsEmpty)
        {
            Guard.Length(patterns.Length, count * _network.PatternLayout.WordCount, nameof(patterns));
        }

        if (!preActivations.IsEmpty)
        {
            Guard.Length(preActivations.Length, count * _network.HiddenNeuronCount, nameof(preActivations));
        }

        Guard.Finite(inputs, nameof(inputs));
        if (count == 0)
        {
            return;
        }

        int b = _kernel.BlockSamples;
        int blocks = (count + b - 1) / b;
        int workers = count < ParallelThreshold ? 1 : Math.Min(_threads, blocks);
        if (workers == 1)
        {
            var scratch = new Scratch(_network, b);
            for (int blk = 0; blk < blocks; blk++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunBlock(blk, count, inputs, outputs, patterns, preActivations, scratch);
            }

            return;
        }

        unsafe
        {
            fixed (double* pIn = inputs, pOut = outputs, pPre = preActivations)
            fixed (ulong* pPat = patterns)
            {
                nint aIn = (nint)pIn, aOut = (nint)pOut, aPre = (nint)pPre, aPat = (nint)pPat;
                int nIn = inputs.Length, nOut = outputs.Length, nPre = preActivations.Length, nPat = patterns.Length;
                var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
                int perWorker = (blocks + workers - 1) / workers;
                Parallel.For(0, workers, options, w =>
                {
                    var scratch = new Scratch(_network, b);
                    var inSpan = new ReadOnlySpan<double>((void*)aIn, nIn);
                    var outSpan = new Span<double>((void*)aOut, nOut);
                    var preSpan = new Span<double>((void*)aPre, nPre);
                    var patSpan = new Span<ulong>((void*)aPat, nPat);
                    int end = Math.Min(blocks, (w + 1) * perWorker);
                    for (int blk = w * perWorker; blk < end; blk++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        RunBlock(blk, count, inSpan, outSpan, patSpan, preSpan, scratch);
                    }
                });
            }
        }
    }

    /// <summary>Evaluates a batch and returns new arrays.</summary>
    /// <param name="inputs">Row-major <c>count × d</c>.</param>
    /// <param name="withPatterns">Also compute patterns.</param>
    /// <param name="withPreActivations">Also compute pre-activations.</param>
    public BatchResult Evaluate(ReadOnlySpan<double> inputs, bool withPatterns = true, bool withPreActivations = false)
    {
        int d = _network.InputDimension;
        int count = inputs.Length / d;
        var outputs = new double[count * _network.OutputDimension];
        var patterns = withPatterns ? new ulong[count * _network.PatternLayout.WordCount] : [];
        var pre = withPreActivations ? new double[count * _network.HiddenNeuronCount] : [];
        Evaluate(inputs, outputs, patterns, pre);
        return new BatchResult(_network, count, outputs, patterns, pre);
    }

    private void RunBlock(
        int blk, int count, ReadOnlySpan<double> inputs, Span<double> outputs, Span<ulong> patterns,
        Span<double> preActivations, Scratch scratch)
    {
        int b = _kernel.BlockSamples;
        int first = blk * b;
        int valid = Math.Min(b, count - first);
        int d = _network.InputDimension;
        var layout = _network.PatternLayout;
        int words = layout.WordCount;

        // Transpose the block's inputs to feature-major; padding samples are zero.
        Span<double> h = scratch.A;
        h[..(d * b)].Clear();
        for (int s = 0; s < valid; s++)
        {
            ReadOnlySpan<double> x = inputs.Slice((first + s) * d, d);
            for (int k = 0; k < d; k++)
            {
                h[k * b + s] = x[k];
            }
        }

        Span<ulong> blockPatterns = patterns.IsEmpty ? default : patterns.Slice(first * words, valid * words);
        blockPatterns.Clear();
        bool keepPre = !preActivations.IsEmpty;
        int hidden = _network.HiddenNeuronCount;
        Span<double> next = scratch.B;
        var layers = _network.Layers;
        for (int k = 0; k < layers.Count; k++)
        {
            DenseLayer layer = layers[k];
            bool isHidden = k < layers.Count - 1;
            Span<double> pre = keepPre && isHidden ? scratch.Pre : default;
            _kernel.Forward(
                layer.Weights, layer.Bias, layer.Outputs, layer.Inputs, h, next, pre, isHidden,
                isHidden ? blockPatterns : default, words, isHidden ? layout.WordOffset(k) : 0, valid);
            if (!pre.IsEmpty)
            {
                int offset = layout.NeuronOffset(k);
                for (int s = 0; s < valid; s++)
                {
                    Span<double> row = preActivations.Slice((first + s) * hidden + offset, layer.Outputs);
                    for (int i = 0; i < row.Length; i++)
                    {
                        row[i] = pre[i * b + s];
                    }
                }
            }

            Span<double> swap = h;
            h = next;
            next = swap;
        }

        int m = _network.OutputDimension;
        for (int s = 0; s < valid; s++)
        {
            Span<double> y = outputs.Slice((first + s) * m, m);
            for (int o = 0; o < m; o++)
            {
                y[o] = h[o * b + s];
            }
        }
    }

    private sealed class Scratch(ReluNetwork network, int block)
    {
        public double[] A { get; } = new double[network.MaxWidth * block];

        public double[] B { get; } = new double[network.MaxWidth * block];

        public double[] Pre { get; } = new double[network.MaxWidth * block];
    }
}
