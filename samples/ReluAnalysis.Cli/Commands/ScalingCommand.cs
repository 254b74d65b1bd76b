using System.CommandLine;
using System.Globalization;
using ReluAnalysis.Mpi;

namespace ReluAnalysis.Cli.Commands;

/// <summary><c>relu scaling</c>: the simulated makespan of a measured distributed run (relu regions --mpi --timings) on 1 to 1,024 ranks.</summary>
internal static class ScalingCommand
{
    public static Command Create()
    {
        var timings = new Argument<string>("timings") { Description = "CSV written by relu regions --mpi --timings (id,parent,seconds,task_bytes,result_bytes; cost in the # line)." };
        var ranks = new Option<string>("--ranks") { Description = "Rank counts to simulate, a comma list.", DefaultValueFactory = _ => "1,2,3,4,8,16,32,64,128,256,512,1024" };
        var latency = new Option<double?>("--latency") { Description = "Message latency in seconds (default: the measured one in the CSV)." }.InRange(0, 10);
        var bandwidth = new Option<double?>("--bandwidth") { Description = "Bandwidth in bytes per second (default: the measured one in the CSV)." }.InRange(1, 1e15);
        var plot = new Option<string?>("--plot") { Description = "Write a PNG of the predicted speedup against ranks." }.OutputFile();
        var json = new Option<bool>("--json") { Description = "Write JSON: {\"subproblems\", \"work\", \"latency\", \"bandwidth\", \"points\": [{\"ranks\", \"makespan\", \"speedup\", \"efficiency\"}]}." };
        var command = new Command("scaling", "Predict the speedup of a distributed census on more ranks by replaying its measured subproblems (discrete-event simulation).")
        {
            timings, ranks, latency, bandwidth, plot, json,
        };
        command.SetAction(parse => CliApp.Run(parse, () =>
        {
            string path = parse.GetValue(timings)!;
            var (subproblems, measuredLatency, measuredBandwidth) = Read(path);
            double lat = parse.GetValue(latency) ?? measuredLatency;
            double bw = parse.GetValue(bandwidth) ?? measuredBandwidth;
            int[] counts = CliApp.ParseVector(parse.GetValue(ranks)!, "--ranks").Select(r =>
            {
                CliApp.Require(r >= 1 && r <= 1_000_000 && r == Math.Floor(r), $"--ranks: {r.ToString(CultureInfo.InvariantCulture)}; expected integers from 1 to 1000000.");
                return (int)r;
            }).ToArray();
            double one = ScalingSimulation.Makespan(subproblems, 1, lat, bw);
            var points = counts.Select(p =>
            {
                double t = ScalingSimulation.Makespan(subproblems, p, lat, bw);
                return (Ranks: p, Makespan: t, Speedup: one / t, Efficiency: one / t / p);
            }).ToArray();
            double work = subproblems.Sum(s => s.Seconds);
            if (parse.GetValue(plot) is { } png)
            {
                var plt = new ScottPlot.Plot();
                double[] xs = points.Select(p => Math.Log2(p.Ranks)).ToArray();
                var measured = plt.Add.Scatter(xs, points.Select(p => Math.Log2(p.Speedup)).ToArray());
                measured.LegendText = "simulated speedup";
                var ideal = plt.Add.Scatter(xs, xs);
                ideal.LegendText = "ideal (p)";
                ideal.LinePattern = ScottPlot.LinePattern.Dashed;
                var ticks = points.Select(p => (Math.Log2(p.Ranks), p.Ranks.ToString(CultureInfo.InvariantCulture))).ToArray();
                plt.Axes.Bottom.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
                double[] ys = Enumerable.Range(0, 11).Select(i => (double)i).ToArray();
                plt.Axes.Left.SetTicks(ys, ys.Select(y => Math.Pow(2, y).ToString(CultureInfo.InvariantCulture)).ToArray());
                plt.Title($"Predicted speedup, {subproblems.Count:N0} subproblems, {work:F1} s of work");
                plt.XLabel("MPI ranks");
                plt.YLabel("speedup (log scale)");
                plt.ShowLegend();
                plt.SavePng(png, 800, 600);
            }

            if (parse.GetValue(json))
            {
                CliApp.WriteJson(new
                {
                    subproblems = subproblems.Count, work, latency = lat, bandwidth = bw,
                    points = points.Select(p => new { ranks = p.Ranks, makespan = p.Makespan, speedup = p.Speedup, efficiency = p.Efficiency }),
                });
                return CliApp.Ok;
            }

            Console.WriteLine($"{subproblems.Count:N0} subproblems, {work:F2} s of work (longest {subproblems.Max(s => s.Seconds):F3} s); message cost {lat * 1e6:F1} µs + bytes / {bw / 1e6:F0} MB/s");
            Console.WriteLine("| ranks | makespan (s) | speedup | efficiency |");
            Console.WriteLine("|---:|---:|---:|---:|");
            foreach (var p in points)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {p.Ranks} | {p.Makespan:F3} | {p.Speedup:F1} | {p.Efficiency:P0} |"));
            }

            return CliApp.Ok;
        }));
        return command;
    }

    private static (List<SubproblemTiming> Subproblems, double Latency, double Bandwidth) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Timings file \"{path}\" does not exist; expected the CSV of relu regions --mpi --timings.", path);
        }

        var list = new List<SubproblemTiming>();
        double lat = 0;
        double bw = double.PositiveInfinity;
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.StartsWith('#'))
            {
                foreach (string kv in line[1..].Split(',', StringSplitOptions.TrimEntries))
                {
                    string[] p = kv.Split('=');
                    if (p.Length == 2 && p[0] == "latency_s")
                    {
                        lat = double.Parse(p[1], CultureInfo.InvariantCulture);
                    }
                    else if (p.Length == 2 && p[0] == "bytes_per_s")
                    {
                        bw = double.Parse(p[1], CultureInfo.InvariantCulture);
                    }
                }

                continue;
            }

            if (line.StartsWith("id,", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] f = line.Split(',');
            if (f.Length != 5 || !long.TryParse(f[0], CultureInfo.InvariantCulture, out long id) || !long.TryParse(f[1], CultureInfo.InvariantCulture, out long parent)
                || !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds >= 0)
                || !int.TryParse(f[3], CultureInfo.InvariantCulture, out int taskBytes) || !int.TryParse(f[4], CultureInfo.InvariantCulture, out int resultBytes))
            {
                throw new FormatException($"{path}:{number}: expected \"id,parent,seconds,task_bytes,result_bytes\" with seconds ≥ 0; found \"{line}\".");
            }

            list.Add(new SubproblemTiming(id, parent, seconds, taskBytes, resultBytes));
        }

        CliApp.Require(list.Count > 0, $"{path}: no subproblems; expected the CSV of relu regions --mpi --timings.");
        return (list, lat, double.IsFinite(bw) && bw > 0 ? bw : 1e9);
    }
}
