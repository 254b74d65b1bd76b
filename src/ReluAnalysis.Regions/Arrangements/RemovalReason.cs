namespace ReluAnalysis.Regions.Arrangements;

/// <summary>Why a hyperplane was removed before the search.</summary>
public enum RemovalReason
{
    /// <summary>The normal is (numerically) zero: the row is constant.</summary>
    ZeroNormal = 0,

    /// <summary>Same hyperplane as an earlier one (possibly with the opposite orientation).</summary>
    Duplicate = 1,

    /// <summary>The hyperplane does not cross the domain's interior (it misses it or only touches its boundary).</summary>
    MissesDomain = 2,
}
