namespace ReluAnalysis.NullSpace;

/// <summary>One stego image and what the network makes of it (<see cref="Steganography.Hide"/>).</summary>
public sealed record StegoResult
{
    /// <summary>The embedding used.</summary>
    public required StegoMethod Method { get; init; }

    /// <summary>Numerical rank of the first layer's weights <c>W₁</c>.</summary>
    public required int Rank { get; init; }

    /// <summary><c>D − rank W₁</c>: dimension of the first layer's null space.</summary>
    public required int NullDimension { get; init; }

    /// <summary>Local method: numerical rank of the Jacobian <c>A_σ</c> of the hidden image's region; otherwise <see langword="null"/>.</summary>
    public int? LocalRank { get; init; }

    /// <summary>Local method: <c>D − rank A_σ</c>, the dimension of the local null space; otherwise <see langword="null"/>.</summary>
    public int? LocalNullDimension { get; init; }

    /// <summary>The cover <c>C</c>.</summary>
    public required double[] Cover { get; init; }

    /// <summary>The hidden image <c>H</c>.</summary>
    public required double[] Hidden { get; init; }

    /// <summary>The stego image <c>S</c>.</summary>
    public required double[] Stego { get; init; }

    /// <summary>What the network sees of the stego: <c>P_{R₁} S</c>, its component in the first layer's row space.</summary>
    public required double[] Seen { get; init; }

    /// <summary><c>f(C)</c>.</summary>
    public required double[] LogitsCover { get; init; }

    /// <summary><c>f(H)</c>.</summary>
    public required double[] LogitsHidden { get; init; }

    /// <summary><c>f(S)</c>.</summary>
    public required double[] LogitsStego { get; init; }

    /// <summary>Arg-max class of <c>f(C)</c> (ties to the lower index).</summary>
    public required int ClassCover { get; init; }

    /// <summary>Arg-max class of <c>f(H)</c>.</summary>
    public required int ClassHidden { get; init; }

    /// <summary>Arg-max class of <c>f(S)</c>.</summary>
    public required int ClassStego { get; init; }

    /// <summary><c>max_o |f_o(S) − f_o(H)|</c>: rounding only for the exact and local methods.</summary>
    public required double MaxLogitDifference { get; init; }

    /// <summary>PSNR of the stego against the cover, in dB (<see cref="ImageQuality.Psnr"/>).</summary>
    public required double PsnrStegoCover { get; init; }

    /// <summary>Global SSIM of the stego against the cover (<see cref="ImageQuality.GlobalSsim"/>).</summary>
    public required double SsimStegoCover { get; init; }

    /// <summary>Whether the stego has the activation pattern of the hidden image.</summary>
    public required bool PatternKept { get; init; }

    /// <summary>Local method: the largest step <c>t_max</c> that keeps the pattern (may be infinite); otherwise <see langword="null"/>.</summary>
    public double? MaxStep { get; init; }

    /// <summary>Local method: the step taken, <c>min(1, StepFraction · t_max)</c>; otherwise <see langword="null"/>.</summary>
    public double? Step { get; init; }
}
