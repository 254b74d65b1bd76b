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
            Longs(w, s.RegionsPerLayer);
            w.Write(s.Regions);
            w.Write(s.Digest);
            w.Write(s.StableByBounds);
            w.Write(s.SplitNeurons);
            Longs(w, [s.Lp.Solved, s.Lp.Skipped, s.Lp.Retried, s.Lp.Failed]);
            w.Write(s.Frontier.Count);
            foreach (var (layer, rec) in s.Frontier)
            {
                w.Write(layer);
                Write(w, rec);
            }
        }

        return stream.ToArray();
    }

    public static LinearRegionEnumerator.SubtreeResult ReadResult(LinearRegionEnumerator.SearchContext cx, byte[] result)
    {
        using var r = new BinaryReader(new MemoryStream(result));
        long[] perLayer = Longs(r);
        long regions = r.ReadInt64();
        ulong digest = r.ReadUInt64();
        long stable = r.ReadInt64();
        long split = r.ReadInt64();
        long[] lp = Longs(r);
        int count = r.ReadInt32();
        var frontier = new List<(int, Record)>(count);
        for (int i = 0; i < count; i++)
        {
            int layer = r.ReadInt32();
            frontier.Add((layer, Read(cx, layer, r)));
        }

        return new(perLayer, regions, digest, stable, split, new LpStatistics(lp[0], lp[1], lp[2], lp[3]), frontier);
    }

    public static void Longs(BinaryWriter w, ReadOnlySpan<long> values)
    {
        w.Write(values.Length);
        foreach (long v in values)
        {
            w.Write(v);
        }
    }

    public static long[] Longs(BinaryReader r)
    {
        var values = new long[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadInt64();
        }

        return values;
    }

    private static void Write(BinaryWriter w, Record r)
    {
        Doubles(w, r.RowNormals);
        Doubles(w, r.RowOffsets);
        w.Write(r.Bits.Length);
        foreach (ulong b in r.Bits)
        {
            w.Write(b);
        }

        Doubles(w, r.Witness);
        w.Write(r.Slack);
    }

    private static Record Read(LinearRegionEnumerator.SearchContext cx, int layer, BinaryReader r)
    {
        double[] rowNormals = Doubles(r);
        double[] rowOffsets = Doubles(r);
        var bits = new ulong[r.ReadInt32()];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = r.ReadUInt64();
        }

        double[] witness = Doubles(r);
        return LinearRegionEnumerator.Restore(cx, layer, rowNormals, rowOffsets, bits, witness, r.ReadDouble());
    }

    private static void Doubles(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (double v in values)
        {
            w.Write(v);
        }
    }

    private static double[] Doubles(BinaryReader r)
    {
        var values = new double[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadDouble();
        }

        return values;
    }
}
