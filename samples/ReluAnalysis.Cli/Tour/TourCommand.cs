using System.CommandLine;
using System.Diagnostics;

namespace ReluAnalysis.Cli.Tour;

internal static class TourCommand
{
    /// <summary>Every module's tour step, in the order they run. Modules add one line here.</summary>
    private static readonly ITourStep[] Steps =
    [
        new EngineTourStep(),
        new PathwiseTourStep(),
        new FksTourStep(),
        new InjectivityTourStep(),
        new RegionsTourStep(),
        new BarrierTourStep(),
        new StabilityTourStep(),
        new StegoTourStep(),
        new FeTourStep(),
        new SingularTourStep(),
    ];

    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for the tour's plots and files.", DefaultValueFactory = _ => "tour-out" };
        var command = new Command("tour", "Run every capability on small embedded defaults and print a summary.") { outDir };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            string dir = parse.GetValue(outDir)!;
            CliApp.Require(!File.Exists(dir), $"--out \"{dir}\": expected a folder; a file of that name exists.");
            Directory.CreateDirectory(dir);
            var total = Stopwatch.StartNew();
            foreach (ITourStep step in Steps)
            {
                Console.WriteLine($"== {step.Title}");
                var watch = Stopwatch.StartNew();
                step.Run(dir, Console.Out, CancellationToken.None);
                Console.WriteLine($"   ({watch.Elapsed.TotalSeconds:F1} s)");
                Console.WriteLine();
            }

            Console.WriteLine($"Tour finished in {total.Elapsed.TotalSeconds:F1} s; files in {Path.GetFullPath(dir)}");
            return CliApp.Ok;
        }));
        return command;
    }
}
