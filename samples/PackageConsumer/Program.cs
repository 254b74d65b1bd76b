using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.Proofs;
using ReluAnalysis.Regions.Barrier;

// A 2-8-8-1 network: its local affine map at a point reproduces the network there.
var net = ReluNetwork.Random([2, 8, 8, 1], seed: 7);
double[] x = [0.3, -0.2];
var map = LocalAffineMap.At(net, x);
double direct = net.Evaluate(x)[0], affine = map.Evaluate(x)[0];
Console.WriteLine($"f(x) = {direct}, A x + c = {affine}");
OnnxFormat.Register();   // the ReluAnalysis.Onnx package: NetworkFile.Load now reads .onnx too

// The ReluAnalysis.Proofs package: a barrier certificate's proof re-checked exactly.
BarrierProblem problem = BarrierExamples.DiamondNode();
BarrierCertificate certificate = BarrierCertifier.Certify(problem);
BarrierProof proof = BarrierProofWriter.Create(problem, certificate, "diamond-node");
ProofCheckResult check = BarrierProofChecker.Check(problem.Barrier, "diamond-node", proof.Json);
Console.WriteLine($"barrier proof: {check.Status}, {check.Leaves} pieces, {check.Nodes} certificates");
return Math.Abs(direct - affine) <= 1e-12 && check.IsValid ? 0 : 1;
