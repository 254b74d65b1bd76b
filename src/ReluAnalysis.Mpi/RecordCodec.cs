using ReluAnalysis.Regions;
using ReluAnalysis.Regions.NetworkRegions;
using Record = ReluAnalysis.Regions.NetworkRegions.LinearRegionEnumerator.Record;

namespace ReluAnalysis.Mpi;

/// <summary>
/// Bit-exact binary form of the census's subproblems (a record and the layer it splits next) and results. A record is
/// sent as its rows, pattern bits, witness and slack; the receiver re-derives its symbolic state from the bits
/// (<see cref="LinearRegionEnumerator.Restore"/>).
/// </summary>
internal static class RecordCodec
{
    public static byte[] Task(int layer, Record r)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(layer);
            Write(w, r);
        }

        return stream.ToArray();
    }

    public static (int Layer, Record Record) ReadTask(LinearRegionEnumerator.SearchContext cx, byte[] task)
    {
        using var r = new BinaryReader(new MemoryStream(task));
        int layer = r.ReadInt32();
        return (layer, Read(cx, layer, r));
    }

    public static byte[] Result(LinearRegionEnumerator.SubtreeResult s)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            BinaryArrays.Write(w, s.RegionsPerLayer);
            w.Write(s.Regions);
            w.Write(s.Digest);
            w.Write(s.StableByBounds);
            w.Write(s.SplitNeurons);
            BinaryArrays.Write(w, [s.Lp.Solved, s.Lp.Skipped, s.Lp.Retried, s.Lp.Failed]);
            w.Write(s.Frontier.Count);
            foreach (var (layer, rec) in s.Frontier)
            {
                byte[] task = Task(layer, rec);
                w.Write(task.Length);
                w.Write(task);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A result's totals (with an empty frontier) and its frontier as task messages, passed on without decoding.</summary>
    public static (LinearRegionEnumerator.SubtreeResult Totals, List<byte[]> Tasks) ReadResult(byte[] result)
    {
        using var r = new BinaryReader(new MemoryStream(result));
        long[] perLayer = BinaryArrays.ReadLongs(r);
        long regions = r.ReadInt64();
        ulong digest = r.ReadUInt64();
        long stable = r.ReadInt64();
        long split = r.ReadInt64();
        long[] lp = BinaryArrays.ReadLongs(r);
        int count = r.ReadInt32();
        var tasks = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            tasks.Add(r.ReadBytes(r.ReadInt32()));
        }

        return (new(perLayer, regions, digest, stable, split, new LpStatistics(lp[0], lp[1], lp[2], lp[3]), []), tasks);
    }

    private static void Write(BinaryWriter w, Record r)
    {
        BinaryArrays.Write(w, r.RowNormals);
        BinaryArrays.Write(w, r.RowOffsets);
        w.Write(r.Bits.Length);
        foreach (ulong b in r.Bits)
        {
            w.Write(b);
        }

        BinaryArrays.Write(w, r.Witness);
        w.Write(r.Slack);
    }

    private static Record Read(LinearRegionEnumerator.SearchContext cx, int layer, BinaryReader r)
    {
        double[] rowNormals = BinaryArrays.ReadDoubles(r);
        double[] rowOffsets = BinaryArrays.ReadDoubles(r);
        var bits = new ulong[r.ReadInt32()];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = r.ReadUInt64();
        }

        double[] witness = BinaryArrays.ReadDoubles(r);
        return LinearRegionEnumerator.Restore(cx, layer, rowNormals, rowOffsets, bits, witness, r.ReadDouble());
    }
}
