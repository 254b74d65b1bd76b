namespace ReluAnalysis.Mpi;

/// <summary>One finished subproblem of a distributed run, for the makespan simulation (<see cref="ScalingSimulation"/>).</summary>
/// <param name="Id">Its number (0-based in hand-out order of the run; resumed runs continue the numbering).</param>
/// <param name="Parent">The subproblem whose result created it, −1 for a starting subproblem.</param>
/// <param name="Seconds">Compute time on the worker (wall seconds).</param>
/// <param name="TaskBytes">Size of the task message.</param>
/// <param name="ResultBytes">Size of the result message.</param>
public readonly record struct SubproblemTiming(long Id, long Parent, double Seconds, int TaskBytes, int ResultBytes);
