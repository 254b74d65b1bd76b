namespace ReluAnalysis;

/// <summary>
/// The one progress payload of every long operation in the library (enumerations, searches, training, Monte
/// Carlo, certification). Report it through <see cref="IProgress{T}"/>; the operation decides how often.
/// </summary>
/// <param name="Stage">What is running, in a few words ("layer 3", "epoch", "trials", "stage 2").</param>
/// <param name="Completed">Units of work done so far (regions, epochs, trials, cells…).</param>
/// <param name="Total">Units expected in all, or <see langword="null"/> when unknown in advance.</param>
/// <param name="Elapsed">Wall time since the operation started.</param>
/// <param name="Value">An optional figure of merit at this point (a loss, an LP count, a bound), or <see langword="null"/>.</param>
public readonly record struct OperationProgress(string Stage, long Completed, long? Total, TimeSpan Elapsed, double? Value = null);
