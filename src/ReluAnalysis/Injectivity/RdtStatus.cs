namespace ReluAnalysis.Injectivity;

/// <summary>Outcome of an RDT solve.</summary>
public enum RdtStatus
{
    /// <summary>The stationarity conditions and the threshold equation were met to tolerance.</summary>
    Converged = 0,

    /// <summary>The iteration limit was reached first; the numbers are the last iterate.</summary>
    NotConverged = 1,

}
