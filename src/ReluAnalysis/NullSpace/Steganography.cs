using System.Diagnostics;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Training;

namespace ReluAnalysis.NullSpace;

/// <summary>
/// Null-space steganography (X. Li and K. M. Short, "Null Space Properties of Neural Networks with Applications to
/// Image Steganography", arXiv 2401.10262): hide an image <c>H</c> in a cover <c>C</c> so that a classifier sees
/// <c>H</c> while a person mostly sees <c>C</c>.
/// </summary>
/// <remarks>
/// <para>With <c>P_N</c>, <c>P_R</c> the projections onto the null and row spaces of the first layer's <c>W₁</c>
/// (<see cref="NullSpaceProjector"/>), <c>S = P_N C + P_R H</c> gives <c>W₁S = W₁H</c> and so <c>f(S) = f(H)</c> for
/// any network with that first layer. The identity is exact linear algebra; the paper's full text was not available,
/// so its partial-null-space definitions, CNN treatment and success figures are not reproduced (spec module C).</para>
/// <para>The local method goes beyond the paper: on the activation region of <c>H</c> the network is the affine map
/// <c>A_σ x + c_σ</c> (<see cref="LocalAffineMap"/>), whose null space contains <c>ker W₁</c> and is usually larger;
/// moving along it keeps the logits exactly while the point stays in the region (<see cref="RegionStep"/> on the
/// engine's <see cref="PatternEngine.RegionRows"/>).</para>
/// </remarks>
public static class Steganography
{
    /// <summary>Layer sizes of the default digits classifier: the first layer (16) is narrower than the 64 inputs,
    /// so <c>W₁</c> has a null space of dimension at least 48.</summary>
    public static IReadOnlyList<int> DigitsClassifierSizes { get; } = [DigitsDataset.PixelCount, 16, 16, DigitsDataset.ClassCount];

    /// <summary>The exact embedding <c>S = P_N C + P_R H</c>: <c>P_R S = P_R H</c> and <c>P_N S = P_N C</c>.</summary>
    /// <param name="split">The row/null-space split (usually <see cref="NullSpaceProjector.ForFirstLayer"/>).</param>
    /// <param name="cover">The cover <c>C</c>, length D.</param>
    /// <param name="hidden">The hidden image <c>H</c>, length D.</param>
    public static double[] Embed(NullSpaceProjector split, ReadOnlySpan<double> cover, ReadOnlySpan<double> hidden)
    {
        ArgumentNullException.ThrowIfNull(split);
        var s = new double[split.InputDimension];
        Embed(split, cover, hidden, s);
        return s;
    }

    /// <summary><c>S = P_N C + P_R H = C + P_R (H − C)</c> into <paramref name="destination"/> (length D). Cost <c>O(D r)</c>.</summary>
    public static void Embed(NullSpaceProjector split, ReadOnlySpan<double> cover, ReadOnlySpan<double> hidden, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(split);
        int d = split.InputDimension;
        Guard.Length(cover.Length, d, nameof(cover));
        Guard.Length(hidden.Length, d, nameof(hidden));
        Guard.Length(destination.Length, d, nameof(destination));
        Guard.Finite(cover, nameof(cover));
        Guard.Finite(hidden, nameof(hidden));
        var pc = new double[d];
        split.ProjectOntoNullSpace(cover, pc);
        split.ProjectOntoRowSpace(hidden, destination);
        for (int t = 0; t < d; t++)
        {
            destination[t] += pc[t];
        }
    }

    /// <summary>
    /// The symmetric variant <c>S' = P_R C + P_N H</c>: the network sees the cover (<c>f(S') = f(C)</c>) while the
    /// null-space content comes from <c>H</c>. Equal to <c>Embed(split, hidden, cover)</c>.
    /// </summary>
    public static double[] EmbedSymmetric(NullSpaceProjector split, ReadOnlySpan<double> cover, ReadOnlySpan<double> hidden) =>
        Embed(split, hidden, cover);

