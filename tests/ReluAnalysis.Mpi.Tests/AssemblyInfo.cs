// The MPI tests start mpiexec jobs that use both cores; running them side by side only slows each down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
