using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace ReluAnalysis.Cli;

/// <summary>Shared plumbing of the relu commands: exit codes, error reporting, JSON output, number parsing.</summary>
internal static class CliApp
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The analysis says "violated" or "not certified".</summary>
    public const int Negative = 1;

    /// <summary>Bad input.</summary>
    public const int BadInput = 2;

    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Show stack traces on errors.", Recursive = true };

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static int Invoke(RootCommand root, string[] args)
    {
        root.Options.Add(Verbose);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"relu: {error.Message}");
            }

            return BadInput;
        }

        return parse.Invoke();
    }

    /// <summary>Runs a command body, mapping bad input to exit code 2 with a one-line message.</summary>
    public static int Run(ParseResult parse, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException or NotSupportedException or InvalidDataException)
        {
            Console.Error.WriteLine($"relu: {e.Message}");
            if (parse.GetValue(Verbose))
            {
                Console.Error.WriteLine(e);
            }

            return BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("relu: cancelled.");
            return BadInput;
        }
    }

    public static void WriteJson(object value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Parses "x1,x2,…" (invariant culture); NaN and infinity are rejected.</summary>
    public static double[] ParseVector(string text, string option)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new FormatException($"{option}: value {i} \"{parts[i]}\" is not a finite number.");
            }
        }

        return values;
    }

    /// <summary>Reads rows of comma-separated numbers; errors name the file and line.</summary>
    public static List<double[]> ReadCsv(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File \"{path}\" does not exist.", path);
        }

        var rows = new List<double[]>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('#'))
            {
                continue;
            }

            try
            {
                rows.Add(ParseVector(text, "row"));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path}:{line}: {e.Message}", e);
            }
        }

        return rows;
    }

    /// <summary>Opens an embedded resource of the CLI (the tour's defaults).</summary>
    public static Stream OpenResource(string name) =>
        typeof(CliApp).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"Embedded resource \"{name}\" is missing from the build.");

    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