    /// <summary>
    /// The practical recipe <c>S = (α P_N C + (1 − α) P_R H) · m / max_i |α P_N C + (1 − α) P_R H|_i</c>, rescaled so
    /// that <c>max |S| = m</c> (<paramref name="displayMax"/>); all zeros if the blend is zero.
    /// </summary>
    /// <param name="split">The row/null-space split.</param>
    /// <param name="cover">The cover <c>C</c>.</param>
    /// <param name="hidden">The hidden image <c>H</c>.</param>
    /// <param name="alpha">α in [0, 1].</param>
    /// <param name="displayMax">m &gt; 0 (default 1).</param>
    /// <remarks><c>W₁S</c> is a positive multiple of <c>W₁H</c>, but the biases are not scaled, so <c>f(S) ≠ f(H)</c> in
    /// general and the hidden class is only usually kept (<see cref="Statistics"/> measures how often).</remarks>
    public static double[] Blend(NullSpaceProjector split, ReadOnlySpan<double> cover, ReadOnlySpan<double> hidden, double alpha, double displayMax = 1.0)
    {
        ArgumentNullException.ThrowIfNull(split);
        var options = new StegoOptions { Alpha = alpha, DisplayMax = displayMax };
        options.Validate();
        int d = split.InputDimension;
        Guard.Length(cover.Length, d, nameof(cover));
        Guard.Length(hidden.Length, d, nameof(hidden));
        Guard.Finite(cover, nameof(cover));
        Guard.Finite(hidden, nameof(hidden));
        double[] pc = split.ProjectOntoNullSpace(cover);
        double[] s = split.ProjectOntoRowSpace(hidden);
        double max = 0;
        for (int t = 0; t < d; t++)
        {
            s[t] = alpha * pc[t] + (1 - alpha) * s[t];
            max = Math.Max(max, Math.Abs(s[t]));
        }

        if (max > 0)
        {
            double scale = displayMax / max;
            for (int t = 0; t < d; t++)
            {
                s[t] *= scale;
            }
        }

        return s;
    }

    /// <summary>Hides <paramref name="hidden"/> in <paramref name="cover"/> for <paramref name="network"/> and reports the logits,
    /// classes, image quality and, for the local method, the step.</summary>
    /// <param name="network">The classifier.</param>
    /// <param name="cover">The cover, length <c>network.InputDimension</c>.</param>
    /// <param name="hidden">The hidden image, same length.</param>
    /// <param name="options">Options; <see langword="null"/> for defaults (exact method).</param>
    /// <exception cref="ArgumentException">A length does not match the network, a value is not finite, or an option is out of range.</exception>
    public static StegoResult Hide(ReluNetwork network, ReadOnlySpan<double> cover, ReadOnlySpan<double> hidden, StegoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new StegoOptions();
        options.Validate();
        CheckImage(network, cover, nameof(cover));
        CheckImage(network, hidden, nameof(hidden));
        var first = NullSpaceProjector.ForFirstLayer(network, options.RelativeTolerance);
        double[] c = cover.ToArray(), h = hidden.ToArray();
        return HideWith(network, first, c, h, network.Evaluate(c), network.Evaluate(h), network.PatternAt(h), options);
    }

