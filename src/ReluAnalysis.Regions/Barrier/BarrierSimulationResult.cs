namespace ReluAnalysis.Regions.Barrier;

/// <summary>Outcome of <see cref="BarrierSimulation.Run"/>.</summary>
/// <param name="Trajectories">Trajectories simulated.</param>
/// <param name="Steps">Integration steps in all.</param>
/// <param name="MaxBarrier">Largest <c>B + level</c> seen along any trajectory (before it left the domain).</param>
/// <param name="ReachedPositive">Trajectories on which <c>B + level</c> exceeded the tolerance.</param>
/// <param name="ReachedUnsafe">Trajectories that reached the unsafe set.</param>
/// <param name="LeftDomain">Trajectories that left the domain (stopped there; only possible under <see cref="BarrierDomainPolicy.ExitAllowed"/>).</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record BarrierSimulationResult(int Trajectories, long Steps, double MaxBarrier, int ReachedPositive, int ReachedUnsafe, int LeftDomain, TimeSpan Elapsed);
