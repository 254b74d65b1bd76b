using System.CommandLine;

namespace ReluAnalysis.Cli.Tests;

/// <summary>Bad input as a new user types it: every command answers with one line naming the argument and the allowed range, exit 2.</summary>
public class BadInputTests
{
    private static readonly string Acas = Relu.Data("acasxu", "ACASXU_run2a_1_1_batch_2000.nnet");

    [Theory]
    [InlineData("info|missing.nnet", "does not exist")]
    [InlineData("info|README.md", "README.md")]
    [InlineData("eval|{acas}", "give exactly one of --input")]
    [InlineData("eval|{acas}|--input|1,2,3,4,5|--inputs|x.csv", "give exactly one of --input")]
    [InlineData("explain|{acas}|--input|1,1,1,1,1|--method|ig|--steps|-1", "--steps -1: expected an integer in [0, 100000]")]
    [InlineData("explain|{acas}|--input|1,1,1,1,1|--plot|/no-such-folder/x.png", "--plot \"/no-such-folder/x.png\": the folder")]
    [InlineData("fks|--knots|0", "--knots 0: expected an integer in [1, 100000]")]
    [InlineData("fks|--knots|5000|--method|relu-adam", "--knots 5000: expected an integer in [1, 2048] for --method relu-adam")]
    [InlineData("fks|--method|fks|--epochs|0", "--epochs 0: expected an integer in [1, 1000000]")]
    [InlineData("injectivity|check|--n|500|--m|10", "--n 500: expected an integer in [1, 32]")]
    [InlineData("injectivity|check|--n|3|--m|0", "--m 0: expected an integer in [1, 100000]")]
    [InlineData("injectivity|check|--n|8|--m|200", "C(m, n − 1) = 2.28e12 rays per instance; expected at most 2e8")]
    [InlineData("injectivity|check|--n|3|--m|9|--trials|0", "--trials 0: expected an integer in [1, 1000000]")]
    [InlineData("injectivity|curve|--n|3,40", "--n 40: expected integers in [1, 32]")]
    [InlineData("injectivity|curve|--n|3|--alphas|1:2:0.0000001", "gives 10000001 points; expected at most 1000")]
    [InlineData("injectivity|curve|--n|3|--alphas|1:2:", "expected start:stop:step")]
    [InlineData("injectivity|curve|--n|3|--alphas|-1:2:1", "expected positive values")]
    [InlineData("injectivity|curve|--n|3|--alphas|100000", "expected m in [1, 100000]")]
    [InlineData("injectivity|deep|--m1|0", "--m1 0: expected an integer in [1, 200]")]
    [InlineData("injectivity|deep|--m1|50|--alphas|10", "m2 = 500; expected m2 in [1, 200]")]
    [InlineData("injectivity|rdt|--level|4", "--level 4: expected an integer in [1, 3]")]
    [InlineData("injectivity|rdt|--nodes|2", "--nodes 2: expected an integer in [8, 1000]")]
    [InlineData("injectivity|rdt|--energies|1,3", "alpha must exceed 2")]
    [InlineData("arrangement|{csv}|--box|0:1,0:1|--max-cells|0", "--max-cells 0: expected an integer in [1, ∞]")]
    [InlineData("arrangement|{csv}|--box|0:1", "--box has 1 intervals")]
    [InlineData("regions|{acas}|--box|0:1,0:1|--slice|0.5,1", "--slice \"0.5,1\": expected two distinct integer input indices in [0, 4]")]
    [InlineData("regions|{acas}|--box|0:1,0:1,0:1,0:1,0:1|--time-limit|-1", "--time-limit -1: expected a number in [0.001, 10000000]")]
    [InlineData("regions|{acas}|--box|0:1,0:1,0:1,0:1,0:1|--max-regions|0", "--max-regions 0: expected an integer in [1, ∞]")]
    [InlineData("tour|--out|{csv}", "expected a folder; a file of that name exists")]
    public void Every_command_rejects_bad_input_with_one_line_and_exit_2(string args, string message)
    {
        string csv = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-planes.csv");
        File.WriteAllText(csv, "1,0,0\n0,1,0\n");
        try
        {
            string[] argv = args.Replace("{acas}", Acas).Replace("{csv}", csv).Split('|');
            var (exit, output, err) = Relu.Run(argv);
            Assert.Equal(2, exit);
            Assert.Contains(message, err);
            Assert.Equal(string.Empty, output);
            string[] lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, $"expected one line, got: {err}");
            Assert.StartsWith("relu: ", lines[0]);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void An_aggregate_exception_is_unwrapped_to_its_bad_input_cause()
    {
        var (exit, err) = RunBody(() => throw new AggregateException(new AggregateException(
            new ArgumentOutOfRangeException("columns", 500, "columns must be at most 32; found 500."))));
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal("relu: columns must be at most 32; found 500.", err.TrimEnd());
    }

    [Fact]
    public void An_unexpected_exception_is_one_line_with_exit_4()
    {
        var (exit, err) = RunBody(() => throw new AggregateException(new InvalidOperationException("broken invariant")));
        Assert.Equal(CliApp.InternalError, exit);
        Assert.Equal("relu: internal error (InvalidOperationException): broken invariant (--verbose shows the stack trace)", err.TrimEnd());
    }

    private static (int Exit, string Err) RunBody(Func<int> body)
    {
        var root = new RootCommand { CliApp.Verbose };
        ParseResult parse = root.Parse([]);
        TextWriter stderr = Console.Error;
        var e = new StringWriter();
        Console.SetError(e);
        try
        {
            return (CliApp.Run(parse, body), e.ToString());
        }
        finally
        {
            Console.SetError(stderr);
        }
    }
}
