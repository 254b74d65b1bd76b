using System.Collections.Concurrent;
using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Arrangements;
using ReluAnalysis.Regions.Lp;

namespace ReluAnalysis.Regions.Barrier;

// One level of the breadth-first region search: its regions processed by threads, or as jobs of
// BarrierOptions.JobRunner (another process runs Process and sends the result back in the byte form below).
internal sealed partial class SublevelSearch
{
    private RegionResult[] ProcessLevel(PreparedArrangement prep, List<RegionCode> current, HashSet<RegionCode> visited, ConcurrentBag<CellLp> pool, CancellationToken ct)
    {
        var results = new RegionResult[current.Count];
        if (_options.JobRunner is not { } runner)
        {
            Parallel.For(0, current.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = ct }, i =>
            {
                if (!pool.TryTake(out CellLp? lp))
                {
                    lp = prep.Problem.CreateLp(_counters);
                }

                results[i] = Process(prep, current[i], visited, lp, _counters);
                pool.Add(lp);
            });
            return results;
        }

        byte[] Job(int i, CancellationToken token)
        {
            token.ThrowIfCancellationRequested();
            var local = new LpCounters();
            CellLp lp = prep.Problem.CreateLp(local);
            RegionResult r = Process(prep, current[i], visited, lp, local);
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream))
            {
                Write(w, r);
                local.WriteTo(w);
            }

            return stream.ToArray();
        }

        byte[][] raw = runner(current.Count, Job, ct);
        for (int i = 0; i < raw.Length; i++)
        {
            using var reader = new BinaryReader(new MemoryStream(raw[i]));
            results[i] = Read(reader, current[i]);
            _counters.AddFrom(reader);
        }

        return results;
    }

    private static void Write(BinaryWriter w, RegionResult r)
    {
        w.Write(r.Piece is not null);
        if (r.Piece is { } p)
        {
            w.Write(p.Pattern);
            w.Write(p.Polytope.Dimension);
            w.Write(p.Polytope.HalfSpaces.Count);
            foreach (HalfSpace h in p.Polytope.HalfSpaces)
            {
                BinaryArrays.Write(w, h.Normal);
                w.Write(h.Offset);
            }

            BinaryArrays.Write(w, p.Gradient);
            w.Write(p.Offset);
            BinaryArrays.Write(w, p.Witness);
            w.Write(p.Radius);
            w.Write(p.Separations.Count);
            foreach (SeparationCertificate c in p.Separations)
            {
                w.Write((int)c.Kind);
                w.Write(c.Target);
                w.Write(c.Gap);
                BinaryArrays.Write(w, c.Multipliers);
            }
        }

        w.Write(r.Failure is { } f ? (int)f : -1);
        w.Write(r.Reason is not null);
        w.Write(r.Reason ?? "");
        w.Write(r.Witness is not null);
        if (r.Witness is not null)
        {
            BinaryArrays.Write(w, r.Witness);
        }

        w.Write(r.Enqueue.Count);
        foreach (int k in r.Enqueue)
        {
            w.Write(k);
        }

        w.Write(r.Touching.Count);
        foreach (var (plane, x) in r.Touching)
        {
            w.Write(plane);
            BinaryArrays.Write(w, x);
        }

        w.Write(r.Skipped);
    }

    private static RegionResult Read(BinaryReader r, RegionCode code)
    {
        var result = new RegionResult { Code = code };
        if (r.ReadBoolean())
        {
            string pattern = r.ReadString();
            int dimension = r.ReadInt32();
            var rows = new HalfSpace[r.ReadInt32()];
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = new HalfSpace(BinaryArrays.ReadDoubles(r), r.ReadDouble());
            }

            double[] gradient = BinaryArrays.ReadDoubles(r);
            double offset = r.ReadDouble();
            double[] witness = BinaryArrays.ReadDoubles(r);
            double radius = r.ReadDouble();
            var separations = new SeparationCertificate[r.ReadInt32()];
            for (int i = 0; i < separations.Length; i++)
            {
                separations[i] = new SeparationCertificate((SeparationKind)r.ReadInt32(), r.ReadInt32(), r.ReadDouble(), BinaryArrays.ReadDoubles(r));
            }

            result.Piece = new BarrierPiece(pattern, new Polytope(dimension, rows), gradient, offset, witness, radius, separations);
        }

        int failure = r.ReadInt32();
        result.Failure = failure < 0 ? null : (BarrierStatus)failure;
        bool hasReason = r.ReadBoolean();
        string reason = r.ReadString();
        result.Reason = hasReason ? reason : null;
        result.Witness = r.ReadBoolean() ? BinaryArrays.ReadDoubles(r) : null;
        int enqueue = r.ReadInt32();
        for (int i = 0; i < enqueue; i++)
        {
            result.Enqueue.Add(r.ReadInt32());
        }

        int touching = r.ReadInt32();
        for (int i = 0; i < touching; i++)
        {
            result.Touching.Add((r.ReadInt32(), BinaryArrays.ReadDoubles(r)));
        }

        result.Skipped = r.ReadInt64();
        return result;
    }
}
