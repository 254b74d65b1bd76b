using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Benchmarks.Barrier;

/// <summary>
/// Instances of the scalability sweep (specs/barrier.md §9): a random convex "polyhedral norm" (unit directions,
/// offsets in [−1.8, 1.8], output weight 1) with every eighth neuron a small negative perturbation (weight −0.3),
/// output bias set so that B ≤ 0 on 3 % of 20,000 uniform points, on [−2, 2]^n, seeded at the lowest sampled B; dynamics ẋ = (−I + 0.3 S) x with a random skew S (exact affine stage 1).
/// </summary>
public static class BarrierSweepInstances
{
    public static BarrierProblem Create(int n, int width, int seed = 1)
    {
        var rng = new Random(seed * 1000 + n * 100 + width);
        var rows = new List<double[]>();
        for (int k = 0; k < width; k++)
        {
            var row = new double[n + 2];
            double norm = 0;
            for (int j = 0; j < n; j++)
            {
                double u = 1.0 - rng.NextDouble(), v = rng.NextDouble();
                row[j] = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
                norm += row[j] * row[j];
            }

            for (int j = 0; j < n; j++)
            {
                row[j] /= Math.Sqrt(norm);
            }

            row[n] = 3.6 * (rng.NextDouble() - 0.5);
            row[n + 1] = k % 8 == 7 ? -0.3 : 1.0;
            rows.Add(row);
        }

        // Output bias: the 3 % quantile of B over 20,000 uniform points becomes the zero level.
        ReluNetwork raw = BarrierExamples.Shallow(n, rows, 0.0);
        var values = new double[20_000];
        var x = new double[n];
        var box = new Box(Enumerable.Repeat(-2.0, n).ToArray(), Enumerable.Repeat(2.0, n).ToArray());
        for (int i = 0; i < values.Length; i++)
        {
            box.Sample(rng, x);
            values[i] = raw.Evaluate(x)[0];
        }

        Array.Sort(values);
        ReluNetwork b = BarrierExamples.Shallow(n, rows, -values[values.Length * 3 / 100]);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = -1;
            for (int j = i + 1; j < n; j++)
            {
                double s = 0.3 * (2 * rng.NextDouble() - 1);
                a[i * n + j] = s;
                a[j * n + i] = -s;
            }
        }

        var lo = Enumerable.Repeat(-2.0, n).ToArray();
        var hi = Enumerable.Repeat(2.0, n).ToArray();
        return new BarrierProblem(BarrierSystem.Affine(a, name: "dx/dt = (-I + 0.3 S) x"), b, new Box(lo, hi));
    }

    /// <summary>Stage-1 grid for the sweep: coarse (the sweep is about stage 2), one bisection level.</summary>
    public static BarrierOptions Options(int n, int threads) => new()
    {
        CellsPerAxis = n == 2 ? 16 : n == 3 ? 8 : 4,
        MinCellWidth = n == 2 ? 4.0 / 32 : n == 3 ? 4.0 / 16 : 4.0 / 4,
        MaxDegreeOfParallelism = threads,
    };
}
