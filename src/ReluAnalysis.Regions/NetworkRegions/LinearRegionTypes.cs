using ReluAnalysis.Geometry;
using ReluAnalysis.Patterns;

namespace ReluAnalysis.Regions.NetworkRegions;

/// <summary>How a region is split along the unstable neurons of the next layer.</summary>
public enum SplitStrategy
{
    /// <summary>All unstable neurons of a layer at once, by arrangement enumeration inside the region (spec §2.1). Default.</summary>
    LayerArrangement = 0,

    /// <summary>One unstable neuron at a time, two children each checked by LP (exact star-set style, spec §2.2).</summary>
    NeuronByNeuron = 1,
}

/// <summary>Options of <see cref="LinearRegionEnumerator"/>. Change with <c>with</c>.</summary>
public sealed record LinearRegionOptions
{
    /// <summary>Stop after this many regions (status <see cref="EnumerationStatus.Limit"/>). Default: no limit.</summary>
    public long MaxRegions { get; init; } = long.MaxValue;

    /// <summary>Wall-time limit (status <see cref="EnumerationStatus.Timeout"/>). Default: none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Worker threads; ≤ 0 means <see cref="Environment.ProcessorCount"/>. Results do not depend on it. Default 0.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Split strategy. Default <see cref="SplitStrategy.LayerArrangement"/>.</summary>
    public SplitStrategy Strategy { get; init; } = SplitStrategy.LayerArrangement;

    /// <summary>Hash before LP inside each split (see <see cref="Arrangements.ArrangementOptions.HashBeforeLp"/>). Default true.</summary>
    public bool HashBeforeLp { get; init; } = true;

    /// <summary>Witness probes inside each split. Default true.</summary>
    public bool WitnessProbing { get; init; } = true;

    /// <summary>Emptiness-certificate cache inside each split (see <see cref="Arrangements.ArrangementOptions.CertificateCache"/>). Default true.</summary>
    public bool CertificateCache { get; init; } = true;

    /// <summary>Attach each region's H-representation (domain rows plus one row per split neuron; may hold redundant rows). Default false.</summary>
    public bool ComputeHRepresentation { get; init; }

    /// <summary>Slack threshold ε (a distance, relative to max(1, domain scale)). Default 1e-11.</summary>
    public double Tolerance { get; init; } = 1e-11;
}

/// <summary>One linear (activation) region of a network inside the domain.</summary>
/// <param name="Pattern">The activation pattern (bit = neuron active, <c>z &gt; 0</c>, on the region's interior).</param>
/// <param name="Witness">An interior point.</param>
/// <param name="Slack">Smallest distance from the witness to a row of the region (domain or split neuron).</param>
/// <param name="Map">The local affine map <c>y = A x + c</c> of the network on the region.</param>
/// <param name="HRepresentation">On request, the region as half-spaces; otherwise null.</param>
public sealed record LinearRegion(ActivationPattern Pattern, double[] Witness, double Slack, LocalAffineMap Map, Polytope? HRepresentation);

/// <summary>The linear regions of a network inside a domain.</summary>
/// <param name="Status">How the enumeration ended.</param>
/// <param name="Regions">Regions in a deterministic order (independent of the thread count).</param>
/// <param name="RegionsPerLayer">Number of regions of layers 1..k after each hidden layer k (the last equals the final count unless stopped early).</param>
/// <param name="StableByBounds">Neuron–region pairs decided stable by bounds, without an LP.</param>
/// <param name="SplitNeurons">Neuron–region pairs handed to a split (LP prefilter and arrangement).</param>
/// <param name="Lp">LP work.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record LinearRegionResult(
    EnumerationStatus Status,
    IReadOnlyList<LinearRegion> Regions,
    IReadOnlyList<long> RegionsPerLayer,
    long StableByBounds,
    long SplitNeurons,
    LpStatistics Lp,
    TimeSpan Elapsed);
