using System.Globalization;

namespace ReluAnalysis.Benchmarks.Verification;

/// <summary>The options the verification sweeps share: <c>[--threads N] [--timeout S] [--only text]</c>.</summary>
internal sealed record SweepArguments(int Threads, double? Timeout, string? Only)
{
    public static SweepArguments Parse(string[] args)
    {
        int threads = 0;
        string? only = null;
        double? timeout = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads" && i + 1 < args.Length)
            {
                threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--timeout" && i + 1 < args.Length)
            {
                timeout = double.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--only" && i + 1 < args.Length)
            {
                only = args[++i];
            }
            else
            {
                throw new ArgumentException($"argument \"{args[i]}\": expected --threads N, --timeout S or --only text.", nameof(args));
            }
        }

        return new SweepArguments(threads, timeout, only);
    }
}
