using ReluAnalysis.Networks;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// Autonomous dynamics <c>dx/dt = f(x)</c> or <c>x⁺ = f(x)</c> on <c>R^n</c> for barrier certification: a point
/// evaluation and an interval extension (a sound enclosure of <c>f</c> over boxes), and for affine <c>f</c> the
/// matrix form used by the exact stage-1 variant.
/// </summary>
/// <remarks>
/// Three ways to build one: <see cref="FromDelegates"/> (any <c>f</c> with a user interval extension, e.g. a
/// polynomial written with <see cref="Interval"/> arithmetic), <see cref="Affine"/> (<c>f = A x + a</c>, exact), and
/// <see cref="ClosedLoop"/> (<c>f = A x + a + K·u(x)</c> with a ReLU network controller <c>u</c>, bounded by
/// <see cref="IntervalBounds"/>). Any controller is closed into <c>f</c>.
/// </remarks>
public sealed class BarrierSystem
{
    private readonly PointDynamics _evaluate;
    private readonly IntervalDynamics _bound;

    private BarrierSystem(int dimension, DynamicsTime time, string name, PointDynamics evaluate, IntervalDynamics bound, double[]? a, double[]? offset)
    {
        Dimension = dimension;
        Time = time;
        Name = name;
        _evaluate = evaluate;
        _bound = bound;
        AffineMatrix = a;
        AffineOffset = offset;
    }

    /// <summary>State dimension <c>n</c>.</summary>
    public int Dimension { get; }

    /// <summary>Flow or map.</summary>
    public DynamicsTime Time { get; }

    /// <summary>A short name for reports.</summary>
    public string Name { get; }

    /// <summary>For affine dynamics, row-major <c>A</c> (<c>n × n</c>); otherwise null.</summary>
    internal double[]? AffineMatrix { get; }

    /// <summary>For affine dynamics, <c>a</c>; otherwise null.</summary>
    internal double[]? AffineOffset { get; }

    /// <summary>Whether <c>f</c> is affine (the exact LP variant of stage 1 applies).</summary>
    public bool IsAffine => AffineMatrix is not null;

    /// <summary>Writes <c>f(x)</c> into <paramref name="destination"/>.</summary>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> destination)
    {
        Guard.Length(x.Length, Dimension, nameof(x));
        Guard.Length(destination.Length, Dimension, nameof(destination));
        _evaluate(x, destination);
    }

    /// <summary>Writes enclosures of <c>f</c> over the box into <paramref name="destination"/>.</summary>
    public void Bound(ReadOnlySpan<Interval> box, Span<Interval> destination)
    {
        Guard.Length(box.Length, Dimension, nameof(box));
        Guard.Length(destination.Length, Dimension, nameof(destination));
        _bound(box, destination);
    }

    /// <summary>Dynamics from a point function and its interval extension.</summary>
    /// <param name="dimension">State dimension <c>n ≥ 1</c>.</param>
    /// <param name="evaluate">The point function.</param>
    /// <param name="bound">A sound interval extension of the same function.</param>
    /// <param name="time">Flow (default) or map.</param>
    /// <param name="name">Name for reports.</param>
    public static BarrierSystem FromDelegates(int dimension, PointDynamics evaluate, IntervalDynamics bound, DynamicsTime time = DynamicsTime.Continuous, string name = "f")
    {
        Guard.Positive(dimension, nameof(dimension));
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(bound);
        ArgumentNullException.ThrowIfNull(name);
        return new BarrierSystem(dimension, time, name, evaluate, bound, null, null);
    }

    /// <summary>Affine dynamics <c>f(x) = A x + a</c>.</summary>
    /// <param name="matrix">Row-major <c>A</c>, <c>n × n</c>.</param>
    /// <param name="offset"><c>a</c>, length <c>n</c>; null for zero.</param>
    /// <param name="time">Flow (default) or map.</param>
    /// <param name="name">Name for reports.</param>
    public static BarrierSystem Affine(double[] matrix, double[]? offset = null, DynamicsTime time = DynamicsTime.Continuous, string name = "affine")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = (int)Math.Round(Math.Sqrt(matrix.Length));
        if (n < 1 || n * n != matrix.Length)
        {
            throw new ArgumentException($"matrix has {matrix.Length} entries; expected n·n for a square n × n matrix.", nameof(matrix));
        }

