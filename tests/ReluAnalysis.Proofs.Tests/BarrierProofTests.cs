using System.Text.Json.Nodes;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Proofs.Tests;

public class BarrierProofTests
{
    internal static (BarrierProblem Problem, BarrierCertificate Certificate, BarrierProof Proof) Produce(string name, bool shrink = false)
    {
        BarrierProblem problem = BarrierExamples.ByName(name);
        BarrierOptions options = BarrierExamples.OptionsFor(name) with
        {
            FailurePolicy = shrink ? BarrierFailurePolicy.Shrink : BarrierFailurePolicy.Reject,
            MaxDegreeOfParallelism = 2,
        };
        BarrierCertificate c = BarrierCertifier.Certify(problem, options);
        Assert.True(c.IsCertified, c.Reason);
        BarrierProof proof = BarrierProofWriter.Create(problem, c, name, options, 2);
        Assert.True(proof.IsComplete, string.Join(" ", proof.Gaps));
        return (problem, c, proof);
    }

    private static ProofCheckResult Check(ReluNetwork net, string name, string json) => BarrierProofChecker.Check(net, name, json, "test.json");

    [Theory]
    [InlineData("diamond-node", false, 4)]
    [InlineData("polynorm-4", false, 8)]
    [InlineData("polynorm-8", false, 16)]
    [InlineData("polynorm-16", false, 32)]
    [InlineData("two-diamonds", false, 4)]
    [InlineData("unsafe-overlap", true, 4)]
    public void Hand_case_proofs_check_as_valid(string name, bool shrink, int pieces)
    {
        var (problem, certificate, proof) = Produce(name, shrink);
        Assert.Equal(pieces, certificate.Pieces.Count);
        ProofCheckResult r = Check(problem.Barrier, name, proof.Json);
        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal(ProofStatus.Valid, r.Status);
        Assert.Equal(pieces, r.Leaves);
        Assert.Empty(r.Unchecked);
        Assert.Contains("forward invariant", r.Claim);

        // Every piece: a witness, 2n domain faces, the unsafe polytopes, one decrease certificate, at least one closure node.
        int n = problem.Dimension;
        Assert.True(r.Nodes >= pieces * (1 + 2 * n + problem.Unsafe.Polytopes.Count + 1 + 1), $"{r.Nodes} nodes");
    }

    [Fact]
    public void Proof_files_do_not_depend_on_the_thread_count()
    {
        BarrierProblem problem = BarrierExamples.ByName("polynorm-8");
        BarrierOptions options = BarrierExamples.OptionsFor("polynorm-8") with { MaxDegreeOfParallelism = 1 };
        BarrierCertificate c = BarrierCertifier.Certify(problem, options);
        string one = BarrierProofWriter.Create(problem, c, "polynorm-8", options, 1).Json;
        string two = BarrierProofWriter.Create(problem, c, "polynorm-8", options, 2).Json;
        Assert.Equal(one, two);
    }

    [Fact]
    public void Skew3_proof_is_valid_in_three_dimensions()
    {
        var (problem, certificate, proof) = Produce("skew3");
        ProofCheckResult r = Check(problem.Barrier, "skew3", proof.Json);
        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal(certificate.Pieces.Count, r.Leaves);

        // Certificates computed for level 0 must not carry over to the much larger set {B ≤ 0.5} (its pieces reach
        // points the level-0 separations cut off): the checker has to notice.
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        doc["level"] = -0.5;
        Assert.Equal(ProofStatus.Invalid, Check(problem.Barrier, "skew3", doc.ToJsonString()).Status);
    }

    [Fact]
    public void Shrink_level_is_part_of_the_claim()
    {
        var (problem, certificate, proof) = Produce("unsafe-overlap", shrink: true);
        Assert.InRange(certificate.Level, 0.5, 0.51);

        // At level 0 the diamond meets the unsafe set x1 ≥ 0.5: the same certificates must not pass.
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        doc["level"] = 0.0;
        ProofCheckResult r = Check(problem.Barrier, "unsafe-overlap", doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, r.Status);
    }