    /// <summary>
    /// Success statistics over <see cref="StegoStatisticsOptions.Pairs"/> random (cover, hidden) pairs of distinct rows of
    /// <paramref name="images"/>, for the exact, blended and local methods on the same pairs.
    /// </summary>
    /// <param name="network">The classifier.</param>
    /// <param name="images">Row-major <c>count × D</c> pool of images, <c>count ≥ 2</c>.</param>
    /// <param name="options">Options; <see langword="null"/> for defaults.</param>
    /// <param name="progress">Receives <c>("pairs", done, total)</c> after every block of pairs.</param>
    /// <param name="cancellationToken">Checked between blocks of pairs.</param>
    /// <remarks>Pairs are drawn first from one seeded generator (cover uniform, hidden uniform among the other rows), then
    /// evaluated in parallel into per-pair slots and reduced in order, so results do not depend on the thread count.
    /// Cost per pair: <c>O(D r)</c> for the projections, plus one local affine map, region and Jacobian SVD for the local method.</remarks>
    public static StegoStatistics Statistics(
        ReluNetwork network, ReadOnlySpan<double> images, StegoStatisticsOptions? options = null,
        IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new StegoStatisticsOptions();
        Guard.Positive(options.Pairs, "options.Pairs");
        ArgumentNullException.ThrowIfNull(options.Embedding, "options.Embedding");
        options.Embedding.Validate();
        int d = network.InputDimension;
        if (images.Length % d != 0 || images.Length < 2 * d)
        {
            throw new ArgumentException($"images has length {images.Length}; expected a multiple of the input size {d} with at least two images.", nameof(images));
        }

        Guard.Finite(images, nameof(images));
        var watch = Stopwatch.StartNew();
        int count = images.Length / d;
        int pairs = options.Pairs;
        var rng = new Random(options.Seed);
        var coverRow = new int[pairs];
        var hiddenRow = new int[pairs];
        for (int p = 0; p < pairs; p++)
        {
            coverRow[p] = rng.Next(count);
            int h = rng.Next(count - 1);
            hiddenRow[p] = h >= coverRow[p] ? h + 1 : h;
        }

        double[] pool = images.ToArray();
        var first = NullSpaceProjector.ForFirstLayer(network, options.Embedding.RelativeTolerance);
        var methods = new[] { StegoMethod.Exact, StegoMethod.Blended, StegoMethod.Local };
        var results = new StegoResult[methods.Length, pairs];
        int workers = Parallelism.Resolve(options.MaxDegreeOfParallelism);
        const int Block = 100;
        for (int start = 0; start < pairs; start += Block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int end = Math.Min(pairs, start + Block);
            Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, p =>
            {
                double[] c = pool.AsSpan(coverRow[p] * d, d).ToArray();
                double[] h = pool.AsSpan(hiddenRow[p] * d, d).ToArray();
                double[] yc = network.Evaluate(c), yh = network.Evaluate(h);
                ActivationPattern sigma = network.PatternAt(h);
                for (int m = 0; m < methods.Length; m++)
                {
                    results[m, p] = HideWith(network, first, c, h, yc, yh, sigma, options.Embedding with { Method = methods[m] });
                }
            });
            progress?.Report(new OperationProgress("pairs", end, pairs, watch.Elapsed));
        }

        int different = 0;
        double localNull = 0;
        for (int p = 0; p < pairs; p++)
        {
            different += results[0, p].ClassCover != results[0, p].ClassHidden ? 1 : 0;
            localNull += results[2, p].LocalNullDimension!.Value;
        }

        var summaries = new StegoMethodStatistics[methods.Length];
        for (int m = 0; m < methods.Length; m++)
        {
            int kept = 0, coverClass = 0, patternKept = 0, full = 0, finitePsnr = 0;
            double maxDiff = 0, psnr = 0, ssim = 0, step = 0;
            for (int p = 0; p < pairs; p++)
            {
                StegoResult r = results[m, p];
                kept += r.ClassStego == r.ClassHidden ? 1 : 0;
                coverClass += r.ClassStego == r.ClassCover ? 1 : 0;
                patternKept += r.PatternKept ? 1 : 0;
                maxDiff = Math.Max(maxDiff, r.MaxLogitDifference);
                if (double.IsFinite(r.PsnrStegoCover))
                {
                    psnr += r.PsnrStegoCover;
                    finitePsnr++;
                }

                ssim += r.SsimStegoCover;
                if (r.Step is double t)
                {
                    step += t;
                    full += t >= 1 ? 1 : 0;
                }
            }

            bool local = methods[m] == StegoMethod.Local;
            summaries[m] = new StegoMethodStatistics(
                methods[m], (double)kept / pairs, (double)coverClass / pairs, maxDiff,
                finitePsnr > 0 ? psnr / finitePsnr : double.PositiveInfinity, ssim / pairs, (double)patternKept / pairs,
                local ? step / pairs : double.NaN, local ? (double)full / pairs : double.NaN);
        }