        Guard.Finite(matrix, nameof(matrix));
        double[] a = offset is null ? new double[n] : (double[])offset.Clone();
        Guard.Length(a.Length, n, nameof(offset));
        Guard.Finite(a, nameof(offset));
        double[] m = (double[])matrix.Clone();
        void Eval(ReadOnlySpan<double> x, Span<double> y)
        {
            for (int i = 0; i < n; i++)
            {
                double s = a[i];
                for (int j = 0; j < n; j++)
                {
                    s += m[i * n + j] * x[j];
                }

                y[i] = s;
            }
        }

        void Bound(ReadOnlySpan<Interval> box, Span<Interval> y)
        {
            for (int i = 0; i < n; i++)
            {
                Interval s = Interval.Point(a[i]);
                for (int j = 0; j < n; j++)
                {
                    s += m[i * n + j] * box[j];
                }

                y[i] = s;
            }
        }

        return new BarrierSystem(n, time, name, Eval, Bound, m, a);
    }

    /// <summary>
    /// Closed loop with a ReLU network: <c>f(x) = A x + a + K u(x)</c>, where <c>u</c> is <paramref name="controller"/>
    /// (<c>n → m</c>) and <c>K</c> is <c>n × m</c>. With <c>A = 0</c>, <c>a = 0</c>, <c>K = I</c> the network itself is the vector field.
    /// The interval extension bounds <c>u</c> by <see cref="IntervalBounds"/>.
    /// </summary>
    /// <param name="controller">The controller network (input dimension <c>n</c>).</param>
    /// <param name="matrix">Row-major <c>A</c>, <c>n × n</c>.</param>
    /// <param name="input">Row-major <c>K</c>, <c>n × m</c>.</param>
    /// <param name="offset"><c>a</c>; null for zero.</param>
    /// <param name="time">Flow (default) or map.</param>
    /// <param name="name">Name for reports.</param>
    public static BarrierSystem ClosedLoop(ReluNetwork controller, double[] matrix, double[] input, double[]? offset = null, DynamicsTime time = DynamicsTime.Continuous, string name = "closed loop")
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(input);
        int n = controller.InputDimension;
        int mu = controller.OutputDimension;
        Guard.Length(matrix.Length, n * n, nameof(matrix));
        Guard.Length(input.Length, n * mu, nameof(input));
        Guard.Finite(matrix, nameof(matrix));
        Guard.Finite(input, nameof(input));
        double[] a = offset is null ? new double[n] : (double[])offset.Clone();
        Guard.Length(a.Length, n, nameof(offset));
        Guard.Finite(a, nameof(offset));
        double[] m = (double[])matrix.Clone();
        double[] k = (double[])input.Clone();
        void Eval(ReadOnlySpan<double> x, Span<double> y)
        {
            Span<double> u = stackalloc double[mu];
            controller.Evaluate(x, u);
            for (int i = 0; i < n; i++)
            {
                double s = a[i];
                for (int j = 0; j < n; j++)
                {
                    s += m[i * n + j] * x[j];
                }

                for (int j = 0; j < mu; j++)
                {
                    s += k[i * mu + j] * u[j];
                }

                y[i] = s;
            }
        }

        void Bound(ReadOnlySpan<Interval> box, Span<Interval> y)
        {
            Span<double> lo = stackalloc double[n];
            Span<double> hi = stackalloc double[n];
            for (int j = 0; j < n; j++)
            {
                lo[j] = box[j].Lower;
                hi[j] = box[j].Upper;
            }

            Span<double> ulo = stackalloc double[mu];
            Span<double> uhi = stackalloc double[mu];
            IntervalBounds.Propagate(controller, lo, hi, ulo, uhi);
            for (int i = 0; i < n; i++)
            {
                Interval s = Interval.Point(a[i]);
                for (int j = 0; j < n; j++)
                {
                    s += m[i * n + j] * box[j];
                }

                for (int j = 0; j < mu; j++)
                {
                    s += k[i * mu + j] * new Interval(ulo[j], uhi[j]);
                }

                y[i] = s;
            }
        }

        return new BarrierSystem(n, time, name, Eval, Bound, null, null);
    }
}
