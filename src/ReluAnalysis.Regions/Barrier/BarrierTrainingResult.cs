using ReluAnalysis.Networks;

namespace ReluAnalysis.Regions.Barrier;

/// <summary>A trained barrier network (not a certificate: certify it with <see cref="BarrierCertifier"/>).</summary>
/// <param name="Network">The shallow network <c>n → N → 1</c>.</param>
/// <param name="Loss">Final total loss.</param>
/// <param name="ViolatedSamples">Training samples still violating a condition (without margins) at the end.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record BarrierTrainingResult(ReluNetwork Network, double Loss, int ViolatedSamples, TimeSpan Elapsed);
