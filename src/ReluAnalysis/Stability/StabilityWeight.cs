namespace ReluAnalysis.Stability;

/// <summary>
/// The data-dependent weight <c>g</c> of the stability bound for the empirical distribution of the training
/// inputs (Mulayoff, Michaeli, Soudry 2021; Qiao et al. 2024).
/// </summary>
/// <remarks>
/// With <c>X</c> uniform over the inputs:
/// <code>
/// g⁺(x) = P(X &gt; x)² · E[X − x | X &gt; x] · √(1 + E[X | X &gt; x]²)
/// g⁻(x) = P(X &lt; x)² · E[x − X | X &lt; x] · √(1 + E[X | X &lt; x]²)
/// g(x)  = min(g⁻(x), g⁺(x)) on [x_min, x_max], 0 outside.
/// </code>
/// Inequalities are strict, as in the definition; an empty side gives 0. The inputs are sorted once and
/// prefix sums stored; each query is a bisection, <c>O(log n)</c>. <c>g</c> is not translation invariant (the
/// <c>√(1 + m²)</c> factor comes from the input biases): keep data centred, for example in <c>[−1, 1]</c>.
/// </remarks>
public sealed class StabilityWeight
{
    private readonly double[] _sorted;
    private readonly double[] _prefix;

    /// <summary>Builds <c>g</c> for the empirical distribution of <paramref name="inputs"/>.</summary>
    /// <param name="inputs">At least one finite training input (any order; duplicates allowed).</param>
    /// <exception cref="ArgumentException">Empty, or a NaN/infinite value.</exception>
    public StabilityWeight(ReadOnlySpan<double> inputs)
    {
        Guard.MinLength(inputs.Length, 1, nameof(inputs));
        Guard.Finite(inputs, nameof(inputs));
        _sorted = inputs.ToArray();
        Array.Sort(_sorted);
        _prefix = new double[_sorted.Length + 1];
        for (int i = 0; i < _sorted.Length; i++)
        {
            _prefix[i + 1] = _prefix[i] + _sorted[i];
        }
    }

    /// <summary>Number of inputs <c>n</c>.</summary>
    public int Count => _sorted.Length;

    /// <summary>Smallest input <c>x_min</c>.</summary>
    public double Lower => _sorted[0];

    /// <summary>Largest input <c>x_max</c>.</summary>
    public double Upper => _sorted[^1];

    /// <summary>The inputs in increasing order.</summary>
    public ReadOnlySpan<double> SortedInputs => _sorted;

    /// <summary><c>g⁺(x)</c> (the mass strictly to the right of <paramref name="x"/>).</summary>
    public double Plus(double x)
    {
        int first = FirstGreater(x);
        int m = _sorted.Length - first;
        if (m == 0)
        {
            return 0.0;
        }

        double p = (double)m / _sorted.Length;
        double mean = (_prefix[^1] - _prefix[first]) / m;
        return p * p * (mean - x) * Math.Sqrt(1.0 + mean * mean);
    }

    /// <summary><c>g⁻(x)</c> (the mass strictly to the left of <paramref name="x"/>).</summary>
    public double Minus(double x)
    {
        int m = FirstNotLess(x);
        if (m == 0)
        {
            return 0.0;
        }

        double p = (double)m / _sorted.Length;
        double mean = _prefix[m] / m;
        return p * p * (x - mean) * Math.Sqrt(1.0 + mean * mean);
    }

    /// <summary><c>g(x) = min(g⁻(x), g⁺(x))</c> on <c>[x_min, x_max]</c>, 0 outside; <c>O(log n)</c>.</summary>
    public double Value(double x) => x < Lower || x > Upper || double.IsNaN(x) ? 0.0 : Math.Min(Minus(x), Plus(x));

    /// <summary>
    /// The population weight for <c>X ~ U[−1, 1]</c>: <c>g⁺(t) = (1 − t)³/8 · √(1 + (1 + t)²/4)</c>,
    /// <c>g⁻(t) = (1 + t)³/8 · √(1 + (1 − t)²/4)</c>, <c>g = min</c> on <c>[−1, 1]</c>; <c>g(0) = √1.25/8 ≈ 0.13975</c>.
    /// </summary>
    public static double UniformPopulation(double t)
    {
        if (!(t >= -1.0 && t <= 1.0))
        {
            return 0.0;
        }

        double plus = Math.Pow(1.0 - t, 3) / 8.0 * Math.Sqrt(1.0 + (1.0 + t) * (1.0 + t) / 4.0);
        double minus = Math.Pow(1.0 + t, 3) / 8.0 * Math.Sqrt(1.0 + (1.0 - t) * (1.0 - t) / 4.0);
        return Math.Min(plus, minus);
    }

    private int FirstGreater(double x)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_sorted[mid] > x)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private int FirstNotLess(double x)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_sorted[mid] >= x)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
