namespace ReluAnalysis.SingularPerturbation;

/// <summary>An affine combination <c>c + Σ w_v · node_v</c> of the nodes of a <see cref="ReluProgram"/>. Immutable.</summary>
internal sealed class AffineForm
{
    private AffineForm(Dictionary<int, double> terms, double constant)
    {
        Terms = terms;
        Constant = constant;
    }

    public IReadOnlyDictionary<int, double> Terms { get; }

    public double Constant { get; }

    public static AffineForm Node(int id) => new(new Dictionary<int, double> { [id] = 1.0 }, 0.0);

    public static AffineForm Const(double c) => new([], c);

    public static AffineForm operator +(AffineForm a, AffineForm b)
    {
        var t = new Dictionary<int, double>(a.Terms);
        foreach (var (k, w) in b.Terms)
        {
            t[k] = t.GetValueOrDefault(k) + w;
        }

        return new AffineForm(t, a.Constant + b.Constant);
    }

    public static AffineForm operator *(double s, AffineForm a) =>
        new(a.Terms.ToDictionary(kv => kv.Key, kv => s * kv.Value), s * a.Constant);

    public static AffineForm operator -(AffineForm a, AffineForm b) => a + (-1.0 * b);

    public static AffineForm operator +(AffineForm a, double c) => new(new Dictionary<int, double>(a.Terms), a.Constant + c);

    public static AffineForm operator -(AffineForm a, double c) => a + (-c);
}
