using System.Globalization;
using System.Text;

namespace ReluAnalysis.Specifications;

/// <summary>
/// Reads the VNNLIB subset of spec §5 (S-expressions, <c>declare-const</c>, <c>assert</c> over <c>and</c>, <c>or</c>,
/// <c>&lt;=</c>, <c>&gt;=</c> with linear terms) into a disjunctive normal form of linear atoms. Every error names
/// the file, line and column.
/// </summary>
internal sealed class VnnLibParser
{
    private readonly string _file;
    private readonly string _text;
    private readonly Dictionary<string, (bool IsOutput, int Index)> _variables = new(StringComparer.Ordinal);
    private int _inputs;
    private int _outputs;

    private VnnLibParser(string text, string file)
    {
        _text = text;
        _file = file;
    }

    /// <summary>One S-expression: a symbol (<see cref="Symbol"/> set) or a list.</summary>
    private sealed record Node(string? Symbol, List<Node>? Items, int Line, int Column);

    /// <summary>A linear atom <c>g·[x; y] ≤ h</c> over the declared inputs and outputs.</summary>
    internal sealed record Atom(double[] InputCoefficients, double[] OutputCoefficients, double Bound, int Line, int Column);

    /// <summary>The parsed file: declared dimensions and the conjunction of the top-level asserts, each in DNF.</summary>
    internal sealed record Parsed(int Inputs, int Outputs, List<List<List<Atom>>> Asserts, List<(int Line, int Column)> AssertLocations);

    public static Parsed Parse(string text, string file) => new VnnLibParser(text, file).Run();

    private FormatException Error(int line, int column, string message) => new($"{_file}:{line}:{column}: {message}");

    private Parsed Run()
    {
        List<Node> top = Read();
        var asserts = new List<Node>();
        foreach (Node node in top)
        {
            if (node.Items is not { Count: > 0 } items || items[0].Symbol is not { } head)
            {
                throw Error(node.Line, node.Column, "expected a command (declare-const …) or (assert …).");
            }

            switch (head)
            {
                case "declare-const":
                    Declare(node, items);
                    break;
                case "assert":
                    if (items.Count != 2)
                    {
                        throw Error(node.Line, node.Column, $"assert takes one formula; found {items.Count - 1}.");
                    }

                    asserts.Add(items[1]);
                    break;
                default:
                    throw Error(items[0].Line, items[0].Column, $"unsupported command \"{head}\"; expected declare-const or assert.");
            }
        }

        var dnfs = new List<List<List<Atom>>>();
        var locations = new List<(int, int)>();
        foreach (Node a in asserts)
        {
            dnfs.Add(Formula(a));
            locations.Add((a.Line, a.Column));
        }

        return new Parsed(_inputs, _outputs, dnfs, locations);
    }

