namespace ReluAnalysis.Regions.Barrier;

/// <summary>Whether a <see cref="BarrierSystem"/> is a flow or a map.</summary>
public enum DynamicsTime
{
    /// <summary>Continuous time, <c>dx/dt = f(x)</c>.</summary>
    Continuous = 0,

    /// <summary>Discrete time, <c>x⁺ = f(x)</c>.</summary>
    Discrete = 1,
}
