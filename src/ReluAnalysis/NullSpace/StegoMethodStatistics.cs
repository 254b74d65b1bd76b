namespace ReluAnalysis.NullSpace;

/// <summary>How one embedding fared over many (cover, hidden) pairs (<see cref="Steganography.Statistics"/>).</summary>
/// <param name="Method">The embedding.</param>
/// <param name="KeptFraction">Share of pairs with <c>argmax f(S) = argmax f(H)</c>: the network reads the hidden class.</param>
/// <param name="CoverClassFraction">Share of pairs with <c>argmax f(S) = argmax f(C)</c>.</param>
/// <param name="MaxLogitDifference">Largest <c>max_o |f_o(S) − f_o(H)|</c> over the pairs.</param>
/// <param name="MeanPsnr">Mean PSNR (dB) of the stego against the cover over pairs with a finite value.</param>
/// <param name="MeanSsim">Mean global SSIM of the stego against the cover.</param>
/// <param name="PatternKeptFraction">Share of pairs whose stego has the hidden image's activation pattern.</param>
/// <param name="MeanStep">Local method: mean step taken (1 is the whole way to the local null-space embedding); NaN otherwise.</param>
/// <param name="FullStepFraction">Local method: share of pairs whose step reached 1; NaN otherwise.</param>
public sealed record StegoMethodStatistics(
    StegoMethod Method,
    double KeptFraction,
    double CoverClassFraction,
    double MaxLogitDifference,
    double MeanPsnr,
    double MeanSsim,
    double PatternKeptFraction,
    double MeanStep,
    double FullStepFraction);
