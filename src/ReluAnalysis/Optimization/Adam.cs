namespace ReluAnalysis.Optimization;

/// <summary>
/// The Adam optimiser (Kingma and Ba) over a flat parameter vector, shared by every trainer in the
/// library. <c>m ← β1 m + (1−β1) g</c>, <c>v ← β2 v + (1−β2) g²</c>,
/// <c>θ ← θ − lr · m̂ / (√v̂ + ε)</c> with bias-corrected <c>m̂, v̂</c>.
/// </summary>
public sealed class Adam
{
    private readonly double[] _m;
    private readonly double[] _v;
    private double _beta1Power = 1.0;
    private double _beta2Power = 1.0;

    /// <summary>Creates an optimiser for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">Length of the parameter vector.</param>
    /// <param name="learningRate">Step size (default 1e-3).</param>
    /// <param name="beta1">First-moment decay (default 0.9).</param>
    /// <param name="beta2">Second-moment decay (default 0.999).</param>
    /// <param name="epsilon">Denominator guard (default 1e-8).</param>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        Guard.Positive(parameterCount, nameof(parameterCount));
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "expected a finite positive step size.");
        }

        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 = {beta1}, beta2 = {beta2}; expected both in [0, 1).");
        }

        _m = new double[parameterCount];
        _v = new double[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Step size; may be changed between steps (schedules).</summary>
    public double LearningRate { get; set; }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator guard.</summary>
    public double Epsilon { get; }

    /// <summary>Steps taken so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>Updates <paramref name="parameters"/> in place with the gradient <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">Wrong lengths, or a NaN/infinite gradient entry.</exception>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        Guard.Length(parameters.Length, _m.Length, nameof(parameters));
        Guard.Length(gradient.Length, _m.Length, nameof(gradient));
        Guard.Finite(gradient, nameof(gradient));
        StepCount++;
        _beta1Power *= Beta1;
        _beta2Power *= Beta2;
        double c1 = 1.0 / (1.0 - _beta1Power);
        double c2 = 1.0 / (1.0 - _beta2Power);
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            _m[i] = Beta1 * _m[i] + (1.0 - Beta1) * g;
            _v[i] = Beta2 * _v[i] + (1.0 - Beta2) * g * g;
            parameters[i] -= LearningRate * (_m[i] * c1) / (Math.Sqrt(_v[i] * c2) + Epsilon);
        }
    }
}
