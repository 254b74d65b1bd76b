using System.Globalization;
using ReluAnalysis.Cli.Plots;
using ReluAnalysis.NullSpace;
using ReluAnalysis.Training;

namespace ReluAnalysis.Cli.Tour;

/// <summary>Null-space steganography: a 64-16-16-10 digits MLP, one hidden digit three ways, 200 random pairs.</summary>
internal sealed class StegoTourStep : ITourStep
{
    public string Title => "Null space: hide one digit in another without changing the classifier's output (Li and Short, arXiv 2401.10262)";

    public void Run(string outDir, TextWriter output, CancellationToken cancellationToken)
    {
        DigitsDataset digits = Commands.StegoCommand.LoadDigits();
        StegoClassifier trained = Steganography.TrainDigitsClassifier(digits, cancellationToken: cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   MLP 64-16-16-10 trained in {trained.Elapsed.TotalSeconds:F1} s (seed 1), test accuracy {trained.TestAccuracy:P1}"));
        double[] cover = digits.Image(0).ToArray(), hidden = digits.Image(1).ToArray();
        var options = new StegoOptions();
        StegoResult exact = Steganography.Hide(trained.Network, cover, hidden, options);
        StegoResult blended = Steganography.Hide(trained.Network, cover, hidden, options with { Method = StegoMethod.Blended });
        StegoResult local = Steganography.Hide(trained.Network, cover, hidden, options with { Method = StegoMethod.Local });
        output.WriteLine($"   first layer rank {exact.Rank}: null space dimension {exact.NullDimension} of 64; local null space at the hidden digit {local.LocalNullDimension}");
        output.WriteLine(Commands.StegoCommand.Describe("exact   S = P_N C + P_R H", exact));
        output.WriteLine(Commands.StegoCommand.Describe("blended alpha = 0.7", blended));
        output.WriteLine(Commands.StegoCommand.Describe("local", local));

        StegoStatistics stats = Steganography.Statistics(
            trained.Network, digits.Rows(trained.TestRows), new StegoStatisticsOptions { Pairs = 200 }, cancellationToken: cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   200 random held-out pairs: hidden class kept exact {stats.Exact.KeptFraction:P1}, blended {stats.Blended.KeptFraction:P1}, local {stats.Local.KeptFraction:P1}; " +
            $"mean PSNR(S, C) {stats.Exact.MeanPsnr:F1} / {stats.Blended.MeanPsnr:F1} / {stats.Local.MeanPsnr:F1} dB"));
        string png = Path.Combine(outDir, "stego.png");
        StegoPlots.Save(png, [("exact", exact), ("blended a=0.7", blended), ("local", local)]);
        output.WriteLine($"   cover, hidden, stego and what the network sees: {png}");
        output.WriteLine("   try: relu stego --cover 0 --hidden 1 --local --pairs 1000 --plot stego.png");
    }
}
