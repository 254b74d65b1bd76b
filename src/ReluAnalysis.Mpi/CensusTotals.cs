using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions;
using ReluAnalysis.Regions.NetworkRegions;

namespace ReluAnalysis.Mpi;

/// <summary>
/// Rank 0's running sums of a census, and their checkpoint file: the sums plus every unfinished subproblem. Each record
/// is counted when it is created and its subtree when its result arrives, so sums + unfinished subtrees = the census.
/// </summary>
internal sealed class CensusTotals
{
    private const string Magic = "ReluAnalysis census checkpoint v2";

    public CensusTotals(int hiddenLayers) => PerLayer = new long[hiddenLayers];

    public long[] PerLayer { get; private set; }

    public long Regions { get; private set; }

    public ulong Digest { get; private set; }

    public long Stable { get; private set; }

    public long Split { get; private set; }

    public long[] Lp { get; private set; } = new long[4];

    public void Add(LinearRegionEnumerator.SubtreeResult s)
    {
        for (int k = 0; k < PerLayer.Length; k++)
        {
            PerLayer[k] += s.RegionsPerLayer[k];
        }

        Regions += s.Regions;
        Digest += s.Digest;
        Stable += s.StableByBounds;
        Split += s.SplitNeurons;
        Lp[0] += s.Lp.Solved;
        Lp[1] += s.Lp.Skipped;
        Lp[2] += s.Lp.Retried;
        Lp[3] += s.Lp.Failed;
    }

    /// <summary>A fingerprint of what a checkpoint belongs to: the network's weights, the box and the tolerance.</summary>
    public static ulong Fingerprint(ReluNetwork network, Box box, double tolerance)
    {
        var words = new List<ulong>();
        foreach (DenseLayer layer in network.Layers)
        {
            words.Add((ulong)layer.Outputs << 32 | (uint)layer.Inputs);
            for (int i = 0; i < layer.Outputs; i++)
            {
                foreach (double w in layer.Row(i))
                {
                    words.Add(BitConverter.DoubleToUInt64Bits(w));
                }

                words.Add(BitConverter.DoubleToUInt64Bits(layer.Bias[i]));
            }
        }

        for (int j = 0; j < box.Dimension; j++)
        {
            words.Add(BitConverter.DoubleToUInt64Bits(box.Lower[j]));
            words.Add(BitConverter.DoubleToUInt64Bits(box.Upper[j]));
        }

        words.Add(BitConverter.DoubleToUInt64Bits(tolerance));
        return LinearRegionResult.DigestOf(words.ToArray());
    }

    /// <summary>Writes the sums and <paramref name="unfinished"/> to <paramref name="path"/> atomically (temp file, then rename).</summary>
    public void Save(string path, ulong fingerprint, long nextId, IReadOnlyList<byte[]> unfinished)
    {
        string temp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(temp)))
        {
            w.Write(Magic);
            w.Write(fingerprint);
            BinaryArrays.Write(w, PerLayer);
            w.Write(Regions);
            w.Write(Digest);
            w.Write(Stable);
            w.Write(Split);
            BinaryArrays.Write(w, Lp);
            w.Write(nextId);
            w.Write(unfinished.Count);
            foreach (byte[] task in unfinished)
            {
                w.Write(task.Length);
                w.Write(task);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/> for the same fingerprint.</summary>
    /// <exception cref="FormatException">Not a census checkpoint, truncated, or of another network, box or tolerance.</exception>
    public static (CensusTotals Totals, long NextId, List<byte[]> Unfinished) Load(string path, ulong fingerprint, int hiddenLayers)
    {
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            if (r.ReadString() != Magic)
            {
                throw new FormatException($"{path}: not a census checkpoint; expected a file written by --checkpoint.");
            }

            if (r.ReadUInt64() != fingerprint)
            {
                throw new FormatException($"{path}: the checkpoint belongs to another network, box or tolerance; expected the run's own.");
            }

            var totals = new CensusTotals(hiddenLayers) { PerLayer = BinaryArrays.ReadLongs(r) };
            if (totals.PerLayer.Length != hiddenLayers)
            {
                throw new FormatException($"{path}: {totals.PerLayer.Length} layer counts; expected {hiddenLayers}.");
            }

            totals.Regions = r.ReadInt64();
            totals.Digest = r.ReadUInt64();
            totals.Stable = r.ReadInt64();
            totals.Split = r.ReadInt64();
            totals.Lp = BinaryArrays.ReadLongs(r);
            long nextId = r.ReadInt64();
            int count = r.ReadInt32();
            var tasks = new List<byte[]>(count);
            for (int i = 0; i < count; i++)
            {
                tasks.Add(r.ReadBytes(r.ReadInt32()));
            }

            return (totals, nextId, tasks);
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException($"{path}: the checkpoint is truncated; expected a complete file (checkpoints are renamed into place when whole).", e);
        }
    }
}
