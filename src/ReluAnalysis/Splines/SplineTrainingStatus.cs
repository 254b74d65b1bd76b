namespace ReluAnalysis.Splines;

/// <summary>How a spline or shallow-ReLU training run (<see cref="FksTrainer"/>, <see cref="ShallowReluTrainer"/>) ended.</summary>
public enum SplineTrainingStatus
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>A loss or gradient became NaN or infinite; the best state before it is returned.</summary>
    Diverged,
}
