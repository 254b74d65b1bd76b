using ReluAnalysis.Patterns;

namespace ReluAnalysis.FiniteElements;

/// <summary>Checks a finite-element network by evaluating it (<see cref="BatchEvaluator"/>) against its function at random points.</summary>
public static class FeNetworkCheck
{
    /// <summary>Default error threshold of the band fraction.</summary>
    public const double DefaultTolerance = 1e-12;

    /// <summary>
    /// Draws <paramref name="samples"/> seeded uniform points of Ω (rejection from the bounding box), evaluates the network
    /// in one batch and the function cell by cell, and reports max, off-band max and Monte Carlo L¹ errors.
    /// </summary>
    /// <param name="network">The network and its function.</param>
    /// <param name="samples">Number of points (≥ 1).</param>
    /// <param name="seed">Seed of the points.</param>
    /// <param name="tolerance">Error threshold of <see cref="FeErrorReport.BandFraction"/> (default 1e−12).</param>
    public static FeErrorReport Measure(FeNetwork network, int samples = 10_000, int seed = 1, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Positive(samples, nameof(samples));
        FeMesh mesh = network.Function.Mesh;
        double[] points = SamplePoints(mesh, samples, seed);
        return Measure(network, points, tolerance);
    }

    /// <summary>As <see cref="Measure(FeNetwork, int, int, double)"/> at given points (row-major <c>count × d</c>, all inside Ω).</summary>
    public static FeErrorReport Measure(FeNetwork network, ReadOnlySpan<double> points, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        FeMesh mesh = network.Function.Mesh;
        int d = mesh.Dimension;
        int count = points.Length / d;
        Guard.Positive(count, nameof(points));
        var outputs = new double[count];
        new BatchEvaluator(network.Network, 1).Evaluate(points, outputs);
        double band = network.BandHalfWidth;
        double max = 0, maxOff = 0, sum = 0;
        int above = 0, off = 0;
        for (int p = 0; p < count; p++)
        {
            ReadOnlySpan<double> x = points.Slice(p * d, d);
            double e = Math.Abs(outputs[p] - network.Function.Evaluate(x));
            max = Math.Max(max, e);
            sum += e;
            if (e > tolerance)
            {
                above++;
            }

            if (mesh.DistanceToHyperplanes(x) > band)
            {
                off++;
                maxOff = Math.Max(maxOff, e);
            }
        }

        return new FeErrorReport(count, max, maxOff, mesh.Volume * sum / count, (double)above / count, (double)off / count, tolerance);
    }

    /// <summary>Seeded uniform points of Ω, row-major <c>count × d</c> (a stream independent of the mesh factories' seeds).</summary>
    public static double[] SamplePoints(FeMesh mesh, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Guard.Positive(count, nameof(count));
        int d = mesh.Dimension;
        double[] lo = mesh.BoundsLower(), hi = mesh.BoundsUpper();
        // Decorrelated from the mesh factories' Random(seed), which would otherwise draw the same numbers as the nodes.
        var rng = new Random(unchecked((seed * 1_000_003) ^ 0x5EED));
        var points = new double[count * d];
        var x = new double[d];
        for (int p = 0; p < count;)
        {
            for (int k = 0; k < d; k++)
            {
                x[k] = lo[k] + (hi[k] - lo[k]) * rng.NextDouble();
            }

            if (mesh.Locate(x) >= 0)
            {
                x.CopyTo(points, p * d);
                p++;
            }
        }

        return points;
    }
}
