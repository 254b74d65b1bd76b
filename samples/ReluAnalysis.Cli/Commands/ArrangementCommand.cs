using System.CommandLine;
using ReluAnalysis.Geometry;
using ReluAnalysis.Regions.Arrangements;

namespace ReluAnalysis.Cli.Commands;

internal static class ArrangementCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "CSV file, one hyperplane per row: a_1,…,a_d,b meaning a·x + b = 0." };
        var box = new Option<string>("--box") { Description = "Domain box \"lo:hi,lo:hi,…\" (one interval per dimension).", Required = true };
        var maxCells = new Option<long?>("--max-cells") { Description = "Stop after this many cells (at least 1)." }.InRange(1L, long.MaxValue);
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"cells\", \"removed\", \"lps\", \"lpsSkipped\", \"seconds\", \"status\"}." };
        var command = new Command("arrangement", "Count the cells of a hyperplane arrangement inside a box (exact, LP-based flip search).")
        {
            file, box, maxCells, json,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            string path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"File \"{path}\" does not exist.", path);
            }

            HyperplaneArrangement arr = HyperplaneArrangement.ReadCsv(path);
            Box domain = Box.Parse(parse.GetValue(box)!);
            if (domain.Dimension != arr.Dimension)
            {
                throw new ArgumentException($"--box has {domain.Dimension} intervals; the hyperplanes live in R^{arr.Dimension}.");
            }

            var options = new ArrangementOptions { MaxCells = parse.GetValue(maxCells) ?? long.MaxValue };
            var progress = new StderrProgress(p => $"\r  {p.Stage}: {p.Completed:N0} cells, {p.Value:N0} LPs   ");
            ArrangementResult r = ArrangementEnumerator.Enumerate(arr, domain, options, progress: progress);
            Console.Error.WriteLine();
            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    cells = r.Cells.Count,
                    removed = r.Removed.Count,
                    lps = r.Lp.Solved,
                    lpsSkipped = r.Lp.Skipped,
                    seconds = r.Elapsed.TotalSeconds,
                    status = RegionsCommand.StatusWord(r.Status),
                });
                return CliApp.Ok;
            }

            Console.WriteLine($"{r.Cells.Count} cells of {arr.Count} hyperplanes in R^{arr.Dimension} inside {domain} ({RegionsCommand.StatusWord(r.Status)})");
            foreach (RemovedHyperplane h in r.Removed)
            {
                Console.WriteLine($"  removed hyperplane {h.Index}: {h.Reason}{(h.DuplicateOf >= 0 ? $" of {h.DuplicateOf}" : string.Empty)}");
            }

            Console.WriteLine($"  {r.Lp.Solved:N0} LPs solved, {r.Lp.Skipped:N0} skipped, {r.Elapsed.TotalSeconds:F3} s");
            return CliApp.Ok;
        }));
        return command;
    }
}
