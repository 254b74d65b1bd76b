if (args.Length > 0 && args[0] == "--barrier-sweep")
{
    ReluAnalysis.Benchmarks.Barrier.BarrierSweep.Run(Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "--acasxu-sweep")
{
    return ReluAnalysis.Benchmarks.Verification.AcasXuSweep.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "--verify-proofs")
{
    return ReluAnalysis.Benchmarks.Verification.VerifyProofSweep.Run(args[1..]);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

public partial class Program;
