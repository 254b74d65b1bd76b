using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;
using ReluAnalysis.Regions.Barrier;

namespace ReluAnalysis.Regions.Tests.Barrier;

/// <summary>Soundness by simulation (spec tests 5 and 8), the Darboux case study, misuse and cancellation.</summary>
public sealed class BarrierSoundnessTests
{
    [Fact]
    public void Fuzz_CertifiedSetsAreInvariantUnderSimulation()
    {
        var rng = new Random(17);
        int certified = 0;
        for (int trial = 0; trial < 6; trial++)
        {
            // A polyhedral norm with K lines plus up to 4 random neurons (N ≤ 12), and a stable spiral.
            int lines = 3 + trial % 2;
            var rows = new List<double[]>();
            for (int k = 0; k < lines; k++)
            {
                double phi = k * Math.PI / lines + 0.2 * rng.NextDouble();
                rows.Add([Math.Cos(phi), Math.Sin(phi), 0, 1]);
                rows.Add([-Math.Cos(phi), -Math.Sin(phi), 0, 1]);
            }

            for (int k = 0; k < 12 - 2 * lines; k++)
            {
                rows.Add([2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1, 0.5 * (2 * rng.NextDouble() - 1), 0.15 * (2 * rng.NextDouble() - 1)]);
            }

            ReluNetwork b = BarrierExamples.Shallow(2, rows, -1);
            double decay = 0.6 + 0.6 * rng.NextDouble(), spin = 2 * rng.NextDouble() - 1;
            var problem = new BarrierProblem(BarrierSystem.Affine([-decay, spin, -spin, -decay]), b, new Box([-3.0, -3.0], [3.0, 3.0]), seed: [0.01, 0.02]);
            BarrierCertificate c = BarrierCertifier.Certify(problem, new BarrierOptions { CellsPerAxis = 16, MinCellWidth = 6.0 / 32, StopAtFirstFailure = true });
            if (!c.IsCertified)
            {
                continue;
            }

            certified++;
            BarrierSimulationResult sim = BarrierSimulation.Run(problem, c, 500, 0.01, 3, seed: trial);
            Assert.Equal(0, sim.ReachedPositive);
            Assert.Equal(0, sim.LeftDomain);
            Assert.True(sim.MaxBarrier <= 1e-9);
        }

        Assert.True(certified >= 2, $"only {certified} of 6 random instances certified; the fuzz would test nothing");
    }

    [Fact]
    public void Darboux_ShippedBarrier_CertifiesASetThatSimulationCannotBreak()
    {
        BarrierProblem problem = BarrierExamples.Darboux();
        Assert.Equal(48, problem.Barrier.HiddenSizes[0]);
        BarrierCertificate c = BarrierCertifier.Certify(problem, BarrierExamples.OptionsFor("darboux"));
        Assert.Equal(BarrierStatus.Certified, c.Status);
        Assert.True(c.Volume > 1.0);
        Assert.True(c.VolumeIsExact);
        BarrierSimulationResult sim = BarrierSimulation.Run(problem, c, 1000, 0.01, 5, seed: 3);
        Assert.Equal(0, sim.ReachedPositive);
        Assert.Equal(0, sim.ReachedUnsafe);

        // Every piece misses the unsafe set x1 + x2² ≤ 0 and satisfies B ≤ 0 at its witness, by plain evaluation.
        foreach (BarrierPiece p in c.Pieces)
        {
            Assert.True(p.Witness[0] + p.Witness[1] * p.Witness[1] > 0);
            Assert.True(problem.Barrier.Evaluate(p.Witness)[0] <= 0);
        }
    }

    [Fact]
    public void Darboux_Contained_IsRejected_BecauseTheSetReachesTheDomainBoundary()
    {
        BarrierCertificate c = BarrierCertifier.Certify(BarrierExamples.Darboux(), new BarrierOptions { StopAtFirstFailure = true });
        Assert.Equal(BarrierStatus.TouchesDomain, c.Status);
    }

    [Fact]
    public void Misuse_IsRejectedWithTheParameterNamed()
    {
        ReluNetwork deep = ReluNetwork.Random([2, 4, 4, 1], 1);
        var e = Assert.Throws<ArgumentException>(() => new BarrierProblem(BarrierSystem.Affine([-1, 0, 0, -1]), deep, new Box([-1.0, -1.0], [1.0, 1.0])));
        Assert.Equal("barrier", e.ParamName);
        Assert.Throws<ArgumentException>(() => BarrierCertifier.Certify(BarrierExamples.DiamondNode(), new BarrierOptions { Margin = double.NaN }));
        Assert.Throws<ArgumentException>(() => BarrierSystem.Affine([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => BarrierExamples.ByName("nope"));
    }

    [Fact]
    public void Cancellation_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => BarrierCertifier.Certify(BarrierExamples.DiamondNode(), null, null, cts.Token));
    }

    [Fact]
    public void SeedOutsideTheSublevelSet_IsReported()
    {
        BarrierProblem p = BarrierExamples.DiamondNode();
        var moved = new BarrierProblem(p.System, p.Barrier, p.Domain, p.Unsafe, seed: [1.5, 1.2]);
        BarrierCertificate c = BarrierCertifier.Certify(moved, new BarrierOptions { CellsPerAxis = 8 });
        Assert.Equal(BarrierStatus.SeedNotInSublevelSet, c.Status);
    }

    [Fact]
    public void Trainer_ReducesTheLoss_AndTheCertifierJudgesIndependently()
    {
        BarrierProblem p = BarrierExamples.DiamondNode();
        var options = new BarrierTrainingOptions { HiddenWidth = 12, Epochs = 300, DomainSamples = 1500, UnsafeSamples = 300, BoundarySamples = 200, InitialSamples = 0 };
        BarrierTrainingResult short1 = BarrierTrainer.Train(p, options with { Epochs = 1 });
        BarrierTrainingResult longer = BarrierTrainer.Train(p, options);
        Assert.True(longer.Loss < short1.Loss);
        Assert.Equal(12, longer.Network.HiddenSizes[0]);
        BarrierCertificate c = BarrierCertifier.Certify(new BarrierProblem(p.System, longer.Network, p.Domain, p.Unsafe), new BarrierOptions { CellsPerAxis = 8 });
        Assert.True(Enum.IsDefined(c.Status));
        Assert.Throws<ArgumentException>(() => BarrierTrainer.Train(BarrierExamples.DiamondDiscrete(0.5)));
    }
}
