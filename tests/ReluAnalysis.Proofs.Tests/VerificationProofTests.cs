using System.Text;
using System.Text.Json.Nodes;
using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Verification;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Proofs.Tests;

public class VerificationProofTests
{
    private static readonly VerificationOptions Options = new() { KeepSearchTree = true, MaxDegreeOfParallelism = 2, Timeout = TimeSpan.FromSeconds(120) };

    internal static string AcasXu(int t) => RepositoryRoot.Combine("data", "acasxu", $"ACASXU_run2a_1_{t}_batch_2000.nnet");

    internal static string AcasXuProperty(int k) => RepositoryRoot.Combine("data", "acasxu", $"prop_{k}.vnnlib");

    /// <summary>Verifies with the search tree kept, asserts "holds", and writes the proof.</summary>
    internal static (VerificationResult Result, string Json) Prove(ReluNetwork net, VerificationProperty property)
    {
        VerificationResult r = PropertyVerifier.Verify(net, property, Options);
        Assert.Equal(VerificationStatus.Holds, r.Status);
        using var stream = new MemoryStream();
        VerificationProofWriter.Write(net, property, r, stream);
        return (r, Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static ProofCheckResult Check(ReluNetwork net, VerificationProperty property, string json) =>
        VerificationProofChecker.Check(net, property, json, "test.json", maxDegreeOfParallelism: 2);

    /// <summary>
    /// f₁ = 1 + |x₁| + |x₂| − ½|x₁ + x₂| ≥ 1 (triangle inequality), f₂ = x₁ − x₂, f₃ = x₂ − x₁ + 0.1, on [−1, 1]²: the
    /// disjunct f₁ ≤ 0.25 is empty by a margin of 0.75; {f₂ ≤ 0, f₃ ≤ 0} = {x₁ ≤ x₂ ≤ x₁ − 0.1} is empty, but on boxes
    /// across the line x₁ = x₂ neither row alone is positive: only the combination ½ f₂ + ½ f₃ = 0.05 shows it (an LP
    /// certificate).
    /// </summary>
    internal static (ReluNetwork Net, VerificationProperty Property) HandCase()
    {
        var first = new DenseLayer(6, 2, [1, 0, -1, 0, 0, 1, 0, -1, 1, 1, -1, -1], [0, 0, 0, 0, 0, 0]);
        var second = new DenseLayer(3, 6, [1, 1, 1, 1, -0.5, -0.5, 1, -1, -1, 1, 0, 0, -1, 1, 1, -1, 0, 0], [1, 2, 2]);
        var output = new DenseLayer(3, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1], [0, -2, -1.9]);
        var net = new ReluNetwork([first, second, output]);
        var property = new VerificationProperty(
            [new Box([-1.0, -1], [1.0, 1])],
            [
                new Polytope(3, [new HalfSpace([1.0, 0, 0], 0.25)]),
                new Polytope(3, [new HalfSpace([0.0, 1, 0], 0), new HalfSpace([0.0, 0, 1], 0)]),
            ],
            3);
        return (net, property);
    }

    [Fact]
    public void Hand_case_network_computes_the_stated_functions()
    {
        var (net, _) = HandCase();
        foreach (double[] x in new[] { new[] { 0.3, -0.7 }, [-1.0, 1], [0.0, 0], [0.9, 0.8] })
        {
            double[] y = net.Evaluate(x);
            Assert.Equal(1 + Math.Abs(x[0]) + Math.Abs(x[1]) - 0.5 * Math.Abs(x[0] + x[1]), y[0], 12);
            Assert.Equal(x[0] - x[1], y[1], 12);
            Assert.Equal(x[1] - x[0] + 0.1, y[2], 12);
        }
    }

    [Fact]
    public void Hand_case_proof_is_valid_with_split_bound_and_lp_leaves()
    {
        var (net, property) = HandCase();
        var (result, json) = Prove(net, property);
        ProofCheckResult r = Check(net, property, json);
        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal(result.SearchTree!.Count, r.Nodes);
        Assert.Equal(result.SearchTree.Count(n => n.Closure != NodeClosure.Split), r.Leaves);
        Assert.True(r.Leaves > 1, "the hand case needs splits");
        Assert.Contains(result.SearchTree, n => n.Exclusions.Any(e => e.Rows.Length == 2));
        Assert.Contains("holds", r.Claim);
    }

    [Fact]
    public void Property_without_unsafe_disjuncts_has_a_one_leaf_proof()
    {
        var (net, property) = HandCase();
        var empty = new VerificationProperty(property.InputBoxes.Select(b => b!), [], 3);
        var (result, json) = Prove(net, empty);
        Assert.Empty(result.SearchTree!);
        ProofCheckResult r = Check(net, empty, json);
        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal(1, r.Leaves);

        // The same one-leaf tree does not prove the real property: the leaf excludes nothing.
        ProofCheckResult wrong = Check(net, property, json.Replace("\"unsafe\":[]", "\"unsafe\":" + System.Text.Json.JsonSerializer.Serialize(property.UnsafeOutputs.Select(u => new { g = u.HalfSpaces.Select(h => h.Normal.ToArray()), h = u.HalfSpaces.Select(h => h.Offset) }))));
        Assert.Equal(ProofStatus.Invalid, wrong.Status);
        Assert.Contains("does not exclude", wrong.Failure!.Reason);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(4, 1)]
    [InlineData(4, 5)]
    public void AcasXu_holding_instance_proofs_check_as_valid(int property, int network)
    {
        ReluNetwork net = NnetFormat.Read(AcasXu(network));
        VerificationProperty p = VnnLibReader.Read(AcasXuProperty(property));
        var (result, json) = Prove(net, p);
        ProofCheckResult r = Check(net, p, json);
        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal(result.Regions, r.Nodes);
    }

    /// <summary>A proof as a mutable JSON tree and the node list of its first piece.</summary>
    private static (JsonNode Doc, JsonArray Nodes) Mutable(string json)
    {
        JsonNode doc = JsonNode.Parse(json)!;
        return (doc, doc["pieces"]![0]!["nodes"]!.AsArray());
    }

    private static int IndexOf(JsonArray nodes, Func<JsonNode, bool> pick)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            if (pick(nodes[i]!))
            {
                return i;
            }
        }

