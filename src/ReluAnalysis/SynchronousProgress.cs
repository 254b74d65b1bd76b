namespace ReluAnalysis;

/// <summary>Forwards progress reports synchronously on the reporting thread (<see cref="Progress{T}"/> would post them out of order).</summary>
internal sealed class SynchronousProgress(Action<OperationProgress> report) : IProgress<OperationProgress>
{
    public void Report(OperationProgress value) => report(value);
}
