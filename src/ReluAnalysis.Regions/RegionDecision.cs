namespace ReluAnalysis.Regions;

/// <summary>What a per-cell (per-region) callback wants next.</summary>
public enum RegionDecision
{
    /// <summary>Keep enumerating.</summary>
    Continue = 0,

    /// <summary>Stop now; the enumeration ends with <see cref="EnumerationStatus.Stopped"/>.</summary>
    Stop = 1,
}
