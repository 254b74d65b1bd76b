using ReluAnalysis.Geometry;

namespace ReluAnalysis.Specifications;

/// <summary>
/// Reads properties in the VNNLIB subset of VNN-COMP's tabular benchmarks (spec §5): <c>(declare-const X_i Real)</c>,
/// <c>(declare-const Y_j Real)</c> and <c>(assert F)</c> with <c>F</c> built from <c>and</c>, <c>or</c>, <c>&lt;=</c>,
/// <c>&gt;=</c> over linear terms (<c>+</c>, <c>-</c>, <c>*</c> by a number). Top-level asserts are conjoined.
/// </summary>
/// <remarks>
/// Each assert must speak about the inputs only or about the outputs only (an assert that is one conjunction may
/// mix the two; its atoms are sorted). Input asserts give the input set in disjunctive normal form (each term a
/// bounded box or polytope), output asserts the unsafe set. Atoms mixing <c>X</c> and <c>Y</c> are rejected.
/// Numbers are read in the invariant culture, exponents allowed. Every error is a <see cref="FormatException"/>
/// whose message starts with <c>file:line:column:</c>.
/// </remarks>
public static class VnnLibReader
{
    /// <summary>Reads a property from a VNNLIB file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is outside the supported subset or malformed (message names file, line and column).</exception>
    public static VerificationProperty Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"VNNLIB file \"{path}\" does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a property from VNNLIB text.</summary>
    /// <param name="text">The VNNLIB text.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <exception cref="FormatException">The text is outside the supported subset or malformed.</exception>
    public static VerificationProperty Parse(string text, string sourceName = "<vnnlib>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        VnnLibParser.Parsed p = VnnLibParser.Parse(text, sourceName);
        if (p.Inputs == 0)
        {
            throw new FormatException($"{sourceName}:1:1: no input variable X_0 is declared.");
        }

        if (p.Outputs == 0)
        {
            throw new FormatException($"{sourceName}:1:1: no output variable Y_0 is declared.");
        }

        var inputDnf = new List<List<VnnLibParser.Atom>> { new() };
        var outputDnf = new List<List<VnnLibParser.Atom>> { new() };
        for (int a = 0; a < p.Asserts.Count; a++)
        {
            List<List<VnnLibParser.Atom>> dnf = p.Asserts[a];
            var (line, column) = p.AssertLocations[a];
            foreach (VnnLibParser.Atom atom in dnf.SelectMany(c => c))
            {
                if (atom.InputCoefficients.Any(v => v != 0) && atom.OutputCoefficients.Any(v => v != 0))
                {
                    throw new FormatException($"{sourceName}:{atom.Line}:{atom.Column}: the atom mixes inputs X and outputs Y; expected a condition on inputs only or on outputs only.");
                }
            }

            bool anyInput = dnf.Any(c => c.Any(IsInput));
            bool anyOutput = dnf.Any(c => c.Any(IsOutput));
            if (anyInput && anyOutput)
            {
                if (dnf.Count != 1)
                {
                    throw new FormatException($"{sourceName}:{line}:{column}: the assert couples input and output conditions inside a disjunction; expected separate asserts for the input set and the output condition.");
                }

                inputDnf = Product(inputDnf, [dnf[0].Where(t => !IsOutput(t)).ToList()], sourceName, line, column);
                outputDnf = Product(outputDnf, [dnf[0].Where(IsOutput).ToList()], sourceName, line, column);
            }
            else if (anyOutput)
            {
                outputDnf = Product(outputDnf, dnf, sourceName, line, column);
            }
            else
            {
                inputDnf = Product(inputDnf, dnf, sourceName, line, column);
            }
        }

        var pieces = new List<Polytope>();
        foreach (List<VnnLibParser.Atom> conj in inputDnf)
        {
            if (conj.Any(t => !IsInput(t) && t.Bound < 0))
            {
                continue;
            }

            var rows = conj.Where(IsInput).Select(t => new HalfSpace(t.InputCoefficients, t.Bound)).ToList();
            var piece = new Polytope(p.Inputs, rows);
            Box? box = VerificationProperty.AsBox(piece);
            if (box is null && rows.All(r => r.Normal.ToArray().Count(v => v != 0) <= 1))
            {
                // Axis-aligned but not a proper box: name the first coordinate that is unbounded or empty.
                var location = conj.Count > 0 ? (conj[0].Line, conj[0].Column) : (1, 1);
                throw new FormatException($"{sourceName}:{location.Item1}:{location.Item2}: input piece {pieces.Count} is not a bounded non-empty box ({Describe(piece)}); expected lower ≤ upper bounds on every X_i.");
            }

            pieces.Add(piece);
        }

        if (pieces.Count == 0)
        {
            throw new FormatException($"{sourceName}:1:1: the input set is empty (every input disjunct contains a false constant atom).");
        }

        var unsafeSets = new List<Polytope>();
        foreach (List<VnnLibParser.Atom> conj in outputDnf)
        {
            if (conj.Any(t => !IsOutput(t) && !IsInput(t) && t.Bound < 0))
            {
                continue;
            }

            unsafeSets.Add(new Polytope(p.Outputs, conj.Where(IsOutput).Select(t => new HalfSpace(t.OutputCoefficients, t.Bound))));
        }

        return new VerificationProperty(pieces, unsafeSets, p.Outputs);
    }

    private static bool IsInput(VnnLibParser.Atom t) => t.InputCoefficients.Any(v => v != 0);

    private static bool IsOutput(VnnLibParser.Atom t) => t.OutputCoefficients.Any(v => v != 0);

    private static List<List<VnnLibParser.Atom>> Product(List<List<VnnLibParser.Atom>> left, List<List<VnnLibParser.Atom>> right, string file, int line, int column)
    {
        if ((long)left.Count * right.Count > 100_000)
        {
            throw new FormatException($"{file}:{line}:{column}: the disjunctive normal form has more than 100,000 terms.");
        }

        var result = new List<List<VnnLibParser.Atom>>(left.Count * right.Count);
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                result.Add([.. l, .. r]);
            }
        }

        return result;
    }

    private static string Describe(Polytope piece)
    {
        int d = piece.Dimension;
        var lo = Enumerable.Repeat(double.NegativeInfinity, d).ToArray();
        var hi = Enumerable.Repeat(double.PositiveInfinity, d).ToArray();
        foreach (HalfSpace row in piece.HalfSpaces)
        {
            for (int j = 0; j < d; j++)
            {
                double a = row.Normal[j];
                if (a > 0)
                {
                    hi[j] = Math.Min(hi[j], row.Offset / a);
                }
                else if (a < 0)
                {
                    lo[j] = Math.Max(lo[j], row.Offset / a);
                }
            }
        }

        for (int j = 0; j < d; j++)
        {
            if (!(lo[j] <= hi[j]) || double.IsInfinity(lo[j]) || double.IsInfinity(hi[j]))
            {
                return $"X_{j} ∈ [{lo[j]}, {hi[j]}]";
            }
        }

        return "no bounded box";
    }
}
