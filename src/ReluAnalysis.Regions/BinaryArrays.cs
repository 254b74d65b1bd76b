namespace ReluAnalysis.Regions;

/// <summary>Length-prefixed arrays in the byte form of the search's messages (MPI jobs and checkpoints), bit-exact.</summary>
internal static class BinaryArrays
{
    public static void Write(BinaryWriter w, ReadOnlySpan<double> values)
    {
        w.Write(values.Length);
        foreach (double v in values)
        {
            w.Write(v);
        }
    }

    public static void Write(BinaryWriter w, ReadOnlySpan<long> values)
    {
        w.Write(values.Length);
        foreach (long v in values)
        {
            w.Write(v);
        }
    }

    public static double[] ReadDoubles(BinaryReader r)
    {
        var values = new double[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadDouble();
        }

        return values;
    }

    public static long[] ReadLongs(BinaryReader r)
    {
        var values = new long[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadInt64();
        }

        return values;
    }
}
