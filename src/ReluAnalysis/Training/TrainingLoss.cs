namespace ReluAnalysis.Training;

/// <summary>The loss a <see cref="MlpTrainer"/> minimises.</summary>
public enum TrainingLoss
{
    /// <summary>Softmax cross-entropy on integer class labels (outputs are logits).</summary>
    SoftmaxCrossEntropy,

    /// <summary>Mean squared error <c>(1/(B·m)) Σ_s Σ_o (f_o(x_s) − y_so)²</c> on real targets.</summary>
    MeanSquaredError,
}