    private void Declare(Node node, List<Node> items)
    {
        if (items.Count != 3 || items[1].Symbol is not { } name || items[2].Symbol is not { } type)
        {
            throw Error(node.Line, node.Column, "expected (declare-const NAME Real).");
        }

        if (type != "Real")
        {
            throw Error(items[2].Line, items[2].Column, $"type \"{type}\" is not supported; expected Real.");
        }

        bool isOutput;
        if (name.StartsWith("X_", StringComparison.Ordinal))
        {
            isOutput = false;
        }
        else if (name.StartsWith("Y_", StringComparison.Ordinal))
        {
            isOutput = true;
        }
        else
        {
            throw Error(items[1].Line, items[1].Column, $"variable \"{name}\" is neither an input X_… nor an output Y_….");
        }

        if (_variables.ContainsKey(name))
        {
            throw Error(items[1].Line, items[1].Column, $"variable \"{name}\" is declared twice.");
        }

        // X_i names its index; other spellings (X_0_0_0_i) count in declaration order.
        int ordinal = isOutput ? _outputs : _inputs;
        int index = int.TryParse(name.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : ordinal;
        if (index != ordinal)
        {
            throw Error(items[1].Line, items[1].Column, $"variable \"{name}\" is declared as number {ordinal} of its kind; expected {(isOutput ? "Y" : "X")}_{ordinal} (declare indices in order).");
        }

        _variables[name] = (isOutput, index);
        if (isOutput)
        {
            _outputs++;
        }
        else
        {
            _inputs++;
        }
    }

    /// <summary>A formula in DNF: a list of conjunctions (lists of atoms).</summary>
    private List<List<Atom>> Formula(Node node)
    {
        if (node.Items is not { Count: > 0 } items || items[0].Symbol is not { } head)
        {
            throw Error(node.Line, node.Column, "expected a formula (and …), (or …), (<= a b) or (>= a b).");
        }

        switch (head)
        {
            case "and":
            {
                if (items.Count < 2)
                {
                    throw Error(node.Line, node.Column, "and needs at least one formula.");
                }

                var result = new List<List<Atom>> { new() };
                for (int k = 1; k < items.Count; k++)
                {
                    List<List<Atom>> part = Formula(items[k]);
                    var product = new List<List<Atom>>(result.Count * part.Count);
                    foreach (List<Atom> left in result)
                    {
                        foreach (List<Atom> right in part)
                        {
                            product.Add([.. left, .. right]);
                        }
                    }

                    result = product;
                    if (result.Count > 100_000)
                    {
                        throw Error(node.Line, node.Column, "the formula's disjunctive normal form has more than 100,000 terms.");
                    }
                }

                return result;
            }

            case "or":
            {
                if (items.Count < 2)
                {
                    throw Error(node.Line, node.Column, "or needs at least one formula.");
                }

                var result = new List<List<Atom>>();
                for (int k = 1; k < items.Count; k++)
                {
                    result.AddRange(Formula(items[k]));
                }

                return result;
            }

            case "<=":
            case ">=":
            {
                if (items.Count != 3)
                {
                    throw Error(node.Line, node.Column, $"{head} takes two terms; found {items.Count - 1}.");
                }

                var (lx, ly, lc) = Term(items[1]);
                var (rx, ry, rc) = Term(items[2]);
                double sign = head == "<=" ? 1.0 : -1.0;

                // left ≤ right  ⇔  (left − right)·v ≤ rc − lc.
                var gx = new double[_inputs];
                var gy = new double[_outputs];
                for (int i = 0; i < _inputs; i++)
                {
                    gx[i] = sign * (lx[i] - rx[i]);
                }

                for (int j = 0; j < _outputs; j++)
                {
                    gy[j] = sign * (ly[j] - ry[j]);
                }

                double h = sign * (rc - lc);
                if (!double.IsFinite(h) || gx.Any(v => !double.IsFinite(v)) || gy.Any(v => !double.IsFinite(v)))
                {
                    throw Error(node.Line, node.Column, "the atom has a coefficient that is not finite.");
                }

                return [[new Atom(gx, gy, h, node.Line, node.Column)]];
            }

            default:
                throw Error(items[0].Line, items[0].Column, $"unsupported operator \"{head}\"; expected and, or, <= or >=.");
        }
    }

    /// <summary>A linear term as coefficients over X, over Y and a constant.</summary>
    private (double[] X, double[] Y, double C) Term(Node node)
    {
        var x = new double[_inputs];
        var y = new double[_outputs];
        if (node.Symbol is { } s)
        {
            if (_variables.TryGetValue(s, out var v))
            {
                (v.IsOutput ? y : x)[v.Index] = 1.0;
                return (x, y, 0.0);
            }

            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double c))
            {
                if (!double.IsFinite(c))
                {
                    throw Error(node.Line, node.Column, $"number \"{s}\" is not finite.");
                }

                return (x, y, c);
            }

            throw Error(node.Line, node.Column, $"\"{s}\" is neither a declared variable nor a number.");
        }

        List<Node> items = node.Items!;
        if (items.Count == 0 || items[0].Symbol is not { } op)
        {
            throw Error(node.Line, node.Column, "expected a term: a variable, a number, (+ …), (- …) or (* number term).");
        }

