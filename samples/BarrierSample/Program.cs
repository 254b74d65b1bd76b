using System.Globalization;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Barrier;

// Usage: BarrierSample <darboux|skew3> [--train out.json] [--width N] [--epochs E] [--trajectories T] [--step h] [--horizon H]
string name = args.Length > 0 ? args[0] : "darboux";
string? trainOut = Arg("--train");
int width = int.Parse(Arg("--width") ?? "48", CultureInfo.InvariantCulture);
int epochs = int.Parse(Arg("--epochs") ?? "4000", CultureInfo.InvariantCulture);
int trajectories = int.Parse(Arg("--trajectories") ?? "10000", CultureInfo.InvariantCulture);
double step = double.Parse(Arg("--step") ?? "1e-3", CultureInfo.InvariantCulture);
double horizon = double.Parse(Arg("--horizon") ?? "10", CultureInfo.InvariantCulture);
int seed = int.Parse(Arg("--seed") ?? "1", CultureInfo.InvariantCulture);

BarrierProblem problem;
if (trainOut is not null)
{
    BarrierProblem untrained = name == "skew3" ? BarrierExamples.Skew3(ReluNetwork.Random([3, 4, 1], 1)) : BarrierExamples.Darboux(BarrierExamples.DiamondNetwork());
    var training = new BarrierTrainingOptions
    {
        HiddenWidth = width, Epochs = epochs, Seed = seed,
        BoundarySamples = name == "darboux" ? 0 : 800,
        DecreaseBand = double.Parse(Arg("--band") ?? "0.3", CultureInfo.InvariantCulture),
        DecreaseMargin = double.Parse(Arg("--dmargin") ?? "0.05", CultureInfo.InvariantCulture),
        Margin = double.Parse(Arg("--margin") ?? "0.1", CultureInfo.InvariantCulture),
        LearningRate = double.Parse(Arg("--lr") ?? "3e-3", CultureInfo.InvariantCulture),
    };
    BarrierTrainingResult trained = BarrierTrainer.Train(untrained, training);
    Console.WriteLine($"trained {name}: N = {width}, loss {trained.Loss:G4}, violated samples {trained.ViolatedSamples}, {trained.Elapsed.TotalSeconds:F1} s");
    JsonNetworkFormat.Write(trained.Network, trainOut);
    problem = BarrierExamples.ByName(name, trained.Network);
}
else
{
    problem = BarrierExamples.ByName(name);
}

BarrierOptions options = BarrierExamples.OptionsFor(name);
if (args.Contains("--shrink"))
{
    options = options with { FailurePolicy = BarrierFailurePolicy.Shrink, ShrinkTolerance = 1e-2 };
}

if (Arg("--barrier") is { } file)
{
    problem = BarrierExamples.ByName(name, NetworkFile.Load(file));
}

BarrierCertificate c = BarrierCertifier.Certify(problem, options);
BarrierStatistics s = c.Statistics;
Console.WriteLine($"{name}: {c.Status} — {c.Reason} (level {c.Level:G4})");
Console.WriteLine($"  stage 1: {s.Cells:N0} cells, {s.CertifiedCells:N0} certified ({s.CertifiedFraction:P1} of the domain), {s.UncertifiedCells:N0} uncertified, {s.Stage1Elapsed.TotalSeconds:F2} s");
Console.WriteLine($"  stage 2: {s.RegionsVisited:N0} regions visited, {c.Pieces.Count:N0} pieces, {s.LpsSolved:N0} LPs, {s.LpsSkipped:N0} skipped, {s.Stage2Elapsed.TotalSeconds:F2} s");
Console.WriteLine($"  volume {c.Volume:G6} ({(c.VolumeIsExact ? "exact" : "Monte Carlo")}), X0 covered: {c.InitialSetCovered?.ToString() ?? "n/a"}, total {c.Elapsed.TotalSeconds:F2} s");
if (c.IsCertified && trajectories > 0)
{
    BarrierSimulationResult sim = BarrierSimulation.Run(problem, c, trajectories, step, horizon, seed: 7);
    Console.WriteLine($"  simulation: {sim.Trajectories:N0} RK4 trajectories (h = {step}, T = {horizon}), {sim.Steps:N0} steps: max B {sim.MaxBarrier:G4}, B > 0 on {sim.ReachedPositive}, unsafe {sim.ReachedUnsafe}, left domain {sim.LeftDomain}, {sim.Elapsed.TotalSeconds:F1} s");
}

string? Arg(string key)
{
    int i = Array.IndexOf(args, key);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
