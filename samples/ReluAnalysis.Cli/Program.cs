using System.CommandLine;
using ReluAnalysis.Cli;
using ReluAnalysis.Cli.Commands;
using ReluAnalysis.Cli.Tour;

var root = new RootCommand("relu: analyse ReLU networks as piecewise-linear functions.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ArrangementCommand.Create());
root.Subcommands.Add(RegionsCommand.Create());
root.Subcommands.Add(TourCommand.Create());
return CliApp.Invoke(root, args);
