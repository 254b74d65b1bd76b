using ScottPlot;
using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;
using ReluAnalysis.SingularPerturbation;

namespace ReluAnalysis.Cli.Plots;

/// <summary>PNG of the singular command: solution, network and mesh on [−1, 1], and a zoom into the left boundary layer.</summary>
internal static class SingularPlots
{
    public static void SolutionAndLayer(string path, ReactionDiffusionProblem problem, ReluNetwork network, LayerMesh mesh)
    {
        double eps = problem.Epsilon;
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(2);
        ScottPlot.Plot top = multiplot.GetPlot(0);
        ScottPlot.Plot bottom = multiplot.GetPlot(1);
        var evaluator = new BatchEvaluator(network, 1);

        const int n = 3001;
        double[] xs = [.. Enumerable.Range(0, n).Select(i => -1 + 2.0 * i / (n - 1))];
        Draw(top, xs, xs, problem, evaluator, mesh, x => x);
        top.Title($"-eps^2 u'' + u = 1, eps = {eps:G3}: solution and network ({mesh.Name}, {network.HiddenNeuronCount} neurons)");
        top.XLabel("x");

        double width = Math.Min(2.0, 12 * eps);
        double[] zx = [.. Enumerable.Range(0, n).Select(i => -1 + width * i / (n - 1))];
        Draw(bottom, zx, [.. zx.Select(x => (x + 1) / eps)], problem, evaluator, mesh, x => (x + 1) / eps);
        bottom.Title("zoom into the left boundary layer");
        bottom.XLabel("(x + 1) / eps");
        bottom.Axes.SetLimitsX(0, width / eps);
        multiplot.SavePng(path, 900, 1000);
    }

    private static void Draw(ScottPlot.Plot plt, double[] xs, double[] shown, ReactionDiffusionProblem problem, BatchEvaluator evaluator, LayerMesh mesh, Func<double, double> map)
    {
        double[] u = [.. xs.Select(problem.Solution)];
        double[] y = evaluator.Evaluate(xs, withPatterns: false).Outputs;
        var lu = plt.Add.ScatterLine(shown, u);
        lu.LegendText = "solution u";
        lu.LineWidth = 3;
        var ly = plt.Add.ScatterLine(shown, y);
        ly.LegendText = "network";
        ly.LinePattern = LinePattern.Dashed;
        ly.LineWidth = 2;
        double lo = shown[0], hi = shown[^1];
        double[] nodes = [.. mesh.Nodes.Select(map).Where(v => v >= lo && v <= hi)];
        var marks = plt.Add.Scatter(nodes, [.. nodes.Select(_ => -0.05)]);
        marks.LineWidth = 0;
        marks.MarkerShape = MarkerShape.VerticalBar;
        marks.MarkerSize = 8;
        marks.LegendText = "mesh nodes";
        plt.Axes.SetLimitsY(-0.1, 1.1);
        plt.ShowLegend(Alignment.MiddleRight);
    }
}
