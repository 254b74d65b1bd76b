using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

// A 2-8-8-1 network: its local affine map at a point reproduces the network there.
var net = ReluNetwork.Random([2, 8, 8, 1], seed: 7);
double[] x = [0.3, -0.2];
var map = LocalAffineMap.At(net, x);
double direct = net.Evaluate(x)[0], affine = map.Evaluate(x)[0];
Console.WriteLine($"f(x) = {direct}, A x + c = {affine}");
OnnxFormat.Register();   // the ReluAnalysis.Onnx package: NetworkFile.Load now reads .onnx too
return Math.Abs(direct - affine) <= 1e-12 ? 0 : 1;
