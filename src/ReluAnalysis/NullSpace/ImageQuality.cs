namespace ReluAnalysis.NullSpace;

/// <summary>Full-reference image quality of a distorted image against a reference, both flattened to equal length.</summary>
public static class ImageQuality
{
    /// <summary>
    /// Peak signal-to-noise ratio in dB: <c>10 log₁₀(peak² / MSE)</c> with <c>MSE = (1/D) Σ (x_i − y_i)²</c>;
    /// <see cref="double.PositiveInfinity"/> for identical images.
    /// </summary>
    /// <param name="reference">The reference image (for steganography, the cover).</param>
    /// <param name="image">The image compared with it.</param>
    /// <param name="peak">The dynamic range of the reference (1 for images in [0, 1]); positive.</param>
    public static double Psnr(ReadOnlySpan<double> reference, ReadOnlySpan<double> image, double peak = 1.0)
    {
        Check(reference, image, peak);
        double sum = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double e = image[i] - reference[i];
            sum += e * e;
        }

        double mse = sum / reference.Length;
        return mse == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(peak * peak / mse);
    }

    /// <summary>
    /// Structural similarity over the whole image as one window (global SSIM):
    /// <c>(2μ_xμ_y + C₁)(2σ_xy + C₂) / ((μ_x² + μ_y² + C₁)(σ_x² + σ_y² + C₂))</c> with <c>C₁ = (0.01·peak)²</c>,
    /// <c>C₂ = (0.03·peak)²</c> and population (co)variances. In [−1, 1]; 1 for identical images.
    /// </summary>
    /// <remarks>One window rather than the usual 7×7 or 11×11 sliding Gaussian windows, because 8×8 images are no larger
    /// than one window; values are therefore not comparable with windowed SSIM on large images.</remarks>
    /// <param name="reference">The reference image.</param>
    /// <param name="image">The image compared with it.</param>
    /// <param name="peak">The dynamic range (1 for images in [0, 1]); positive.</param>
    public static double GlobalSsim(ReadOnlySpan<double> reference, ReadOnlySpan<double> image, double peak = 1.0)
    {
        Check(reference, image, peak);
        int n = reference.Length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += reference[i];
            my += image[i];
        }

        mx /= n;
        my /= n;
        double vx = 0, vy = 0, cxy = 0;
        for (int i = 0; i < n; i++)
        {
            double a = reference[i] - mx, b = image[i] - my;
            vx += a * a;
            vy += b * b;
            cxy += a * b;
        }

        vx /= n;
        vy /= n;
        cxy /= n;
        double c1 = 0.01 * peak * (0.01 * peak), c2 = 0.03 * peak * (0.03 * peak);
        return (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    }

    private static void Check(ReadOnlySpan<double> reference, ReadOnlySpan<double> image, double peak)
    {
        Guard.MinLength(reference.Length, 1, nameof(reference));
        Guard.Length(image.Length, reference.Length, nameof(image));
        Guard.Finite(reference, nameof(reference));
        Guard.Finite(image, nameof(image));
        if (!(peak > 0) || !double.IsFinite(peak))
        {
            throw new ArgumentOutOfRangeException(nameof(peak), peak, $"peak must be a positive finite number; found {peak}.");
        }
    }
}
