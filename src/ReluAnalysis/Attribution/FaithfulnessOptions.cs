namespace ReluAnalysis.Attribution;

/// <summary>Options of a faithfulness evaluation.</summary>
public sealed record FaithfulnessOptions
{
    /// <summary>Components changed per curve step (default 1).</summary>
    public int StepSize { get; init; } = 1;

    /// <summary>Deletion substrate for an input; <see langword="null"/> (default) = all zeros.</summary>
    public Func<double[], double[]>? DeletionSubstrate { get; init; }

    /// <summary>Insertion start for an input; <see langword="null"/> (default) = all zeros.</summary>
    public Func<double[], double[]>? InsertionStart { get; init; }
}
