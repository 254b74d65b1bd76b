using System.Globalization;

namespace ReluAnalysis.SingularPerturbation;

/// <summary>A mesh of [−1, 1] for a singularly perturbed problem: its nodes and the polynomial degree used on it (1 for P1).</summary>
/// <param name="Kind">Which mesh.</param>
/// <param name="Size">N (cells) for uniform and Shishkin meshes, p (degree) for the hp mesh.</param>
/// <param name="Degree">Polynomial degree per element (1, or p for the hp mesh).</param>
/// <param name="Nodes">Strictly increasing nodes, first −1, last 1.</param>
public sealed record LayerMesh(LayerMeshKind Kind, int Size, int Degree, double[] Nodes)
{
    /// <summary>Number of elements.</summary>
    public int ElementCount => Nodes.Length - 1;

    /// <summary>A label such as <c>shishkin:64</c>.</summary>
    public string Name => Kind switch
    {
        LayerMeshKind.Uniform => $"uniform:{Size}",
        LayerMeshKind.Shishkin => $"shishkin:{Size}",
        _ => $"hp:{Size}",
    };

    /// <summary>N uniform cells.</summary>
    /// <param name="cells">N ≥ 1.</param>
    public static LayerMesh Uniform(int cells)
    {
        Guard.Positive(cells, nameof(cells));
        return new LayerMesh(LayerMeshKind.Uniform, cells, 1, Splines.FreeKnotSpline.UniformKnots(cells, -1.0, 1.0));
    }

    /// <summary>
    /// The Shishkin mesh: transition <c>τ = min(1/2, σ_0 ε ln N / √c_0)</c>; N/4 uniform cells in <c>[−1, −1+τ]</c> and in
    /// <c>[1−τ, 1]</c>, N/2 in between. P1 interpolation error <c>O((N^{−1} ln N)²)</c> (max) and <c>O(N^{−1} ln N)</c> (balanced), ε-uniformly.
    /// </summary>
    /// <param name="cells">N, a positive multiple of 4.</param>
    /// <param name="epsilon">ε ∈ (0, 1].</param>
    /// <param name="c0">Lower bound of c (default 1).</param>
    /// <param name="sigma0">σ_0 (default 2, the P1 order).</param>
    public static LayerMesh Shishkin(int cells, double epsilon, double c0 = 1.0, double sigma0 = 2.0)
    {
        if (cells < 4 || cells % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cells), cells, $"cells = {cells}; a Shishkin mesh needs a positive multiple of 4.");
        }

        ReactionDiffusionProblem.CheckEpsilon(epsilon);
        double tau = Math.Min(0.5, sigma0 * epsilon * Math.Log(cells) / Math.Sqrt(c0));
        int q = cells / 4;
        var x = new double[cells + 1];
        for (int i = 0; i <= q; i++)
        {
            x[i] = -1 + tau * i / q;
            x[cells - i] = 1 - tau * i / q;
        }

        for (int i = 1; i < 2 * q; i++)
        {
            x[q + i] = (-1 + tau) + (2 - 2 * tau) * i / (2 * q);
        }

        return new LayerMesh(LayerMeshKind.Shishkin, cells, 1, x);
    }

    /// <summary>The spectral boundary-layer mesh of degree p: nodes <c>{−1, −1 + κpε, 1 − κpε, 1}</c> if <c>κpε &lt; 1/2</c>, else <c>{−1, 1}</c>.</summary>
    /// <param name="degree">p ≥ 1.</param>
    /// <param name="epsilon">ε ∈ (0, 1].</param>
    /// <param name="kappa">κ &gt; 0 (default 1).</param>
    public static LayerMesh SpectralBoundaryLayer(int degree, double epsilon, double kappa = 1.0)
    {
        Guard.Positive(degree, nameof(degree));
        ReactionDiffusionProblem.CheckEpsilon(epsilon);
        if (!(kappa > 0) || !double.IsFinite(kappa))
        {
            throw new ArgumentOutOfRangeException(nameof(kappa), kappa, $"kappa = {kappa}; expected a positive finite number.");
        }

        double w = kappa * degree * epsilon;
        double[] nodes = w < 0.5 ? [-1.0, -1.0 + w, 1.0 - w, 1.0] : [-1.0, 1.0];
        return new LayerMesh(LayerMeshKind.SpectralBoundaryLayer, degree, degree, nodes);
    }

    /// <summary>Parses <c>shishkin:N</c> (N a positive multiple of 4), <c>uniform:N</c> or <c>hp:p</c> (positive integers up to 4096, p up to 64).</summary>
    /// <exception cref="ArgumentException">Unknown name or a bad size.</exception>
    public static LayerMesh Parse(string spec, double epsilon, double c0 = 1.0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':');
        string name = colon < 0 ? spec : spec[..colon];
        string arg = colon < 0 ? "" : spec[(colon + 1)..];
        if (name is not ("shishkin" or "uniform" or "hp"))
        {
            throw new ArgumentException($"mesh \"{spec}\": unknown mesh name \"{name}\"; expected shishkin:N, uniform:N or hp:p.", nameof(spec));
        }

        int max = name == "hp" ? 64 : 1 << 20;
        if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > max)
        {
            throw new ArgumentException($"mesh \"{spec}\": the size \"{arg}\" is not a positive integer in [1, {max}].", nameof(spec));
        }

        if (name == "shishkin" && n % 4 != 0)
        {
            throw new ArgumentException($"mesh \"{spec}\": a Shishkin mesh needs N divisible by 4; found {n}.", nameof(spec));
        }

        return name switch
        {
            "shishkin" => Shishkin(n, epsilon, c0),
            "uniform" => Uniform(n),
            _ => SpectralBoundaryLayer(n, epsilon),
        };
    }
}
