namespace ReluAnalysis.Attribution;

/// <summary>Which perturbation curve to compute.</summary>
public enum FaithfulnessMode
{
    /// <summary>Start at x and replace the highest-ranked components by the substrate: a faithful map drops the score fast (lower AUC is better).</summary>
    Deletion,

    /// <summary>Start at the substrate and copy the highest-ranked components from x: a faithful map raises the score fast (higher AUC is better).</summary>
    Insertion,
}