        switch (op)
        {
            case "+" when items.Count >= 2:
            {
                double c = 0;
                for (int k = 1; k < items.Count; k++)
                {
                    var (tx, ty, tc) = Term(items[k]);
                    Add(x, tx, 1);
                    Add(y, ty, 1);
                    c += tc;
                }

                return (x, y, c);
            }

            case "-" when items.Count == 2:
            {
                var (tx, ty, tc) = Term(items[1]);
                Add(x, tx, -1);
                Add(y, ty, -1);
                return (x, y, -tc);
            }

            case "-" when items.Count == 3:
            {
                var (ax, ay, ac) = Term(items[1]);
                var (bx, by, bc) = Term(items[2]);
                Add(x, ax, 1);
                Add(y, ay, 1);
                Add(x, bx, -1);
                Add(y, by, -1);
                return (x, y, ac - bc);
            }

            case "*" when items.Count >= 3:
            {
                // A product is linear when at most one factor is not a constant.
                double factor = 1;
                (double[] X, double[] Y, double C)? variable = null;
                for (int k = 1; k < items.Count; k++)
                {
                    var t = Term(items[k]);
                    if (t.X.All(v => v == 0) && t.Y.All(v => v == 0))
                    {
                        factor *= t.C;
                    }
                    else if (variable is null)
                    {
                        variable = t;
                    }
                    else
                    {
                        throw Error(items[k].Line, items[k].Column, "the product of two variable terms is not linear.");
                    }
                }

                if (variable is not { } vt)
                {
                    return (x, y, factor);
                }

                Add(x, vt.X, factor);
                Add(y, vt.Y, factor);
                return (x, y, factor * vt.C);
            }

            default:
                throw Error(items[0].Line, items[0].Column, $"unsupported term operator \"{op}\" with {items.Count - 1} arguments; expected (+ t…), (- t), (- t t) or (* number t).");
        }
    }

    private static void Add(double[] target, double[] source, double factor)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += factor * source[i];
        }
    }

    /// <summary>Tokenises and reads the top-level S-expressions.</summary>
    private List<Node> Read()
    {
        var stack = new Stack<(List<Node> Items, int Line, int Column)>();
        var top = new List<Node>();
        int line = 1, column = 1;
        int pos = 0;
        while (pos < _text.Length)
        {
            char ch = _text[pos];
            if (ch == ';')
            {
                while (pos < _text.Length && _text[pos] != '\n')
                {
                    pos++;
                }

                continue;
            }

            if (ch == '\n')
            {
                line++;
                column = 1;
                pos++;
                continue;
            }

            if (char.IsWhiteSpace(ch))
            {
                pos++;
                column++;
                continue;
            }

            if (ch == '(')
            {
                stack.Push((new List<Node>(), line, column));
                pos++;
                column++;
                continue;
            }

            if (ch == ')')
            {
                if (stack.Count == 0)
                {
                    throw Error(line, column, "unbalanced \")\".");
                }

                var (items, l0, c0) = stack.Pop();
                var node = new Node(null, items, l0, c0);
                (stack.Count == 0 ? top : stack.Peek().Items).Add(node);
                pos++;
                column++;
                continue;
            }

            var sb = new StringBuilder();
            int startColumn = column;
            while (pos < _text.Length && !char.IsWhiteSpace(_text[pos]) && _text[pos] != '(' && _text[pos] != ')' && _text[pos] != ';')
            {
                sb.Append(_text[pos]);
                pos++;
                column++;
            }

            if (stack.Count == 0)
            {
                throw Error(line, startColumn, $"\"{sb}\" outside parentheses.");
            }

            stack.Peek().Items.Add(new Node(sb.ToString(), null, line, startColumn));
        }

        if (stack.Count > 0)
        {
            var (_, l0, c0) = stack.Peek();
            throw Error(l0, c0, "\"(\" is never closed (unexpected end of file).");
        }

        return top;
    }
}