        return new StegoStatistics(pairs, different, first.Rank, first.NullDimension, localNull / pairs, summaries[0], summaries[1], summaries[2], watch.Elapsed);
    }

    /// <summary>
    /// Trains the default steganography classifier, a <see cref="DigitsClassifierSizes"/> (64-16-16-10) MLP, on a
    /// stratified 80 % of <paramref name="digits"/> (split seed 0) with <see cref="MlpTrainer"/> (Adam, 40 epochs,
    /// batch 32, learning rate 1e-3) and reports the accuracy on the other 20 %.
    /// </summary>
    /// <param name="digits">The 8×8 digits.</param>
    /// <param name="seed">Initialisation and shuffle seed (default 1); the same seed gives the same network.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public static StegoClassifier TrainDigitsClassifier(DigitsDataset digits, int seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var (train, test) = DataSplit.Stratified(digits.Labels, 0.2, 0);
        TrainingResult trained = MlpTrainer.TrainClassifier(
            DigitsClassifierSizes, digits.Rows(train), digits.LabelsOf(train), new TrainingOptions { Epochs = 40, Seed = seed },
            cancellationToken: cancellationToken);
        double accuracy = MlpTrainer.Accuracy(trained.Network, digits.Rows(test), digits.LabelsOf(test));
        return new StegoClassifier(trained.Network, accuracy, train, test, trained.Elapsed);
    }

    /// <summary>One embedding of a pair whose logits <paramref name="yc"/>, <paramref name="yh"/> and hidden pattern are known.</summary>
    private static StegoResult HideWith(
        ReluNetwork network, NullSpaceProjector first, double[] cover, double[] hidden, double[] yc, double[] yh, ActivationPattern hiddenPattern, StegoOptions options)
    {
        int d = network.InputDimension;
        double[] stego;
        int? localRank = null, localNull = null;
        double? maxStep = null, step = null;
        switch (options.Method)
        {
            case StegoMethod.Blended:
                stego = Blend(first, cover, hidden, options.Alpha, options.DisplayMax);
                break;
            case StegoMethod.Local:
            {
                stego = Embed(first, cover, hidden);
                var local = NullSpaceProjector.ForRegion(network, hiddenPattern, options.RelativeTolerance);
                localRank = local.Rank;
                localNull = local.NullDimension;

                // Direction (P_R1 − P_Rσ)(C − H): in the row space of W₁ (so it moves the pre-activations) but in
                // ker A_σ (so the region's affine map does not change along it).
                var e = new double[d];
                for (int t = 0; t < d; t++)
                {
                    e[t] = cover[t] - hidden[t];
                }

                double[] dir = first.ProjectOntoRowSpace(e);
                double[] seen = local.ProjectOntoRowSpace(e);
                for (int t = 0; t < d; t++)
                {
                    dir[t] -= seen[t];
                }

                int neurons = network.HiddenNeuronCount;
                var normals = new double[neurons * d];
                var offsets = new double[neurons];
                network.Engine.RegionRows(PatternMask.From(hiddenPattern), normals, offsets);
                double tMax = RegionStep.Largest(normals, offsets, stego, dir);
                double tStep = Math.Min(1.0, options.StepFraction * tMax);
                for (int t = 0; t < d; t++)
                {
                    stego[t] += tStep * dir[t];
                }

                maxStep = tMax;
                step = tStep;
                break;
            }

            default:
                stego = Embed(first, cover, hidden);
                break;
        }

        double[] ys = network.Evaluate(stego);
        double diff = 0;
        for (int o = 0; o < ys.Length; o++)
        {
            diff = Math.Max(diff, Math.Abs(ys[o] - yh[o]));
        }

        return new StegoResult
        {
            Method = options.Method,
            Rank = first.Rank,
            NullDimension = first.NullDimension,
            LocalRank = localRank,
            LocalNullDimension = localNull,
            Cover = cover,
            Hidden = hidden,
            Stego = stego,
            Seen = first.ProjectOntoRowSpace(stego),
            LogitsCover = (double[])yc.Clone(),
            LogitsHidden = (double[])yh.Clone(),
            LogitsStego = ys,
            ClassCover = Kernels.LogitOps.ArgMax(yc),
            ClassHidden = Kernels.LogitOps.ArgMax(yh),
            ClassStego = Kernels.LogitOps.ArgMax(ys),
            MaxLogitDifference = diff,
            PsnrStegoCover = ImageQuality.Psnr(cover, stego, options.Peak),
            SsimStegoCover = ImageQuality.GlobalSsim(cover, stego, options.Peak),
            PatternKept = network.PatternAt(stego) == hiddenPattern,
            MaxStep = maxStep,
            Step = step,
        };
    }

    private static void CheckImage(ReluNetwork network, ReadOnlySpan<double> x, string name)
    {
        if (x.Length != network.InputDimension)
        {
            throw new ArgumentException($"{name} has {x.Length} values; the network expects {network.InputDimension} inputs.", name);
        }

        Guard.Finite(x, name);
    }
}
