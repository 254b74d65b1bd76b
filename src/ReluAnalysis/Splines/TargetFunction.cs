namespace ReluAnalysis.Splines;

/// <summary>
/// A univariate target <c>u</c> on an interval with its exact first and second derivatives, and the
/// points where it is singular (where quadrature and density grids must be graded).
/// </summary>
/// <remarks>
/// <para><see cref="SingularPoints"/>: points where <c>u</c> is not smooth (for example <c>0</c> for
/// <c>x^(2/3)</c>); error quadrature grades cubically towards them and the equidistribution grid
/// refines geometrically towards them.</para>
/// <para><see cref="DensityKinks"/>: points where <c>u''</c> changes sign (the density <c>|u''|^(2/5)</c> has a
/// kink there); they are added to the equidistribution grid so that no cell straddles one.</para>
/// </remarks>
public sealed class TargetFunction
{
    /// <summary>Creates a target.</summary>
    /// <param name="name">Catalogue name, for example <c>x^(2/3)</c>.</param>
    /// <param name="description">Human-readable formula.</param>
    /// <param name="value"><c>u(x)</c>.</param>
    /// <param name="firstDerivative"><c>u'(x)</c> (may be infinite at a singular point).</param>
    /// <param name="secondDerivative"><c>u''(x)</c> (may be infinite at a singular point).</param>
    /// <param name="lower">Left end of the interval.</param>
    /// <param name="upper">Right end of the interval (greater than <paramref name="lower"/>).</param>
    /// <param name="singularPoints">Points in [lower, upper] where <c>u</c> is not smooth.</param>
    /// <param name="densityKinks">Points in [lower, upper] where <c>u''</c> changes sign.</param>
    public TargetFunction(
        string name,
        string description,
        Func<double, double> value,
        Func<double, double> firstDerivative,
        Func<double, double> secondDerivative,
        double lower = 0.0,
        double upper = 1.0,
        IReadOnlyList<double>? singularPoints = null,
        IReadOnlyList<double>? densityKinks = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(firstDerivative);
        ArgumentNullException.ThrowIfNull(secondDerivative);
        Guard.Finite(lower, nameof(lower));
        Guard.Finite(upper, nameof(upper));
        if (!(upper > lower))
        {
            throw new ArgumentOutOfRangeException(nameof(upper), upper, $"upper must exceed lower = {lower}.");
        }

        Name = name;
        Description = description ?? name;
        Value = value;
        FirstDerivative = firstDerivative;
        SecondDerivative = secondDerivative;
        Lower = lower;
        Upper = upper;
        SingularPoints = Checked(singularPoints, lower, upper, nameof(singularPoints));
        DensityKinks = Checked(densityKinks, lower, upper, nameof(densityKinks));
    }

    /// <summary>Catalogue name.</summary>
    public string Name { get; }

    /// <summary>Human-readable formula.</summary>
    public string Description { get; }

    /// <summary><c>u(x)</c>.</summary>
    public Func<double, double> Value { get; }

    /// <summary><c>u'(x)</c>.</summary>
    public Func<double, double> FirstDerivative { get; }

    /// <summary><c>u''(x)</c>.</summary>
    public Func<double, double> SecondDerivative { get; }

    /// <summary>Left end of the interval.</summary>
    public double Lower { get; }

    /// <summary>Right end of the interval.</summary>
    public double Upper { get; }

    /// <summary>Points where <c>u</c> is not smooth (sorted).</summary>
    public IReadOnlyList<double> SingularPoints { get; }

    /// <summary>Points where <c>u''</c> changes sign (sorted).</summary>
    public IReadOnlyList<double> DensityKinks { get; }

    /// <summary>The optimal mesh density <c>M(x) = |u''(x)|^(2/5)</c>.</summary>
    public double OptimalDensity(double x) => Math.Pow(Math.Abs(SecondDerivative(x)), 0.4);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Description} on [{Lower}, {Upper}]";

    private static double[] Checked(IReadOnlyList<double>? points, double lower, double upper, string name)
    {
        if (points is null)
        {
            return [];
        }

        double[] copy = [.. points];
        for (int i = 0; i < copy.Length; i++)
        {
            if (!double.IsFinite(copy[i]) || copy[i] < lower || copy[i] > upper)
            {
                throw new ArgumentOutOfRangeException(name, copy[i], $"{name}[{i}] must be a finite point of [{lower}, {upper}].");
            }
        }

        Array.Sort(copy);
        return copy;
    }
}
