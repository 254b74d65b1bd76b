namespace ReluAnalysis.Attribution;

/// <summary>Outcome of a path or linear-piece enumeration with a limit (<see cref="PathDecomposition"/>, <see cref="ExactIntegratedGradients"/>).</summary>
public enum PathEnumerationStatus
{
    /// <summary>Every term was enumerated.</summary>
    Complete,

    /// <summary>The number of terms exceeded the limit; nothing was summed.</summary>
    LimitReached,
}
