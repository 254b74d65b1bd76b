namespace ReluAnalysis.Attribution;

/// <summary>Outcome of a path selection.</summary>
public enum PathSelectionStatus
{
    /// <summary>Every constrained layer kept at least one unit that passed the share filter: the path is activated and connected.</summary>
    Selected,

    /// <summary>At some layer no unit passed the filter and the top-ranked unit was kept anyway (see <see cref="LayerSelection.FallbackUsed"/>).</summary>
    FallbackUsed,
}
