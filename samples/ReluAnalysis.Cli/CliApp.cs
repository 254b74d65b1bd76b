using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;

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

    /// <summary>An unexpected failure inside the tool or library (a bug): one line on stderr, <c>--verbose</c> for the trace.</summary>
    public const int InternalError = 4;

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

    /// <summary>
    /// Runs a command body, mapping bad input to exit code 2 with a one-line message. Nothing escapes as a stack trace:
    /// an <see cref="AggregateException"/> (from parallel work) is unwrapped to its first inner cause and classified
    /// like it; any other unexpected exception is one line with exit code <see cref="InternalError"/>.
    /// </summary>
    public static int Run(ParseResult parse, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception thrown)
        {
            Exception e = Unwrap(thrown);
            bool verbose = parse.GetValue(Verbose);
            if (e is OperationCanceledException)
            {
                Console.Error.WriteLine("relu: cancelled.");
                return BadInput;
            }

            bool bad = IsBadInput(e);
            Console.Error.WriteLine(bad
                ? $"relu: {OneLine(e)}"
                : $"relu: internal error ({e.GetType().Name}): {OneLine(e)}{(verbose ? string.Empty : " (--verbose shows the stack trace)")}");
            if (verbose)
            {
                Console.Error.WriteLine(thrown);
            }

            return bad ? BadInput : InternalError;
        }
    }

    /// <summary>The exception types that mean "the input was bad" (exit code 2).</summary>
    internal static bool IsBadInput(Exception e) =>
        e is ArgumentException or FormatException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException;

    /// <summary>The first inner cause of (nested) aggregate exceptions; other exceptions unchanged.</summary>
    internal static Exception Unwrap(Exception e)
    {
        while (e is AggregateException a && a.InnerExceptions.Count > 0)
        {
            e = a.Flatten().InnerExceptions[0];
        }

        return e;
    }

    /// <summary>The message on one line, without .NET's "(Parameter 'x')" and "Actual value was …" suffixes.</summary>
    internal static string OneLine(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException)
        {
            message = Regex.Replace(message, @"\r?\nActual value was [^\r\n]*", string.Empty);
            message = Regex.Replace(message, @" \(Parameter '[^']*'\)", string.Empty);
        }

        return string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Throws a bad-input error (exit 2) with <paramref name="message"/> unless <paramref name="condition"/> holds; for checks across arguments.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    /// <summary>
    /// Checks at parse time, before any work, that the option's value lies in [<paramref name="min"/>, <paramref name="max"/>]
    /// (and is finite); otherwise one line naming the option, the value and the range, exit 2.
    /// </summary>
    /// <param name="option">The option (a plain or nullable number).</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <param name="why">Optional reason for the limit, appended in parentheses.</param>
    public static Option<T> InRange<T>(this Option<T> option, T min, T max, string? why = null)
        where T : struct, INumber<T>
    {
        option.Validators.Add(result => Check(result, option.Name, result.GetValueOrDefault<T>(), min, max, why));
        return option;
    }

    /// <inheritdoc cref="InRange{T}(Option{T}, T, T, string?)"/>
    public static Option<T?> InRange<T>(this Option<T?> option, T min, T max, string? why = null)
        where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() is { } value)
            {
                Check(result, option.Name, value, min, max, why);
            }
        });
        return option;
    }

    /// <summary>Checks at parse time that an output file's folder exists, so a long run does not fail at the end.</summary>
    public static Option<string?> OutputFile(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path)
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
                if (string.IsNullOrWhiteSpace(Path.GetFileName(path)) || Directory.Exists(path))
                {
                    result.AddError($"{option.Name} \"{path}\": expected a file path, not a folder.");
                }
                else if (folder is not null && !Directory.Exists(folder))
                {
                    result.AddError($"{option.Name} \"{path}\": the folder \"{folder}\" does not exist.");
                }
            }
        });
        return option;
    }

    /// <summary>The range as people write it: "[1, 32]", with "∞" for the type's maximum.</summary>
    public static string Range<T>(T min, T max)
        where T : struct, INumber<T> =>
        $"[{Number(min)}, {Number(max)}]";

    private static void Check<T>(OptionResult result, string name, T value, T min, T max, string? why)
        where T : struct, INumber<T>
    {
        if (!T.IsFinite(value) || value < min || value > max)
        {
            string kind = T.IsInteger(T.One / (T.One + T.One)) ? "an integer" : "a number";
            result.AddError($"{name} {Number(value)}: expected {kind} in {Range(min, max)}{(why is null ? string.Empty : $" ({why})")}.");
        }
    }

    private static string Number<T>(T value)
        where T : struct, INumber<T> =>
        (object)value is int.MaxValue or long.MaxValue or double.PositiveInfinity
            ? "∞"
            : value.ToString(null, CultureInfo.InvariantCulture);

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
