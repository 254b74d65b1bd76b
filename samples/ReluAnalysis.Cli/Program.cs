using System.CommandLine;
using ReluAnalysis.Cli;
using ReluAnalysis.Cli.Commands;
using ReluAnalysis.Cli.Tour;
using ReluAnalysis.Networks;

// The core package reads .nnet and JSON; the ReluAnalysis.Onnx package adds .onnx to NetworkFile.Load.
OnnxFormat.Register();
var root = new RootCommand("relu: analyse ReLU networks as piecewise-linear functions.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(FksCommand.Create());
root.Subcommands.Add(InjectivityCommand.Create());
root.Subcommands.Add(ArrangementCommand.Create());
root.Subcommands.Add(RegionsCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(CertifyCommand.Create());
root.Subcommands.Add(ScalingCommand.Create());
root.Subcommands.Add(CheckProofCommand.Create());
root.Subcommands.Add(StabilityCommand.Create());
root.Subcommands.Add(StegoCommand.Create());
root.Subcommands.Add(FeCommand.Create());
root.Subcommands.Add(SingularCommand.Create());
root.Subcommands.Add(TourCommand.Create());
return CliApp.Invoke(root, args);
