namespace ReluAnalysis.Datasets;

/// <summary>
/// A synthetic image set with known relevant pixels (spec §8): 12×12 images of N(0, σ) noise with one
/// class-specific 3×3 binary motif planted at one of four candidate positions, plus two class-independent 2×2
/// distractor blobs. The relevant pixels of an image are the motif's "on" pixels.
/// </summary>
public sealed class PlantedMotifDataset
{
    /// <summary>Image side (12).</summary>
    public const int Side = 12;

    /// <summary>Pixels per image (144).</summary>
    public const int PixelCount = Side * Side;

    private static readonly (int Row, int Col)[] Positions = [(1, 1), (1, 8), (8, 1), (8, 8)];

    private PlantedMotifDataset(double[] pixels, int[] labels, bool[] relevant, int classes, bool[][] motifs)
    {
        Pixels = pixels;
        Labels = labels;
        Relevant = relevant;
        ClassCount = classes;
        Motifs = motifs;
    }

    /// <summary>Row-major <c>Count × 144</c> pixels.</summary>
    public double[] Pixels { get; }

    /// <summary>Class of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Row-major <c>Count × 144</c> flags: the planted motif's "on" pixels.</summary>
    public bool[] Relevant { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The 3×3 motif of each class (row-major flags).</summary>
    public IReadOnlyList<bool[]> Motifs { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image <paramref name="index"/>.</summary>
    public double[] Image(int index) => Pixels.AsSpan(index * PixelCount, PixelCount).ToArray();

    /// <summary>Relevant-pixel flags of image <paramref name="index"/>.</summary>
    public bool[] RelevantOf(int index) => Relevant.AsSpan(index * PixelCount, PixelCount).ToArray();

    /// <summary>Generates <paramref name="count"/> images (classes in turn) from a seed.</summary>
    /// <param name="count">Number of images.</param>
    /// <param name="classes">Number of classes, 2..8 (default 4).</param>
    /// <param name="seed">Seed of motifs, positions, noise and distractors.</param>
    /// <param name="noise">Noise standard deviation (default 0.3).</param>
    /// <param name="amplitude">Value added on motif and distractor pixels (default 1.5).</param>
    public static PlantedMotifDataset Generate(int count, int classes = 4, int seed = 0, double noise = 0.3, double amplitude = 1.5)
    {
        Guard.Positive(count, nameof(count));
        if (classes is < 2 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "expected 2..8 classes.");
        }

        var rng = new Random(seed);
        // Distinct motifs with 4 to 6 "on" pixels.
        var motifs = new List<bool[]>();
        var seen = new HashSet<int>();
        while (motifs.Count < classes)
        {
            int bits = rng.Next(512);
            int pop = System.Numerics.BitOperations.PopCount((uint)bits);
            if (pop is < 4 or > 6 || !seen.Add(bits))
            {
                continue;
            }

            motifs.Add(Enumerable.Range(0, 9).Select(i => (bits >> i & 1) == 1).ToArray());
        }

        var pixels = new double[count * PixelCount];
        var relevant = new bool[count * PixelCount];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            int label = s % classes;
            labels[s] = label;
            Span<double> img = pixels.AsSpan(s * PixelCount, PixelCount);
            for (int i = 0; i < PixelCount; i++)
            {
                img[i] = noise * Networks.ReluNetwork.Gaussian(rng);
            }

            var (r0, c0) = Positions[rng.Next(Positions.Length)];
            for (int i = 0; i < 9; i++)
            {
                if (motifs[label][i])
                {
                    int p = (r0 + i / 3) * Side + c0 + i % 3;
                    img[p] += amplitude;
                    relevant[s * PixelCount + p] = true;
                }
            }

            for (int blob = 0; blob < 2; blob++)
            {
                int br, bc;
                do
                {
                    br = rng.Next(Side - 1);
                    bc = rng.Next(Side - 1);
                }
                while (br + 1 >= r0 && br <= r0 + 2 && bc + 1 >= c0 && bc <= c0 + 2);

                for (int dr = 0; dr < 2; dr++)
                {
                    for (int dc = 0; dc < 2; dc++)
                    {
                        img[(br + dr) * Side + bc + dc] += amplitude;
                    }
                }
            }
        }

        return new PlantedMotifDataset(pixels, labels, relevant, classes, motifs.ToArray());
    }
}
