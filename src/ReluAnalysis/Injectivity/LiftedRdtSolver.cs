using System.Diagnostics;

namespace ReluAnalysis.Injectivity;

/// <summary>A lifted RDT functional <c>Φ(θ; α) = α A(θ) + B(θ)</c> (linear in <c>α</c>) with its variable transform.</summary>
internal interface ILiftedFunctional
{
    RdtLevel Level { get; }

    string[] Names { get; }

    double[] DefaultStart { get; }

    int Evaluations { get; }

    /// <summary>Energy part <c>A(θ)</c> and entropy part <c>B(θ)</c>.</summary>
    (double A, double B) Parts(double[] raw);

    bool Feasible(double[] raw);

    double[] ToRaw(double[] free);

    double[] ToFree(double[] raw);
}

/// <summary>Energy curve and threshold for a lifted functional: maximise over <c>θ</c>, Newton on <c>α</c> with the envelope slope <c>de/dα = A(θ*)</c>.</summary>
internal static class LiftedRdtSolver
{
    public static (RdtEnergy Energy, double[] Raw) Energy(ILiftedFunctional functional, double alpha, double[]? warm, RdtOptions options, CancellationToken cancellationToken)
    {
        var point = new StationaryPoint(raw => Value(functional, raw, alpha), functional.ToRaw, functional.ToFree, functional.Feasible);
        (double[] raw, double value, bool converged) result;
        if (warm is not null)
        {
            result = point.Newton(warm, options.MaxIterations, cancellationToken);
            if (!result.converged)
            {
                result = point.Maximize(warm, 1e-11, options.MaxIterations, cancellationToken);
            }
        }
        else
        {
            double[] start = options.Start?.ToArray() ?? functional.DefaultStart;
            if (start.Length != functional.Names.Length || !functional.Feasible(start))
            {
                throw new ArgumentException($"Start has {start.Length} values ({string.Join(", ", start)}); expected {functional.Names.Length} feasible values for ({string.Join(", ", functional.Names)}).", nameof(options));
            }

            result = point.Maximize(start, 1e-11, options.MaxIterations, cancellationToken);
        }

        var (a, _) = functional.Parts(result.raw);
        var energy = new RdtEnergy(functional.Level, alpha, result.value, Named(functional, result.raw), a, result.converged ? RdtStatus.Converged : RdtStatus.NotConverged);
        return (energy, result.raw);
    }

    public static RdtThreshold Threshold(ILiftedFunctional functional, double alphaStart, RdtOptions options, int innerNodes, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        double alpha = alphaStart;
        double[]? warm = null;
        RdtEnergy? energy = null;
        var status = RdtStatus.NotConverged;
        for (int iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var (e, raw) = Energy(functional, alpha, warm, options, cancellationToken);
            energy = e;
            warm = raw;
            double step = (e.Energy - 1.0) / e.Slope;
            if (!double.IsFinite(step))
            {
                break;
            }

            alpha -= step;
            if (Math.Abs(step) < options.AlphaTolerance && e.Status == RdtStatus.Converged)
            {
                var (final, finalRaw) = Energy(functional, alpha, warm, options, cancellationToken);
                energy = final;
                warm = finalRaw;
                status = final.Status;
                break;
            }
        }

        return new RdtThreshold(
            functional.Level,
            status,
            energy?.Alpha ?? alpha,
            energy?.Parameters ?? new Dictionary<string, double>(),
            energy?.Energy ?? double.NaN,
            options.QuadratureNodes,
            innerNodes,
            functional.Evaluations,
            watch.Elapsed);
    }

    public static double Value(ILiftedFunctional functional, double[] raw, double alpha)
    {
        var (a, b) = functional.Parts(raw);
        return alpha * a + b;
    }

    private static Dictionary<string, double> Named(ILiftedFunctional functional, double[] raw)
    {
        var named = new Dictionary<string, double>();
        for (int i = 0; i < raw.Length; i++)
        {
            named[functional.Names[i]] = raw[i];
        }

        return named;
    }
}