        throw new InvalidOperationException("no such node in the proof");
    }

    private static bool IsLeaf(JsonNode n) => n["split"] is null;

    private static JsonArray? Exclusions(JsonNode n) => n["exclude"]?.AsArray();

    /// <summary>The hand case's proof after <paramref name="tamper"/> (which returns the node it changed), checked.</summary>
    private static (ProofCheckResult Result, int Node) Tampered(Func<JsonArray, int> tamper)
    {
        var (net, property) = HandCase();
        var (doc, nodes) = Mutable(Prove(net, property).Json);
        int node = tamper(nodes);
        ProofCheckResult r = Check(net, property, doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, r.Status);
        return (r, node);
    }

    [Fact]
    public void Zeroed_multiplier_is_rejected_naming_the_node()
    {
        // A one-row bound certificate with y = 0 claims min 0 > 0: false whatever the box.
        var (r, i) = Tampered(nodes =>
        {
            int i = IndexOf(nodes, n => Exclusions(n) is { Count: > 0 } ex && ex[0]![2]!.AsArray().Count == 1);
            nodes[i]!["exclude"]![0]![2]![0]![1] = 0.0;
            return i;
        });
        Assert.StartsWith($"$.pieces[0].nodes[{i}] ", r.Failure!.Node);
        Assert.Contains("not > 0", r.Failure.Reason);
    }

    [Fact]
    public void Changed_lp_multiplier_is_rejected_naming_the_node()
    {
        // {f₂ ≤ 0, f₃ ≤ 0} excluded by two multipliers (an LP at an affine leaf, or the combined row of the rows' linear
        // bounds): two were needed, so the row f₃ alone has a minimum ≤ 0 on the box (up to 1e-12). Without the f₂ row
        // the certificate is y₃ f₃, whose minimum is then not > 0.
        var (r, i) = Tampered(nodes =>
        {
            int i = IndexOf(nodes, n => Exclusions(n) is { } ex && ex.Any(e => e![2]!.AsArray().Count == 2));
            JsonArray terms = Exclusions(nodes[i]!)!.First(e => e![2]!.AsArray().Count == 2)![2]!.AsArray();
            terms.First(t => t![0]!.GetValue<int>() == 0)![1] = 0.0;
            return i;
        });
        Assert.StartsWith($"$.pieces[0].nodes[{i}] ", r.Failure!.Node);
    }

    [Fact]
    public void Negative_multiplier_is_rejected_naming_the_node()
    {
        var (r, i) = Tampered(nodes =>
        {
            int i = IndexOf(nodes, n => Exclusions(n) is { Count: > 0 });
            nodes[i]!["exclude"]![0]![2]![0]![1] = -1.0;
            return i;
        });
        Assert.StartsWith($"$.pieces[0].nodes[{i}] ", r.Failure!.Node);
        Assert.Contains("negative", r.Failure.Reason);
    }

    [Fact]
    public void Removed_leaf_is_rejected()
    {
        // The last node of a pre-order list is a leaf; without it its parent split lacks a child.
        var (r, _) = Tampered(nodes =>
        {
            Assert.True(IsLeaf(nodes[^1]!));
            nodes.RemoveAt(nodes.Count - 1);
            return nodes.Count;
        });
        Assert.Contains("lacks a child", r.Failure!.Reason);
        Assert.Contains("split", r.Failure.Node);
    }

    [Fact]
    public void Dropped_split_is_rejected_naming_the_node()
    {
        // The root is split because some disjunct is open on the whole box: as a leaf it is not closed.
        var (r, _) = Tampered(nodes =>
        {
            Assert.False(IsLeaf(nodes[0]!));
            nodes[0]!.AsObject().Remove("split");
            return 0;
        });
        Assert.StartsWith("$.pieces[0].nodes[0] (depth 0, leaf)", r.Failure!.Node);
        Assert.Contains("does not exclude", r.Failure.Reason);
    }

    [Fact]
    public void Cut_outside_the_box_is_rejected_naming_the_node()
    {
        var (r, _) = Tampered(nodes =>
        {
            nodes[0]!["split"]![1] = 1.5;
            return 0;
        });
        Assert.StartsWith("$.pieces[0].nodes[0] (depth 0, split)", r.Failure!.Node);
        Assert.Contains("outside", r.Failure.Reason);
    }

    [Fact]
    public void Changed_split_dimension_breaks_the_certificates()
    {
        // ACAS Xu 1_2 φ4: with the root's cut moved to another input (ρ or θ; ψ is fixed), the children's boxes change
        // and some certificate fails; the checker names the first failing node.
        ReluNetwork net = NnetFormat.Read(AcasXu(2));
        VerificationProperty p = VnnLibReader.Read(AcasXuProperty(4));
        var (doc, nodes) = Mutable(Prove(net, p).Json);
        Assert.False(IsLeaf(nodes[0]!));
        int j = nodes[0]!["split"]![0]!.GetValue<int>();
        nodes[0]!["split"]![0] = j == 0 ? 1 : 0;
        nodes[0]!["split"]![1] = 0.5 * (p.InputBoxes[0]!.Lower[j == 0 ? 1 : 0] + p.InputBoxes[0]!.Upper[j == 0 ? 1 : 0]);
        ProofCheckResult r = Check(net, p, doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.StartsWith("$.pieces[0].nodes[", r.Failure!.Node);
    }

    [Fact]
    public void Proof_for_another_network_or_property_is_rejected()
    {
        var (net, property) = HandCase();
        string json = Prove(net, property).Json;
        DenseLayer[] layers = [.. net.Layers];
        double[] w = layers[2].Weights.ToArray();
        w[0] = 1.0000000000000002;
        layers[2] = new DenseLayer(3, 3, w, layers[2].Bias);
        var other = new ReluNetwork(layers);
        ProofCheckResult r = Check(other, property, json);
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.Equal("network", r.Failure!.Node);

        var shifted = new VerificationProperty([new Box([-1.0, -1], [1.0, 1.25])], property.UnsafeOutputs, 3);
        ProofCheckResult s = Check(net, shifted, json);
        Assert.Equal(ProofStatus.Invalid, s.Status);
        Assert.Equal("property input 0", s.Failure!.Node);
    }

    [Fact]
    public void Malformed_proofs_name_the_json_path()
    {
        var (net, property) = HandCase();
        var (doc, nodes) = Mutable(Prove(net, property).Json);
        nodes[0]!["split"]![1] = "x";
        var e = Assert.Throws<FormatException>(() => Check(net, property, doc.ToJsonString()));
        Assert.Contains("test.json: $.pieces[0].nodes[0].split[1]: found String; expected a finite number", e.Message);
        Assert.Contains("test.json: not valid JSON (line 1)", Assert.Throws<FormatException>(() => Check(net, property, "{")).Message);
        doc["format"] = "relu-barrier-proof";
        Assert.Contains("$.format", Assert.Throws<FormatException>(() => Check(net, property, doc.ToJsonString())).Message);
    }

    [Fact]
    public void Writer_refuses_verdicts_without_a_proof()
    {
        var (net, property) = HandCase();
        VerificationResult noTree = PropertyVerifier.Verify(net, property, Options with { KeepSearchTree = false });
        Assert.Contains("KeepSearchTree", Assert.Throws<ArgumentException>(() => VerificationProofWriter.Write(net, property, noTree, Stream.Null)).Message);
        var violated = new VerificationProperty(property.InputBoxes.Select(b => b!), [new Polytope(3, [new HalfSpace([1.0, 0, 0], 1.5)])], 3);
        VerificationResult v = PropertyVerifier.Verify(net, violated, Options);
        Assert.Equal(VerificationStatus.Violated, v.Status);
        Assert.Contains("only a \"holds\" verdict", Assert.Throws<ArgumentException>(() => VerificationProofWriter.Write(net, violated, v, Stream.Null)).Message);
    }
}
