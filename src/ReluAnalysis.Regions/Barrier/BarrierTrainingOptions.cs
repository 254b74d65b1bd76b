namespace ReluAnalysis.Regions.Barrier;

/// <summary>Options of <see cref="BarrierTrainer"/>. Change with <c>with</c>.</summary>
public sealed record BarrierTrainingOptions
{
    /// <summary>Hidden width <c>N</c>. Default 32.</summary>
    public int HiddenWidth { get; init; } = 32;

    /// <summary>Full-batch Adam epochs. Default 3000.</summary>
    public int Epochs { get; init; } = 3000;

    /// <summary>Adam step size. Default 3e-3.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Uniform samples of the domain (decrease condition). Default 6000.</summary>
    public int DomainSamples { get; init; } = 6000;

    /// <summary>Samples of the initial set (<c>B ≤ −m</c>). Default 600.</summary>
    public int InitialSamples { get; init; } = 600;

    /// <summary>Samples of the unsafe set inside the domain (<c>B ≥ m</c>), by rejection. Default 1500.</summary>
    public int UnsafeSamples { get; init; } = 1500;

    /// <summary>Samples of the domain boundary with <c>B ≥ m</c>, so <c>{B ≤ 0}</c> stays inside (0 to switch off). Default 800.</summary>
    public int BoundarySamples { get; init; } = 800;

    /// <summary>Margin <c>m</c> of the set conditions. Default 0.1.</summary>
    public double Margin { get; init; } = 0.1;

    /// <summary>Margin of the decrease condition <c>L_f B ≤ −m_d</c>. Default 0.05.</summary>
    public double DecreaseMargin { get; init; } = 0.05;

    /// <summary>The decrease loss applies where <c>|B| ≤ band</c>. Default 0.3.</summary>
    public double DecreaseBand { get; init; } = 0.3;

    /// <summary>Weight of the decrease loss. Default 1.</summary>
    public double DecreaseWeight { get; init; } = 1.0;

    /// <summary>Seed of the initial weights and the samples. Default 1.</summary>
    public int Seed { get; init; } = 1;
}