    [Fact]
    public void A_zeroed_target_multiplier_is_rejected_naming_the_node()
    {
        var (problem, _, proof) = Produce("diamond-node");
        int n = 2, hidden = 4, targetRow = hidden + 1 + 2 * n;
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        JsonArray y = doc["pieces"]![1]!["unsafe"]![0]!["y"]!.AsArray();
        JsonNode? entry = y.FirstOrDefault(e => (int)e![0]! == targetRow);
        if (entry is null)
        {
            // Piece 1 may be cut off from x1 ≥ 1.5 by its own rows: then pick the first piece using the target row.
            (int p, y) = doc["pieces"]!.AsArray().Select((pc, i) => (i, pc!["unsafe"]![0]!["y"]!.AsArray())).First(t => t.Item2.Any(e => (int)e![0]! == targetRow));
            entry = y.First(e => (int)e![0]! == targetRow);
            Assert.True(p >= 0);
        }

        // Without the target row, the multipliers combine only the piece's own rows, and the piece is not empty.
        entry![1] = 0.0;
        ProofCheckResult r = Check(problem.Barrier, "diamond-node", doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.Contains("/ unsafe polytope 0", r.Failure!.Node);
        Assert.StartsWith("piece ", r.Failure.Node);
    }

    [Fact]
    public void A_negative_multiplier_is_rejected()
    {
        var (problem, _, proof) = Produce("diamond-node");
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        JsonNode entry = doc["pieces"]![2]!["decrease"]![0]!;
        entry[1] = -(double)entry[1]!;
        ProofCheckResult r = Check(problem.Barrier, "diamond-node", doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.StartsWith("piece 2 ", r.Failure!.Node);
        Assert.EndsWith("decrease on the zero face", r.Failure.Node);
        Assert.Contains("negative", r.Failure.Reason);
    }

    [Theory]
    [InlineData("diamond-node", 0)]
    [InlineData("diamond-node", 3)]
    [InlineData("polynorm-8", 5)]
    [InlineData("two-diamonds", 1)]
    public void A_removed_piece_is_rejected_at_a_neighbours_closure(string name, int removed)
    {
        var (problem, _, proof) = Produce(name);
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        doc["pieces"]!.AsArray().RemoveAt(removed);

        // The removed region meets {B < 0} across a facet of a remaining piece: no certificate can close that facet.
        ProofCheckResult r = Check(problem.Barrier, name, doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.Contains("/ closure across neurons", r.Failure!.Node);
    }

    [Fact]
    public void A_dropped_closure_certificate_is_rejected_naming_the_hyperplane()
    {
        var (problem, _, proof) = Produce("polynorm-4");
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        JsonArray closure = doc["pieces"]![0]!["closure"]!.AsArray();
        Assert.NotEmpty(closure);
        string neurons = string.Join(",", closure[0]!["neurons"]!.AsArray().Select(v => (int)v!));
        closure.RemoveAt(0);
        ProofCheckResult r = Check(problem.Barrier, "polynorm-4", doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.StartsWith("piece 0 ", r.Failure!.Node);
        Assert.EndsWith($"closure across neurons {neurons}", r.Failure.Node);
    }

    [Fact]
    public void A_wrong_emptiness_support_is_rejected()
    {
        var (problem, _, proof) = Produce("polynorm-4");
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        JsonNode entry = doc["pieces"]!.AsArray().SelectMany(p => p!["closure"]!.AsArray()).First(e => e!["emptySupport"] is not null)!;
        JsonArray support = entry["emptySupport"]!.AsArray();
        Assert.True(support.Count >= 2);
        support.RemoveAt(0);
        Assert.Equal(ProofStatus.Invalid, Check(problem.Barrier, "polynorm-4", doc.ToJsonString()).Status);
    }

    [Fact]
    public void A_proof_for_a_different_network_is_rejected()
    {
        var (_, _, proof) = Produce("diamond-node");

        // |x1| + |x2| − 1.8: its diamond reaches x1 = 1.8, inside the unsafe set x1 ≥ 1.5; the claim is false for it.
        ReluNetwork bigger = BarrierExamples.Shallow(2, [[1, 0, 0, 1], [-1, 0, 0, 1], [0, 1, 0, 1], [0, -1, 0, 1]], -1.8);
        ProofCheckResult r = Check(bigger, "diamond-node", proof.Json);
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.NotNull(r.Failure);

        // Another width: the patterns do not fit.
        ReluNetwork wider = BarrierExamples.Shallow(2, [[1, 0, 0, 1], [-1, 0, 0, 1], [0, 1, 0, 1], [0, -1, 0, 1], [1, 1, -5, 1]], -1);
        ProofCheckResult w = Check(wider, "diamond-node", proof.Json);
        Assert.Equal(ProofStatus.Invalid, w.Status);
        Assert.Contains("5 characters 0/1", w.Failure!.Reason);

        // The right network for another system.
        Assert.Equal(ProofStatus.Invalid, Check(BarrierExamples.DiamondNetwork(), "unsafe-overlap", proof.Json).Status);
    }

    [Fact]
    public void A_proof_for_another_system_is_rejected()
    {
        var (problem, _, proof) = Produce("diamond-node");
        ProofCheckResult r = Check(problem.Barrier, "diamond-rotation", proof.Json);
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.Contains("diamond-node", r.Failure!.Reason);

        // Renamed in the file, the rotation's decrease condition fails on the zero face (g·f > 0 on part of the edge).
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        doc["system"] = "diamond-rotation";
        ProofCheckResult rot = Check(problem.Barrier, "diamond-rotation", doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, rot.Status);
        Assert.EndsWith("decrease on the zero face", rot.Failure!.Node);
    }

    [Fact]
    public void Darboux_proof_is_valid_with_stage_one_replayed_exactly()
    {
        var (problem, certificate, proof) = Produce("darboux");
        ProofCheckResult r = Check(problem.Barrier, "darboux", proof.Json);
        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal(certificate.Pieces.Count, r.Leaves);
        Assert.Empty(r.Unchecked);
        Assert.Contains("until it leaves the domain", r.Claim);

        // Nodes: per piece a witness, closure and box certificates; plus every stage-1 cell replayed near the pieces.
        Assert.True(r.Nodes > 10 * certificate.Pieces.Count, $"{r.Nodes} nodes");
    }

    [Fact]
    public void Darboux_proof_with_a_wrong_box_a_coarser_grid_or_no_grid_is_rejected()
    {
        var (problem, _, proof) = Produce("darboux");

        // Piece 0's box collapsed to its lower x0 face: the piece has points with larger x0 (its witness), so the
        // upper-face certificate cannot hold.
        JsonNode doc = JsonNode.Parse(proof.Json)!;
        JsonNode box = doc["pieces"]![0]!["box"]!;
        double witness = (double)doc["pieces"]![0]!["witness"]![0]!;
        box["hi"]![0] = (double)box["lo"]![0]!;
        Assert.True(witness > (double)box["lo"]![0]!);
        ProofCheckResult r = Check(problem.Barrier, "darboux", doc.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, r.Status);
        Assert.StartsWith("piece 0 ", r.Failure!.Node);
        Assert.Contains("/ bounding box", r.Failure.Node);

        // A coarser minimum width leaves larger uncertified cells, which the zero faces meet.
        JsonNode coarse = JsonNode.Parse(proof.Json)!;
        coarse["stage1"]!["minCellWidth"] = 0.25;
        ProofCheckResult c = Check(problem.Barrier, "darboux", coarse.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, c.Status);
        Assert.Contains("/ zero face vs uncertified cell", c.Failure!.Node);

        JsonNode noGrid = JsonNode.Parse(proof.Json)!;
        noGrid.AsObject().Remove("stage1");
        ProofCheckResult g = Check(problem.Barrier, "darboux", noGrid.ToJsonString());
        Assert.Equal(ProofStatus.Invalid, g.Status);
        Assert.Equal("stage 1", g.Failure!.Node);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"format\":\"relu-barrier-proof\",\"version\":1,\"system\":\"diamond-node\",\"pieces\":[]}", "$: the property \"level\" is missing")]
    [InlineData("{\"format\":\"relu-barrier-proof\",\"version\":2,\"system\":\"diamond-node\",\"level\":0,\"pieces\":[]}", "$.version: found 2; expected 1")]
    [InlineData("{\"format\":\"relu-barrier-proof\",\"version\":1,\"system\":\"diamond-node\",\"level\":\"NaN\",\"pieces\":[]}", "$.level: found String; expected a finite number")]
    [InlineData("{\"format\":\"relu-barrier-proof\",\"version\":1,\"system\":\"diamond-node\",\"level\":0,\"pieces\":[{\"pattern\":\"1010\",\"witness\":[0.1,\"Infinity\"]}]}", "$.pieces[0].witness[1]: found String; expected a finite number")]
    [InlineData("{\"format\":\"relu-barrier-proof\",\"version\":1,\"system\":\"diamond-node\",\"level\":0,\"pieces\":[{\"pattern\":\"1010\",\"witness\":[0.1,0.1],\"domain\":[{\"face\":0,\"y\":[[1]]}]}]}", "$.pieces[0].domain[0].y[0]: found 1 entries; expected a pair [row, multiplier]")]
    [InlineData("{\"format\":\"relu-barrier-proof\",\"version\":1,\"system\":\"diamond-node\",\"level\":0,\"pieces\":[{\"pattern\":\"1010\",\"witness\":[0.1,0.1],\"closure\":[{\"neurons\":[0,1]}]}]}", "$.pieces[0].closure[0]: expected exactly one of")]
    public void Malformed_files_name_the_file_and_the_json_path(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Check(BarrierExamples.DiamondNetwork(), "diamond-node", json));
        Assert.StartsWith("test.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        BarrierProblem discrete = BarrierExamples.DiamondDiscrete(0.5);
        BarrierCertificate certified = BarrierCertifier.Certify(discrete, new BarrierOptions { MaxDegreeOfParallelism = 2 });
        Assert.True(certified.IsCertified);
        Assert.Equal("problem", Assert.Throws<ArgumentException>(() => BarrierProofWriter.Create(discrete, certified, "diamond-node")).ParamName);
        BarrierProblem rotation = BarrierExamples.DiamondRotation();
        BarrierCertificate failed = BarrierCertifier.Certify(rotation, new BarrierOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal("certificate", Assert.Throws<ArgumentException>(() => BarrierProofWriter.Create(rotation, failed, "diamond-rotation")).ParamName);

        Assert.Contains("unknown to the proof checker", Assert.Throws<ArgumentException>(() => Check(BarrierExamples.DiamondNetwork(), "nope", "{}")).Message);
        var deep = ReluNetwork.Random([2, 3, 3, 1], seed: 1);
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => Check(deep, "diamond-node", "{}")).ParamName);
    }
}
