using System.Text.Json;
using ReluAnalysis.Networks;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Regions.Verification;

/// <summary>
/// Writes the proof of a "holds" verdict (format <c>relu-verification-proof</c>, version 1), re-checked by
/// <c>relu check-proof &lt;network&gt; &lt;property.vnnlib&gt; proof.json</c> (the independent checker in
/// <c>ReluAnalysis.Proofs</c>).
/// </summary>
/// <remarks>
/// <para>Compact JSON; every number a round-trip double (an exact dyadic rational):</para>
/// <code>
/// {"format":"relu-verification-proof","version":1,
///  "network":{"sha256":"…","layers":[5,50,…,5]},           // ReluNetwork.WeightsSha256, layer sizes
///  "property":{"inputs":[{"lower":[…],"upper":[…]},…],        // the input boxes, as read from the VNNLIB file
///              "unsafe":[{"g":[[…],…],"h":[…]},…]},           // each disjunct {y : g y ≤ h}
///  "pieces":[{"nodes":[node, node, …]},…]}                    // one search tree per input box, in pre-order
/// node = {"split":[j, v], "exclude":[ex, …]}   // a split at x_j = v: then the left child (x_j ≤ v), then the right (x_j ≥ v)
///      | {"exclude":[ex, …]}                   // a leaf
/// ex   = [u, k, [[r, y], …]]                   // disjunct u excluded on the node's box (and its descendants'):
///                                              // min over the box of Σ y_r (G_{u,r} f(x) − h_{u,r}) &gt; 0, y_r &gt; 0;
///                                              // k = the lower-line choice of the bound (a hint, 0–3)
/// </code>
/// <para>A bound exclusion is one row with <c>y = 1</c>; an LP exclusion (network affine on the box) carries the LP's
/// duals. The root of piece <c>a</c> is the input box itself; children's boxes are not stored, the checker derives them
/// from the cuts, so the tree covers each piece by construction. Only box input pieces are supported.</para>
/// </remarks>
public static class VerificationProofWriter
{
    /// <summary>The <c>format</c> field of the file.</summary>
    public const string FormatName = "relu-verification-proof";

    /// <summary>Writes the proof of <paramref name="result"/> to <paramref name="path"/>; returns the file's size in bytes.</summary>
    /// <exception cref="ArgumentException">The verdict is not "holds", the search tree was not kept (<see cref="VerificationOptions.KeepSearchTree"/>), an input piece is not a box, or the tree is inconsistent.</exception>
    public static long WriteFile(ReluNetwork network, VerificationProperty property, VerificationResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using (var stream = File.Create(path))
        {
            Write(network, property, result, stream);
        }

        return new FileInfo(path).Length;
    }

    /// <summary>Writes the proof of <paramref name="result"/> (a "holds" verdict with its search tree) to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The verdict is not "holds", the search tree was not kept, an input piece is not a box, or the tree is inconsistent.</exception>
    public static void Write(ReluNetwork network, VerificationProperty property, VerificationResult result, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(destination);
        if (result.Status != VerificationStatus.Holds)
        {
            throw new ArgumentException($"the verdict is {result.Status}; only a \"holds\" verdict has a proof.", nameof(result));
        }

        if (result.SearchTree is not { } tree)
        {
            throw new ArgumentException("the result has no search tree; verify with VerificationOptions.KeepSearchTree = true.", nameof(result));
        }

        for (int a = 0; a < property.InputBoxes.Count; a++)
        {
            if (property.InputBoxes[a] is null)
            {
                throw new ArgumentException($"input piece {a} is a polytope, not a box; proofs support box input pieces only.", nameof(property));
            }
        }

        var children = new List<int>[tree.Count];
        var roots = new int[property.InputBoxes.Count];
        Array.Fill(roots, -1);
        for (int id = 0; id < tree.Count; id++)
        {
            VerificationNode node = tree[id];
            if (node.Closure is not (NodeClosure.Split or NodeClosure.Bounds or NodeClosure.Lp))
            {
                throw new ArgumentException($"search node {id} is {node.Closure}; a \"holds\" tree has only split and closed nodes.", nameof(result));
            }

            if (node.Parent < 0)
            {
                roots[node.Piece] = id;
            }
            else
            {
                (children[node.Parent] ??= []).Add(id);
            }
        }

        using var w = new Utf8JsonWriter(destination);
        w.WriteStartObject();
        w.WriteString("format", FormatName);
        w.WriteNumber("version", 1);
        w.WriteStartObject("network");
        w.WriteString("sha256", network.WeightsSha256());
        WriteArray(w, "layers", network.LayerSizes().Select(n => (double)n));
        w.WriteEndObject();
        w.WriteStartObject("property");
        w.WriteStartArray("inputs");
        foreach (var box in property.InputBoxes)
        {
            w.WriteStartObject();
            WriteArray(w, "lower", box!.Lower.ToArray());
            WriteArray(w, "upper", box.Upper.ToArray());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("unsafe");
        foreach (var disjunct in property.UnsafeOutputs)
        {
            w.WriteStartObject();
            w.WriteStartArray("g");
            foreach (var row in disjunct.HalfSpaces)
            {
                w.WriteStartArray();
                foreach (double v in row.Normal)
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            WriteArray(w, "h", disjunct.HalfSpaces.Select(r => r.Offset));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("pieces");
        var stack = new Stack<int>();
        for (int a = 0; a < roots.Length; a++)
        {
            w.WriteStartObject();
            w.WriteStartArray("nodes");
            if (roots[a] >= 0)
            {
                stack.Push(roots[a]);
            }
            else
            {
                // No node was searched: the property has no unsafe disjunct, so the box is one closed leaf.
                w.WriteStartObject();
                w.WriteEndObject();
            }

            while (stack.Count > 0)
            {
                int id = stack.Pop();
                VerificationNode node = tree[id];
                w.WriteStartObject();
                if (node.Closure == NodeClosure.Split)
                {
                    var (left, right) = Halves(tree, children[id], id);
                    w.WriteStartArray("split");
                    w.WriteNumberValue(node.SplitDimension);
                    w.WriteNumberValue(node.SplitValue);
                    w.WriteEndArray();
                    stack.Push(right);
                    stack.Push(left);
                }

                if (node.Exclusions.Count > 0)
                {
                    w.WriteStartArray("exclude");
                    foreach (DisjunctExclusion e in node.Exclusions)
                    {
                        w.WriteStartArray();
                        w.WriteNumberValue(e.Disjunct);
                        w.WriteNumberValue(e.LowerSlopes);
                        w.WriteStartArray();
                        for (int i = 0; i < e.Rows.Length; i++)
                        {
                            w.WriteStartArray();
                            w.WriteNumberValue(e.Rows[i]);
                            w.WriteNumberValue(e.Multipliers[i]);
                            w.WriteEndArray();
                        }

                        w.WriteEndArray();
                        w.WriteEndArray();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The left (<c>x_j ≤ v</c>) and right child of split node <paramref name="id"/>.</summary>
    private static (int Left, int Right) Halves(IReadOnlyList<VerificationNode> tree, List<int>? children, int id)
    {
        VerificationNode node = tree[id];
        if (children is not { Count: 2 })
        {
            throw new ArgumentException($"split node {id} has {children?.Count ?? 0} children; expected 2 (was the search stopped early?).", "result");
        }

        int j = node.SplitDimension;
        int first = children[0], second = children[1];
        return tree[first].Upper[j] == node.SplitValue && tree[first].Lower[j] == node.Lower[j] ? (first, second) : (second, first);
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
