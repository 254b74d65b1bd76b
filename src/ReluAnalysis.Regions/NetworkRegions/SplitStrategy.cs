namespace ReluAnalysis.Regions.NetworkRegions;

/// <summary>How a region is split along the unstable neurons of the next layer.</summary>
public enum SplitStrategy
{
    /// <summary>All unstable neurons of a layer at once, by arrangement enumeration inside the region (spec §2.1). Default.</summary>
    LayerArrangement = 0,

    /// <summary>One unstable neuron at a time, two children each checked by LP (exact star-set style, spec §2.2).</summary>
    NeuronByNeuron = 1,
}
