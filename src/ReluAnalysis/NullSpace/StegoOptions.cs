namespace ReluAnalysis.NullSpace;

/// <summary>Options of <see cref="Steganography.Hide"/>; change defaults with <c>with</c>.</summary>
public sealed record StegoOptions
{
    /// <summary>The embedding (default <see cref="StegoMethod.Exact"/>).</summary>
    public StegoMethod Method { get; init; } = StegoMethod.Exact;

    /// <summary>Weight α of the cover's null-space part in the blended recipe, in [0, 1] (default 0.7; the paper's range is about 0.65–0.7).</summary>
    public double Alpha { get; init; } = 0.7;

    /// <summary>The blended stego is rescaled to <c>max_i |S_i| = DisplayMax</c> (default 1: the range of [0, 1] images).</summary>
    public double DisplayMax { get; init; } = 1.0;

    /// <summary>Dynamic range used by PSNR and SSIM (default 1, for images in [0, 1]).</summary>
    public double Peak { get; init; } = 1.0;

    /// <summary>Relative rank tolerance of the row/null-space split (default <see cref="NullSpaceProjector.DefaultRelativeTolerance"/>).</summary>
    public double RelativeTolerance { get; init; } = NullSpaceProjector.DefaultRelativeTolerance;

    /// <summary>
    /// Local method: the step is <c>min(1, StepFraction · t_max)</c>, where <c>t_max</c> is the largest step that keeps the
    /// pattern; in (0, 1) (default 0.9, which keeps a margin of a tenth of the way to the nearest region boundary).
    /// </summary>
    public double StepFraction { get; init; } = 0.9;

    /// <summary>Throws when a value is out of range.</summary>
    internal void Validate()
    {
        if (!(Alpha >= 0 && Alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, $"Alpha must be in [0, 1]; found {Alpha}.");
        }

        Positive(DisplayMax, nameof(DisplayMax));
        Positive(Peak, nameof(Peak));
        if (!(RelativeTolerance >= 0 && RelativeTolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), RelativeTolerance, $"RelativeTolerance must be in [0, 1); found {RelativeTolerance}.");
        }

        if (!(StepFraction > 0 && StepFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(StepFraction), StepFraction, $"StepFraction must be in (0, 1); found {StepFraction}.");
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Method must be Exact, Blended or Local.");
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number; found {value}.");
        }
    }
}
