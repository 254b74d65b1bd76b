namespace ReluAnalysis.Mpi.Tests;

/// <summary>
/// A fact that needs MPICH's launcher: skipped, with the reason, when <c>mpiexec.mpich</c> is not on the PATH
/// (xunit 2.9 has no runtime skip, so the check runs when the attribute is built).
/// </summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (Mpiexec.Path is null)
        {
            Skip = Mpiexec.MissingReason;
        }
    }
}

/// <summary>The theory form of <see cref="MpiFactAttribute"/>.</summary>
public sealed class MpiTheoryAttribute : TheoryAttribute
{
    public MpiTheoryAttribute()
    {
        if (Mpiexec.Path is null)
        {
            Skip = Mpiexec.MissingReason;
        }
    }
}
