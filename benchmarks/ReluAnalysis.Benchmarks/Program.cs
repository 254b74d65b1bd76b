if (args.Length > 0 && args[0] == "--barrier-sweep")
{
    ReluAnalysis.Benchmarks.Barrier.BarrierSweep.Run(Console.Out);
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
