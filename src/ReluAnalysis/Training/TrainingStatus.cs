namespace ReluAnalysis.Training;

/// <summary>Outcome of training.</summary>
public enum TrainingStatus
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>The loss became NaN or infinite; the network of the last finite epoch is returned.</summary>
    Diverged,
}
