using System.Text.Json;

namespace ReluAnalysis.Proofs;

/// <summary>Sparse multipliers: <c>[[row, y], …]</c>.</summary>
internal sealed record SparseMultipliers(IReadOnlyList<(int Index, double Y)> Entries);

internal sealed record ClosureEntry(int[] Neurons, SparseMultipliers? Facet, int[]? EmptySupport, string Path);

internal sealed record CellEntry(double[] Lo, double[] Hi, SparseMultipliers Y);

internal sealed record PieceBoxEntry(double[] Lo, double[] Hi, IReadOnlyList<SparseMultipliers> Y);

internal sealed record PieceEntry(
    string Pattern,
    double[] Witness,
    PieceBoxEntry? Box,
    IReadOnlyList<CellEntry> Cells,
    IReadOnlyList<(int Face, SparseMultipliers Y)> Domain,
    IReadOnlyList<(int Polytope, SparseMultipliers Y)> Unsafe,
    IReadOnlyList<ClosureEntry> Closure,
    SparseMultipliers? Decrease,
    string Path);

/// <summary>
/// A barrier proof file as read (format <c>relu-barrier-proof</c>, version 1; see the README's "Proofs" section).
/// Malformed input raises <see cref="FormatException"/> naming the file and the JSON path.
/// </summary>
internal sealed record BarrierProofDocument(string System, double Level, int CellsPerAxis, double MinCellWidth, IReadOnlyList<PieceEntry> Pieces)
{
    public const string FormatName = "relu-barrier-proof";

    public static BarrierProofDocument Parse(string json, string source)
    {
        using (JsonDocument doc = ProofJsonReader.ParseDocument(json, source))
        {
            var r = new ProofJsonReader(source);
            JsonElement root = doc.RootElement;
            r.Header(root, FormatName, 1);
            string system = r.String(r.Required(root, "system", "$"), "$.system");
            double level = r.Double(r.Required(root, "level", "$"), "$.level");
            int cellsPerAxis = 0;
            double minWidth = 0;
            if (root.TryGetProperty("stage1", out JsonElement st))
            {
                r.Object(st, "$.stage1");
                cellsPerAxis = r.Int(r.Required(st, "cellsPerAxis", "$.stage1"), "$.stage1.cellsPerAxis");
                minWidth = r.Double(r.Required(st, "minCellWidth", "$.stage1"), "$.stage1.minCellWidth");
                if (cellsPerAxis < 1 || cellsPerAxis > 1024 || !(minWidth > 0))
                {
                    throw new FormatException($"{source}: $.stage1: cellsPerAxis = {cellsPerAxis}, minCellWidth = {minWidth}; expected 1..1024 and a positive width.");
                }
            }

            JsonElement pieces = r.Required(root, "pieces", "$");
            r.Array(pieces, "$.pieces");
            var list = new List<PieceEntry>();
            int i = 0;
            foreach (JsonElement p in pieces.EnumerateArray())
            {
                list.Add(ReadPiece(r, p, $"$.pieces[{i++}]"));
            }

            return new BarrierProofDocument(system, level, cellsPerAxis, minWidth, list);
        }
    }

    private static PieceEntry ReadPiece(ProofJsonReader r, JsonElement p, string path)
    {
        r.Object(p, path);
        string pattern = r.String(r.Required(p, "pattern", path), path + ".pattern");
        double[] witness = r.Doubles(r.Required(p, "witness", path), path + ".witness");
        var domain = new List<(int, SparseMultipliers)>();
        if (p.TryGetProperty("domain", out JsonElement d))
        {
            r.Array(d, path + ".domain");
            int k = 0;
            foreach (JsonElement e in d.EnumerateArray())
            {
                string q = $"{path}.domain[{k++}]";
                r.Object(e, q);
                domain.Add((r.Int(r.Required(e, "face", q), q + ".face"), r.Sparse(r.Required(e, "y", q), q + ".y")));
            }
        }

        var unsafeList = new List<(int, SparseMultipliers)>();
        if (p.TryGetProperty("unsafe", out JsonElement u))
        {
            r.Array(u, path + ".unsafe");
            int k = 0;
            foreach (JsonElement e in u.EnumerateArray())
            {
                string q = $"{path}.unsafe[{k++}]";
                r.Object(e, q);
                unsafeList.Add((r.Int(r.Required(e, "polytope", q), q + ".polytope"), r.Sparse(r.Required(e, "y", q), q + ".y")));
            }
        }

        var closure = new List<ClosureEntry>();
        if (p.TryGetProperty("closure", out JsonElement c))
        {
            r.Array(c, path + ".closure");
            int k = 0;
            foreach (JsonElement e in c.EnumerateArray())
            {
                string q = $"{path}.closure[{k++}]";
                r.Object(e, q);
                int[] neurons = r.Ints(r.Required(e, "neurons", q), q + ".neurons");
                SparseMultipliers? facet = e.TryGetProperty("facet", out JsonElement f) ? r.Sparse(f, q + ".facet") : null;
                int[]? empty = e.TryGetProperty("emptySupport", out JsonElement s) ? r.Ints(s, q + ".emptySupport") : null;
                if ((facet is null) == (empty is null))
                {
                    throw new FormatException($"{r.Source}: {q}: expected exactly one of \"facet\" and \"emptySupport\".");
                }

                closure.Add(new ClosureEntry(neurons, facet, empty, q));
            }
        }

        PieceBoxEntry? box = null;
        if (p.TryGetProperty("box", out JsonElement b))
        {
            string q = path + ".box";
            r.Object(b, q);
            JsonElement ys = r.Required(b, "y", q);
            r.Array(ys, q + ".y");
            box = new PieceBoxEntry(r.Doubles(r.Required(b, "lo", q), q + ".lo"), r.Doubles(r.Required(b, "hi", q), q + ".hi"),
                ys.EnumerateArray().Select((e, k) => r.Sparse(e, $"{q}.y[{k}]")).ToList());
        }

        var cells = new List<CellEntry>();
        if (p.TryGetProperty("cells", out JsonElement cs))
        {
            r.Array(cs, path + ".cells");
            int k = 0;
            foreach (JsonElement e in cs.EnumerateArray())
            {
                string q = $"{path}.cells[{k++}]";
                r.Object(e, q);
                cells.Add(new CellEntry(r.Doubles(r.Required(e, "lo", q), q + ".lo"), r.Doubles(r.Required(e, "hi", q), q + ".hi"), r.Sparse(r.Required(e, "y", q), q + ".y")));
            }
        }

        SparseMultipliers? decrease = p.TryGetProperty("decrease", out JsonElement dec) && dec.ValueKind != JsonValueKind.Null
            ? r.Sparse(dec, path + ".decrease")
            : null;
        return new PieceEntry(pattern, witness, box, cells, domain, unsafeList, closure, decrease, path);
    }
}
