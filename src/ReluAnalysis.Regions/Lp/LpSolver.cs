using Google.OrTools.LinearSolver;

namespace ReluAnalysis.Regions.Lp;

/// <summary>
/// A reusable linear program on Google OR-Tools GLOP, in domain words: bounded variables, rows with
/// lower/upper bounds, one linear objective with a direction, solve, status, primal point.
/// </summary>
/// <remarks>
/// One instance per worker thread; not thread-safe. Rows and bounds are changed in place between solves
/// so GLOP warm-starts from the previous basis. Solver statuses are mapped to <see cref="LpStatus"/> here
/// and nowhere else: OPTIMAL → Optimal, INFEASIBLE → Infeasible, UNBOUNDED → Unbounded; every other
/// status (ABNORMAL, NOT_SOLVED, MODEL_INVALID, FEASIBLE-but-not-optimal) is a numerical failure, retried
/// once from scratch with the primal simplex and presolve on, then reported as <see cref="LpStatus.Error"/>.
/// Presolve is off on the first attempt: these LPs are tiny and presolve only costs time.
/// </remarks>
internal sealed class LpSolver : IDisposable
{
    private readonly Solver _solver;
    private readonly List<Variable> _variables = [];
    private readonly List<Constraint> _rows = [];
    private readonly MPSolverParameters _fast;
    private readonly MPSolverParameters _careful;
    private readonly LpCounters _counters;
    private bool _disposed;

    /// <summary>Creates an empty LP that reports its work to <paramref name="counters"/>.</summary>
    public LpSolver(LpCounters counters)
    {
        _counters = counters;
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("Google OR-Tools could not create the GLOP solver.");
        _solver.SuppressOutput();
        _fast = new MPSolverParameters();
        _fast.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_OFF);
        _fast.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)MPSolverParameters.LpAlgorithmValues.DUAL);
        _careful = new MPSolverParameters();
        _careful.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_ON);
        _careful.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)MPSolverParameters.LpAlgorithmValues.PRIMAL);
        _careful.SetIntegerParam(MPSolverParameters.IntegerParam.INCREMENTALITY, (int)MPSolverParameters.IncrementalityValues.INCREMENTALITY_OFF);
    }

    /// <summary>Number of variables.</summary>
    public int VariableCount => _variables.Count;

    /// <summary>Number of rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Adds a variable with bounds <c>[lower, upper]</c> (infinite bounds allowed); returns its index.</summary>
    public int AddVariable(double lower, double upper)
    {
        _variables.Add(_solver.MakeNumVar(lower, upper, string.Empty));
        return _variables.Count - 1;
    }

    /// <summary>Adds an empty row <c>lower ≤ Σ_j c_j v_j ≤ upper</c>; returns its index.</summary>
    public int AddRow(double lower, double upper)
    {
        _rows.Add(_solver.MakeConstraint(lower, upper));
        return _rows.Count - 1;
    }

    /// <summary>Sets the coefficient of variable <paramref name="variable"/> in row <paramref name="row"/>.</summary>
    public void SetCoefficient(int row, int variable, double value) => _rows[row].SetCoefficient(_variables[variable], value);

    /// <summary>Sets the bounds of a row.</summary>
    public void SetRowBounds(int row, double lower, double upper) => _rows[row].SetBounds(lower, upper);

    /// <summary>Sets the bounds of a variable.</summary>
    public void SetVariableBounds(int variable, double lower, double upper) => _variables[variable].SetBounds(lower, upper);

    /// <summary>Sets the objective coefficient of a variable.</summary>
    public void SetObjective(int variable, double coefficient) => _solver.Objective().SetCoefficient(_variables[variable], coefficient);

    /// <summary>Sets the objective direction.</summary>
    public void SetMaximize(bool maximize)
    {
        if (maximize)
        {
            _solver.Objective().SetMaximization();
        }
        else
        {
            _solver.Objective().SetMinimization();
        }
    }

    /// <summary>Drops the warm-start basis so the next solve depends only on the model (used for reproducible witnesses).</summary>
    public void ResetBasis() => _solver.Reset();

    /// <summary>Solves; on a numerical failure retries once from scratch in the careful mode.</summary>
    public LpStatus Solve()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _counters.AddSolved();
        LpStatus status = Map(_solver.Solve(_fast));
        if (status != LpStatus.Error)
        {
            return status;
        }

        _counters.AddRetried();
        _solver.Reset();
        status = Map(_solver.Solve(_careful));
        if (status == LpStatus.Error)
        {
            _counters.AddFailed();
        }

        _solver.Reset();
        return status;
    }

    /// <summary>The primal value of a variable after an optimal solve.</summary>
    public double Value(int variable) => _variables[variable].SolutionValue();

    /// <summary>The dual value of a row after an optimal solve.</summary>
    public double DualValue(int row) => _rows[row].DualValue();

    /// <summary>The objective value after an optimal solve.</summary>
    public double ObjectiveValue => _solver.Objective().Value();

    private static LpStatus Map(Solver.ResultStatus status) => status switch
    {
        Solver.ResultStatus.OPTIMAL => LpStatus.Optimal,
        Solver.ResultStatus.INFEASIBLE => LpStatus.Infeasible,
        Solver.ResultStatus.UNBOUNDED => LpStatus.Unbounded,
        _ => LpStatus.Error,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _fast.Dispose();
        _careful.Dispose();
        _solver.Dispose();
    }
}
