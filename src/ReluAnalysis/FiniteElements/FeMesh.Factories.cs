using System.Globalization;

namespace ReluAnalysis.FiniteElements;

public sealed partial class FeMesh
{
    /// <summary>The mesh names accepted by <see cref="Parse"/>.</summary>
    public static IReadOnlyList<string> FactoryNames { get; } = ["interval", "interval-random", "square", "jitter", "file"];

    /// <summary>N uniform cells of [0, 1]; <c>n = N + 1</c> hyperplanes (the nodes), <c>m = N</c>.</summary>
    /// <param name="cells">N ≥ 1.</param>
    public static FeMesh Interval(int cells)
    {
        Guard.Positive(cells, nameof(cells));
        double[] x = Splines.FreeKnotSpline.UniformKnots(cells);
        return Mesh1D(x, $"interval:{cells}", cells);
    }

    /// <summary>N cells of [0, 1] with N − 1 seeded uniform random interior nodes (sorted; redrawn if two coincide).</summary>
    /// <param name="cells">N ≥ 1.</param>
    /// <param name="seed">Seed of the node positions.</param>
    public static FeMesh IntervalRandom(int cells, int seed = 1)
    {
        Guard.Positive(cells, nameof(cells));
        var rng = new Random(seed);
        double[] x;
        do
        {
            x = new double[cells + 1];
            for (int i = 1; i < cells; i++)
            {
                x[i] = rng.NextDouble();
            }

            x[cells] = 1.0;
            Array.Sort(x, 1, cells - 1);
        }
        while (Enumerable.Range(0, cells).Any(i => !(x[i + 1] > x[i])));

        return Mesh1D(x, $"interval-random:{cells}", cells);
    }

    /// <summary>
    /// The unit square cut into N×N squares, each split by its diagonal from (i/N, j/N) to ((i+1)/N, (j+1)/N):
    /// <c>m = 2N²</c> triangles on <c>n = (N+1) + (N+1) + (2N−1) = 4N + 1</c> distinct lines.
    /// </summary>
    /// <param name="cells">N ≥ 1 squares per side.</param>
    public static FeMesh Square(int cells) => Grid(cells, 0.0, 1, $"square:{cells}", 4 * cells + 1, "4N + 1");

    /// <summary>
    /// The <see cref="Square"/> triangulation with every interior node moved by a seeded uniform offset in
    /// <c>[−0.2/N, 0.2/N]²</c> (boundary nodes fixed, so Ω stays the unit square). Generic jitter makes every interior
    /// edge its own line: <c>n = 4 + (3N² − 2N)</c>.
    /// </summary>
    /// <param name="cells">N ≥ 1 squares per side.</param>
    /// <param name="seed">Seed of the jitter.</param>
    public static FeMesh Jitter(int cells, int seed = 1) => Grid(cells, 0.2, seed, $"jitter:{cells}", 3 * cells * cells - 2 * cells + 4, "3N² − 2N + 4");

    /// <summary>
    /// Parses a mesh spec: <c>interval:N</c>, <c>interval-random:N</c>, <c>square:N</c>, <c>jitter:N</c> (N a positive
    /// integer) or <c>file:PATH</c> (see <see cref="FeMeshFile"/>).
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <param name="seed">Seed of the random meshes.</param>
    /// <exception cref="ArgumentException">Unknown name or a size that is not a positive integer.</exception>
    public static FeMesh Parse(string spec, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':');
        string name = colon < 0 ? spec : spec[..colon];
        string arg = colon < 0 ? "" : spec[(colon + 1)..];
        if (name == "file")
        {
            return FeMeshFile.Read(arg);
        }

        if (!FactoryNames.Contains(name))
        {
            throw new ArgumentException($"mesh \"{spec}\": unknown mesh name \"{name}\"; expected one of {string.Join(", ", FactoryNames.Select(n => n == "file" ? "file:PATH" : n + ":N"))}.", nameof(spec));
        }

        if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 4096)
        {
            throw new ArgumentException($"mesh \"{spec}\": the size \"{arg}\" is not a positive integer in [1, 4096].", nameof(spec));
        }

        return name switch
        {
            "interval" => Interval(n),
            "interval-random" => IntervalRandom(n, seed),
            "square" => Square(n),
            _ => Jitter(n, seed),
        };
    }

    private static FeMesh Mesh1D(double[] x, string name, int cells)
    {
        var c = new int[cells][];
        for (int i = 0; i < cells; i++)
        {
            c[i] = [i, i + 1];
        }

        return new FeMesh(1, x, c, name, cells + 1, "N + 1", MeshChecks.Cells, null);
    }

    private static FeMesh Grid(int n, double jitter, int seed, string name, int lines, string formula)
    {
        Guard.Positive(n, nameof(n));
        var rng = new Random(seed);
        var v = new double[2 * (n + 1) * (n + 1)];
        for (int j = 0; j <= n; j++)
        {
            for (int i = 0; i <= n; i++)
            {
                int k = j * (n + 1) + i;
                double x = (double)i / n, y = (double)j / n;
                if (jitter > 0 && i > 0 && i < n && j > 0 && j < n)
                {
                    x += jitter / n * (2 * rng.NextDouble() - 1);
                    y += jitter / n * (2 * rng.NextDouble() - 1);
                }

                v[2 * k] = x;
                v[2 * k + 1] = y;
            }
        }

        var cells = new int[2 * n * n][];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                int a = j * (n + 1) + i, b = a + 1, c = a + n + 2, d = a + n + 1;
                cells[2 * (j * n + i)] = [a, b, c];
                cells[2 * (j * n + i) + 1] = [a, c, d];
            }
        }

        return new FeMesh(2, v, cells, name, lines, formula, MeshChecks.Cells, null);
    }
}
