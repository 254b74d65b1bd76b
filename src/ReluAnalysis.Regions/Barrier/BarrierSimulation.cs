using System.Diagnostics;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>
/// Soundness spot check of a certificate: simulate trajectories from uniform random points of the certified set
/// (rejection sampling in the pieces' bounding box) with fixed-step RK4 (continuous time) or the map (discrete time),
/// and count those that reach <c>B + level &gt; tol</c> or the unsafe set. A trajectory stops when it leaves the domain.
/// </summary>
/// <remarks>Seeded; trajectories are independent and run in parallel, results do not depend on the thread count. Cost <c>O(trajectories · steps · (N n + cost of f))</c>.</remarks>
public static class BarrierSimulation
{
    /// <summary>Runs the check.</summary>
    /// <param name="problem">The certified problem.</param>
    /// <param name="certificate">A certified result for it.</param>
    /// <param name="trajectories">Number of trajectories (≥ 1).</param>
    /// <param name="step">RK4 step (continuous time), &gt; 0.</param>
    /// <param name="horizon">Time horizon (continuous) or number of map steps (discrete), &gt; 0.</param>
    /// <param name="seed">Random seed of the start points.</param>
    /// <param name="tolerance">Allowed <c>B + level</c> above zero (integration error). Default 1e-9.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads; ≤ 0 means every core.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentException">The certificate is not certified or an argument is out of range.</exception>
    public static BarrierSimulationResult Run(
        BarrierProblem problem, BarrierCertificate certificate, int trajectories, double step, double horizon, int seed,
        double tolerance = 1e-9, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.IsCertified || certificate.Pieces.Count == 0)
        {
            throw new ArgumentException($"certificate has status {certificate.Status}; expected a certified set with pieces.", nameof(certificate));
        }

        if (trajectories < 1 || !(step > 0) || !(horizon > 0) || !double.IsFinite(step) || !double.IsFinite(horizon))
        {
            throw new ArgumentException($"trajectories = {trajectories}, step = {step}, horizon = {horizon}; expected ≥ 1, > 0, > 0.", nameof(trajectories));
        }

        var clock = Stopwatch.StartNew();
        int n = problem.Dimension;
        ReluNetwork net = BarrierCertifier.Shift(problem.Barrier, certificate.Level);
        var starts = SamplePoints(certificate, n, trajectories, seed);
        bool discrete = problem.System.Time == DynamicsTime.Discrete;
        int steps = discrete ? (int)Math.Ceiling(horizon) : (int)Math.Ceiling(horizon / step);
        var maxB = new double[trajectories];
        var positive = new bool[trajectories];
        var unsafeHit = new bool[trajectories];
        var left = new bool[trajectories];
        var taken = new long[trajectories];
        Parallel.For(0, trajectories, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.Resolve(maxDegreeOfParallelism), CancellationToken = cancellationToken }, t =>
        {
            var x = (double[])starts[t].Clone();
            var k1 = new double[n];
            var k2 = new double[n];
            var k3 = new double[n];
            var k4 = new double[n];
            var y = new double[n];
            var b = new double[1];
            net.Evaluate(x, b);
            double worst = b[0];
            for (int s = 0; s < steps; s++)
            {
                if (discrete)
                {
                    problem.System.Evaluate(x, y);
                    Array.Copy(y, x, n);
                }
                else
                {
                    problem.System.Evaluate(x, k1);
                    for (int j = 0; j < n; j++)
                    {
                        y[j] = x[j] + 0.5 * step * k1[j];
                    }

                    problem.System.Evaluate(y, k2);
                    for (int j = 0; j < n; j++)
                    {
                        y[j] = x[j] + 0.5 * step * k2[j];
                    }

                    problem.System.Evaluate(y, k3);
                    for (int j = 0; j < n; j++)
                    {
                        y[j] = x[j] + step * k3[j];
                    }

                    problem.System.Evaluate(y, k4);
                    for (int j = 0; j < n; j++)
                    {
                        x[j] += step / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                    }
                }

                taken[t]++;
                if (!problem.Domain.Contains(x))
                {
                    left[t] = true;
                    break;
                }

                net.Evaluate(x, b);
                worst = Math.Max(worst, b[0]);
                if (b[0] > tolerance)
                {
                    positive[t] = true;
                }

                if (problem.Unsafe.Contains(x))
                {
                    unsafeHit[t] = true;
                    break;
                }
            }

            maxB[t] = worst;
        });

        return new BarrierSimulationResult(trajectories, taken.Sum(), maxB.Max(), positive.Count(v => v), unsafeHit.Count(v => v), left.Count(v => v), clock.Elapsed);
    }

    /// <summary>One trajectory from <paramref name="start"/>: RK4 with step <paramref name="step"/> (continuous time) or the map (discrete), at most <paramref name="steps"/> steps, stopping after it leaves the domain.</summary>
    /// <returns>The visited states, start first.</returns>
    public static List<double[]> Trajectory(BarrierProblem problem, double[] start, double step, int steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(start);
        Guard.Length(start.Length, problem.Dimension, nameof(start));
        int n = problem.Dimension;
        var path = new List<double[]> { (double[])start.Clone() };
        var x = (double[])start.Clone();
        var k1 = new double[n];
        var k2 = new double[n];
        var k3 = new double[n];
        var k4 = new double[n];
        var y = new double[n];
        for (int s = 0; s < steps && problem.Domain.Contains(x); s++)
        {
            if (problem.System.Time == DynamicsTime.Discrete)
            {
                problem.System.Evaluate(x, y);
                Array.Copy(y, x, n);
            }
            else
            {
                problem.System.Evaluate(x, k1);
                for (int j = 0; j < n; j++)
                {
                    y[j] = x[j] + 0.5 * step * k1[j];
                }

                problem.System.Evaluate(y, k2);
                for (int j = 0; j < n; j++)
                {
                    y[j] = x[j] + 0.5 * step * k2[j];
                }

                problem.System.Evaluate(y, k3);
                for (int j = 0; j < n; j++)
                {
                    y[j] = x[j] + step * k3[j];
                }

                problem.System.Evaluate(y, k4);
                for (int j = 0; j < n; j++)
                {
                    x[j] += step / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                }
            }

            path.Add((double[])x.Clone());
        }

        return path;
    }

    /// <summary>Uniform random points of the certified set (rejection sampling in the pieces' bounding box).</summary>
    public static double[][] SamplePoints(BarrierCertificate certificate, int dimension, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var lo = Enumerable.Repeat(double.PositiveInfinity, dimension).ToArray();
        var hi = Enumerable.Repeat(double.NegativeInfinity, dimension).ToArray();
        foreach (BarrierPiece p in certificate.Pieces)
        {
            var (plo, phi) = BarrierCertifier.PieceBox(p, dimension);
            for (int j = 0; j < dimension; j++)
            {
                lo[j] = Math.Min(lo[j], plo[j]);
                hi[j] = Math.Max(hi[j], phi[j]);
            }
        }

        var box = new ReluAnalysis.Geometry.Box(lo, hi);
        var rng = new Random(seed);
        var result = new double[count][];
        var x = new double[dimension];
        int found = 0;
        for (long tries = 0; found < count; tries++)
        {
            if (tries > 10_000L * count)
            {
                throw new InvalidOperationException("could not sample the certified set (its volume is too small against its bounding box).");
            }

            box.Sample(rng, x);
            if (certificate.Contains(x))
            {
                result[found++] = (double[])x.Clone();
            }
        }

        return result;
    }
}
