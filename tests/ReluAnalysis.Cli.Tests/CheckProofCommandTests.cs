using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReluAnalysis.Cli.Tests;

public sealed class CheckProofCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("relu-proof-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private (string Net, string Proof) Certify(string system, params string[] extra)
    {
        string net = PathOf(system + ".json"), proof = PathOf(system + ".proof.json");
        JsonElement j = Relu.Json(["certify", "--system", system, "--proof", proof, "--save-barrier", net, "--json", .. extra]);
        Assert.True(j.GetProperty("proof").GetProperty("complete").GetBoolean());
        Assert.True(j.GetProperty("proof").GetProperty("certificates").GetInt64() > 0);
        Assert.Equal(j.GetProperty("pieces").GetArrayLength(), j.GetProperty("proof").GetProperty("pieces").GetInt32());
        return (net, proof);
    }

    [Fact]
    public void Certify_then_check_proof_is_valid_with_exit_0()
    {
        var (net, proof) = Certify("diamond-node");
        var (exit, output, error) = Relu.Run("check-proof", net, "--system", "diamond-node", proof, "--json");
        Assert.True(exit == 0, error);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.True(j.GetProperty("valid").GetBoolean());
        Assert.Equal("valid", j.GetProperty("status").GetString());
        Assert.Equal(4, j.GetProperty("leaves").GetInt64());
        Assert.True(j.GetProperty("nodes").GetInt64() >= 4 * 7);
        Assert.True(j.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("failure").ValueKind);

        var (textExit, text, _) = Relu.Run("check-proof", net, "--system", "diamond-node", proof);
        Assert.Equal(0, textExit);
        Assert.StartsWith("proof valid: 4 pieces", text);
    }

    [Fact]
    public void Tour_barrier_step_checks_both_proofs_as_valid()
    {
        var output = new StringWriter();
        new ReluAnalysis.Cli.Tour.BarrierTourStep().Run(_dir, output, CancellationToken.None);
        string text = output.ToString();
        Assert.Contains("diamond-node proof: 24 certificates", text);
        Assert.Matches("darboux proof: .* exact check: Valid", text);
    }

    [Fact]
    public void Shrunk_level_proof_is_valid()
    {
        var (net, proof) = Certify("unsafe-overlap", "--shrink");
        Assert.Equal(0, Relu.Run("check-proof", net, "--system", "unsafe-overlap", proof).Exit);
    }

    [Fact]
    public void Removed_piece_gives_exit_1_and_the_failing_node()
    {
        var (net, proof) = Certify("diamond-node");
        JsonNode doc = JsonNode.Parse(File.ReadAllText(proof))!;
        doc["pieces"]!.AsArray().RemoveAt(2);
        string tampered = PathOf("tampered.json");
        File.WriteAllText(tampered, doc.ToJsonString());
        var (exit, output, _) = Relu.Run("check-proof", net, "--system", "diamond-node", tampered, "--json");
        Assert.Equal(1, exit);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.False(j.GetProperty("valid").GetBoolean());
        Assert.Contains("closure across neurons", j.GetProperty("failure").GetProperty("node").GetString());
    }

    [Fact]
    public void Bad_input_gives_exit_2_naming_file_path_or_argument()
    {
        var (net, proof) = Certify("diamond-node");
        JsonNode doc = JsonNode.Parse(File.ReadAllText(proof))!;
        doc["pieces"]![1]!["witness"]![0] = "NaN";
        string bad = PathOf("nan.json");
        File.WriteAllText(bad, doc.ToJsonString());
        var (exit, _, error) = Relu.Run("check-proof", net, "--system", "diamond-node", bad);
        Assert.Equal(2, exit);
        Assert.Contains("nan.json: $.pieces[1].witness[0]: found String; expected a finite number", error);

        Assert.Equal(2, Relu.Run("check-proof", net, "--system", "diamond-node", PathOf("missing.json")).Exit);
        Assert.Contains("--system \"nope\"", Relu.Run("check-proof", net, "--system", "nope", proof).Err);
        Assert.Contains("needs --system", Relu.Run("check-proof", net, proof).Err);
        var (missingExit, _, missing) = Relu.Run("check-proof", net, "prop.vnnlib", proof);
        Assert.Equal(2, missingExit);
        Assert.Contains("prop.vnnlib", missing);
    }

    /// <summary><c>relu verify --proof</c> on ACAS Xu 1_2 φ4 (holds); the network, property and proof paths.</summary>
    private (string Net, string Property, string Proof) VerifyWithProof()
    {
        string net = Relu.Data("acasxu", "ACASXU_run2a_1_2_batch_2000.nnet"), property = Relu.Data("acasxu", "prop_4.vnnlib");
        string proof = PathOf("acas.proof.json");
        var (exit, output, error) = Relu.Run("verify", net, property, "--proof", proof, "--json", "--threads", "2");
        Assert.True(exit == 0, $"exit {exit}: {error}");
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("holds", j.GetProperty("result").GetString());
        Assert.Equal(proof, j.GetProperty("proof").GetString());
        Assert.Equal(new FileInfo(proof).Length, j.GetProperty("proofBytes").GetInt64());
        return (net, property, proof);
    }

    [Fact]
    public void Verify_proof_then_check_proof_is_valid_with_exit_0_and_the_contract_keys()
    {
        var (net, property, proof) = VerifyWithProof();
        var (exit, output, error) = Relu.Run("check-proof", net, property, proof, "--json");
        Assert.True(exit == 0, error);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.True(j.GetProperty("valid").GetBoolean());
        Assert.Equal("valid", j.GetProperty("status").GetString());
        long nodes = j.GetProperty("nodes").GetInt64(), leaves = j.GetProperty("leaves").GetInt64();
        Assert.True(leaves >= 1 && nodes == 2 * leaves - 1, $"{nodes} nodes, {leaves} leaves: one full binary tree");
        Assert.True(j.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("failure").ValueKind);
        Assert.Contains("holds", j.GetProperty("claim").GetString());

        var (textExit, text, _) = Relu.Run("check-proof", net, property, proof);
        Assert.Equal(0, textExit);
        Assert.StartsWith($"proof valid: {leaves:N0} leaves", text);
    }

    [Fact]
    public void Verification_proof_tampered_or_for_another_network_gives_exit_1_naming_the_node()
    {
        var (net, property, proof) = VerifyWithProof();
        JsonNode doc = JsonNode.Parse(File.ReadAllText(proof))!;
        doc["pieces"]![0]!["nodes"]![0]!.AsObject().Remove("split");
        string tampered = PathOf("dropped-split.json");
        File.WriteAllText(tampered, doc.ToJsonString());
        var (exit, output, _) = Relu.Run("check-proof", net, property, tampered, "--json");
        Assert.Equal(1, exit);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.False(j.GetProperty("valid").GetBoolean());
        Assert.StartsWith("$.pieces[0].nodes[0] (depth 0, leaf)", j.GetProperty("failure").GetProperty("node").GetString());

        var (otherExit, otherOutput, _) = Relu.Run("check-proof", Relu.Data("acasxu", "ACASXU_run2a_1_3_batch_2000.nnet"), property, proof, "--json");
        Assert.Equal(1, otherExit);
        Assert.Equal("network", JsonDocument.Parse(otherOutput).RootElement.GetProperty("failure").GetProperty("node").GetString());
    }

    [Fact]
    public void Verification_proof_bad_input_gives_exit_2()
    {
        var (net, property, proof) = VerifyWithProof();
        JsonNode doc = JsonNode.Parse(File.ReadAllText(proof))!;
        doc["pieces"]![0]!["nodes"]![0]!["split"]![0] = -1;
        string bad = PathOf("negative-dimension.json");
        File.WriteAllText(bad, doc.ToJsonString());
        var (exit, _, error) = Relu.Run("check-proof", net, property, bad);
        Assert.Equal(2, exit);
        Assert.Contains("negative-dimension.json: $.pieces[0].nodes[0].split[0]: found -1; expected a non-negative integer", error);
        Assert.Equal(2, Relu.Run("check-proof", net, property, PathOf("missing.json")).Exit);
        Assert.Contains("--proof with --instances", Relu.Run("verify", "--instances", "x.csv", "--proof", bad).Err);
    }
}
