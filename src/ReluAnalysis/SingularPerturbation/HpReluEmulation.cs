using ReluAnalysis.Networks;
using ReluAnalysis.Splines;

namespace ReluAnalysis.SingularPerturbation;

/// <summary>
/// A ReLU network emulating an <see cref="HpInterpolant"/> on [−1, 1] (spec B.3, derived from Yarotsky's squaring network and
/// the Opschoor–Schwab Chebyshev emulation; the paper's exact construction and constants were not available).
/// </summary>
/// <remarks>
/// <para>Decomposition: <c>u_hp = P1 + Σ_e b_e(ξ_e(x))</c>, where P1 interpolates the nodal values (an exact ReLU part, as in
/// <see cref="ReluSplineMap"/>), <c>b_e = q_e − (linear part)</c> vanishes at ξ = ±1 and <c>ξ_e = clamp((2x − a − b)/(b − a), −1, 1)
/// = −1 + σ(t + 1) − σ(t − 1)</c>, so every bubble is constant (≈ 0) outside its element: a continuous piecewise-linear
/// partition that needs no products.</para>
/// <para>Bubbles in the Chebyshev basis: <c>T_{2n} = 2T_n² − 1</c>, <c>T_{2n+1} = 2T_nT_{n+1} − ξ</c>; products by polarisation
/// <c>xy = ((x+y)/2)² − ((x−y)/2)²</c>; squares on [0, 1] by <c>t² ≈ t − Σ_{s=1..L} g_s(t)/4^s</c> (g_s the s-fold tent map,
/// error ≤ 4^{−L−1}, derivative error O(2^{−L})). Depth O(L log p), size O(p L) neurons per element.</para>
/// <para>ε enters only through the breakpoints (the hp nodes ±(1 − κpε)) and the output weights, so the layer sizes depend on
/// p and L only.</para>
/// </remarks>
/// <param name="Network">The network, sizes [1, …, 1].</param>
/// <param name="Degree">p.</param>
/// <param name="SquaringDepth">L.</param>
public sealed record HpReluEmulation(ReluNetwork Network, int Degree, int SquaringDepth)
{
    /// <summary>The default squaring depth for degree p: <c>L = p + 2⌈log₂ p⌉ + 2</c> (the Chebyshev recursion amplifies
    /// product errors by about p², and the hp error decays like e^{−bp}).</summary>
    public static int DefaultSquaringDepth(int degree) => degree + 2 * (int)Math.Ceiling(Math.Log2(Math.Max(2, degree))) + 2;

    /// <summary>Builds the emulation of <paramref name="interpolant"/>.</summary>
    /// <param name="interpolant">A piecewise polynomial with nodes covering [−1, 1] (any interval works).</param>
    /// <param name="squaringDepth">L ≥ 1, or null for <see cref="DefaultSquaringDepth"/>.</param>
    public static HpReluEmulation Build(HpInterpolant interpolant, int? squaringDepth = null)
    {
        ArgumentNullException.ThrowIfNull(interpolant);
        int p = interpolant.Degree;
        int depth = squaringDepth ?? DefaultSquaringDepth(p);
        Guard.Positive(depth, nameof(squaringDepth));
        var prog = new ReluProgram(1);
        AffineForm x = prog.Input(0);
        ReadOnlySpan<double> nodes = interpolant.Nodes;

        // Nodal values from the Chebyshev coefficients: q(1) = Σ α_k, q(−1) = Σ (−1)^k α_k.
        var nodal = new double[nodes.Length];
        for (int e = 0; e < interpolant.ElementCount; e++)
        {
            ReadOnlySpan<double> a = interpolant.Coefficients(e);
            double left = 0, right = 0;
            for (int k = 0; k <= p; k++)
            {
                right += a[k];
                left += (k % 2 == 0 ? 1 : -1) * a[k];
            }

            if (e == 0)
            {
                nodal[0] = left;
            }

            nodal[e + 1] = right;
        }

        double[] c = ReluSplineMap.DifferenceApply(nodes, nodal);
        double shift = 1.0 - nodal.Min();
        AffineForm p1 = AffineForm.Const(c[0] + shift);
        for (int i = 0; i + 1 < nodes.Length; i++)
        {
            p1 += c[i + 1] * prog.Relu(x - nodes[i]);
        }

        AffineForm output = prog.Relu(p1) - shift;
        for (int e = 0; e < interpolant.ElementCount; e++)
        {
            double lo = nodes[e], hi = nodes[e + 1];
            AffineForm t = (2.0 / (hi - lo)) * x - (lo + hi) / (hi - lo);
            AffineForm xi = prog.Relu(prog.Relu(t + 1) - prog.Relu(t - 1)) - 1;
            var cheb = new AffineForm[p + 1];
            cheb[0] = AffineForm.Const(1);
            cheb[1] = xi;
            for (int k = 2; k <= p; k++)
            {
                AffineForm tk = k % 2 == 0
                    ? 2 * Square(prog, cheb[k / 2], depth) - 1
                    : 2 * (Square(prog, 0.5 * (cheb[k / 2] + cheb[k / 2 + 1]), depth) - Square(prog, 0.5 * (cheb[k / 2] - cheb[k / 2 + 1]), depth)) - xi;

                // One non-negative node per value keeps carrying it through later layers to a single neuron.
                cheb[k] = prog.Relu(tk + 2) - 2;
            }

            ReadOnlySpan<double> alpha = interpolant.Coefficients(e);
            double qr = nodal[e + 1], ql = nodal[e];
            for (int k = 0; k <= p; k++)
            {
                double beta = alpha[k] - (k == 0 ? 0.5 * (qr + ql) : k == 1 ? 0.5 * (qr - ql) : 0.0);
                // Zero coefficients stay in the graph so the architecture does not depend on ε.
                output += beta * cheb[k];
            }
        }

        return new HpReluEmulation(prog.Compile(output), p, depth);
    }

    /// <summary><c>v² ≈ f_L(|v|)</c> for |v| ≤ 1 (for |v| slightly above 1, f_L(t) = t).</summary>
    private static AffineForm Square(ReluProgram prog, AffineForm v, int depth)
    {
        AffineForm t = prog.Relu(v) + prog.Relu(-1.0 * v);
        AffineForm h1 = prog.Relu(t), h2 = prog.Relu(t - 0.5), h3 = prog.Relu(t - 1);
        AffineForm g = 2 * h1 - 4 * h2 + 2 * h3;
        AffineForm acc = h1 - 0.25 * g;
        double scale = 0.25;
        for (int s = 2; s <= depth; s++)
        {
            scale *= 0.25;
            AffineForm a = prog.Relu(g), b = prog.Relu(g - 0.5), carried = prog.Relu(acc);
            g = 2 * a - 4 * b;
            acc = carried - scale * g;
        }

        return acc;
    }
}
