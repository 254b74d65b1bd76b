using System.Text.Json;

namespace ReluAnalysis.Proofs;

/// <summary>One exclusion of a proof node: disjunct <c>u</c> is empty on the node's box by multipliers <c>y</c> on its rows.</summary>
internal sealed record ProofExclusion(int Disjunct, int LowerSlopes, SparseMultipliers Y, string Path);

/// <summary>One node of a verification proof's tree (pre-order): a split at <c>x_j = v</c>, or a leaf; with its exclusions.</summary>
internal sealed record ProofTreeNode(bool IsSplit, int SplitDimension, double SplitValue, IReadOnlyList<ProofExclusion> Exclusions);

/// <summary>The property as the proof states it: input boxes and unsafe disjuncts <c>{y : G y ≤ h}</c>.</summary>
internal sealed record ProofProperty(IReadOnlyList<(double[] Lower, double[] Upper)> Inputs, IReadOnlyList<(double[][] G, double[] H)> Unsafe);

/// <summary>
/// A verification proof file as read (format <c>relu-verification-proof</c>, version 1; written by
/// <c>relu verify … --proof</c>, documented in the README's "Proofs" section). Malformed input raises
/// <see cref="FormatException"/> naming the file and the JSON path.
/// </summary>
internal sealed record VerificationProofDocument(string Sha256, int[] Layers, ProofProperty Property, IReadOnlyList<IReadOnlyList<ProofTreeNode>> Pieces)
{
    public const string FormatName = "relu-verification-proof";

    public static VerificationProofDocument Parse(string json, string source)
    {
        using JsonDocument doc = ProofJsonReader.ParseDocument(json, source);
        var r = new ProofJsonReader(source);
        JsonElement root = doc.RootElement;
        r.Header(root, FormatName, 1);
        JsonElement net = r.Required(root, "network", "$");
        r.Object(net, "$.network");
        string sha = r.String(r.Required(net, "sha256", "$.network"), "$.network.sha256");
        int[] layers = r.Ints(r.Required(net, "layers", "$.network"), "$.network.layers");

        JsonElement prop = r.Required(root, "property", "$");
        r.Object(prop, "$.property");
        JsonElement inputs = r.Required(prop, "inputs", "$.property");
        r.Array(inputs, "$.property.inputs");
        var boxes = new List<(double[], double[])>();
        foreach (JsonElement b in inputs.EnumerateArray())
        {
            string q = $"$.property.inputs[{boxes.Count}]";
            r.Object(b, q);
            boxes.Add((r.Doubles(r.Required(b, "lower", q), q + ".lower"), r.Doubles(r.Required(b, "upper", q), q + ".upper")));
        }

        JsonElement unsafeSets = r.Required(prop, "unsafe", "$.property");
        r.Array(unsafeSets, "$.property.unsafe");
        var disjuncts = new List<(double[][], double[])>();
        foreach (JsonElement u in unsafeSets.EnumerateArray())
        {
            string q = $"$.property.unsafe[{disjuncts.Count}]";
            r.Object(u, q);
            JsonElement g = r.Required(u, "g", q);
            r.Array(g, q + ".g");
            double[][] rows = g.EnumerateArray().Select((row, i) => r.Doubles(row, $"{q}.g[{i}]")).ToArray();
            disjuncts.Add((rows, r.Doubles(r.Required(u, "h", q), q + ".h")));
        }

        JsonElement pieces = r.Required(root, "pieces", "$");
        r.Array(pieces, "$.pieces");
        var trees = new List<IReadOnlyList<ProofTreeNode>>();
        foreach (JsonElement p in pieces.EnumerateArray())
        {
            string q = $"$.pieces[{trees.Count}]";
            r.Object(p, q);
            JsonElement nodes = r.Required(p, "nodes", q);
            r.Array(nodes, q + ".nodes");
            var list = new List<ProofTreeNode>(nodes.GetArrayLength());
            foreach (JsonElement n in nodes.EnumerateArray())
            {
                list.Add(ReadNode(r, n, $"{q}.nodes[{list.Count}]"));
            }

            trees.Add(list);
        }

        return new VerificationProofDocument(sha, layers, new ProofProperty(boxes, disjuncts), trees);
    }

    private static ProofTreeNode ReadNode(ProofJsonReader r, JsonElement n, string path)
    {
        r.Object(n, path);
        bool isSplit = n.TryGetProperty("split", out JsonElement split);
        int j = -1;
        double v = 0;
        if (isSplit)
        {
            r.Array(split, path + ".split");
            if (split.GetArrayLength() != 2)
            {
                throw r.Error(path + ".split", $"{split.GetArrayLength()} entries", "a pair [dimension, cut]");
            }

            j = r.Int(split[0], path + ".split[0]");
            v = r.Double(split[1], path + ".split[1]");
        }

        var exclusions = new List<ProofExclusion>();
        if (n.TryGetProperty("exclude", out JsonElement ex))
        {
            r.Array(ex, path + ".exclude");
            foreach (JsonElement e in ex.EnumerateArray())
            {
                string q = $"{path}.exclude[{exclusions.Count}]";
                r.Array(e, q);
                if (e.GetArrayLength() != 3)
                {
                    throw r.Error(q, $"{e.GetArrayLength()} entries", "[disjunct, lowerSlopes, [[row, y], …]]");
                }

                int slopes = r.Int(e[1], q + "[1]");
                if (slopes > 3)
                {
                    throw r.Error(q + "[1]", slopes.ToString(System.Globalization.CultureInfo.InvariantCulture), "a lower-line choice 0..3");
                }

                exclusions.Add(new ProofExclusion(r.Int(e[0], q + "[0]"), slopes, r.Sparse(e[2], q + "[2]"), q));
            }
        }

        return new ProofTreeNode(isSplit, j, v, exclusions);
    }
}
