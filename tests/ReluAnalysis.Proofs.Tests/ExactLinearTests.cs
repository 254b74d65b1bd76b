namespace ReluAnalysis.Proofs.Tests;

public class ExactLinearTests
{
    private static Rational R(double v) => Rational.FromDouble(v);

    private static ExactRow Row(double a0, double a1, double b) => new([R(a0), R(a1)], R(b));

    // The unit box rows, as every certified system has them.
    private static List<ExactRow> Box() => [Row(1, 0, 1), Row(-1, 0, 1), Row(0, 1, 1), Row(0, -1, 1)];

    private static readonly Rational[] Lo = [R(-1), R(-1)];
    private static readonly Rational[] Hi = [R(1), R(1)];

    [Fact]
    public void Farkas_accepts_an_exact_certificate_and_rejects_wrong_ones()
    {
        // x0 + x1 ≤ −0.5 and −x0 − x1 ≤ −0.5 (x0 + x1 ≥ 0.5): infeasible; y = (1, 1) gives 0 ≤ −1.
        var rows = Box();
        rows.Add(Row(1, 1, -0.5));
        rows.Add(Row(-1, -1, -0.5));
        Assert.Null(ExactLinear.Farkas(rows, [(4, R(1)), (5, R(1))], Lo, Hi));
        Assert.Null(ExactLinear.Farkas(rows, [(4, R(3)), (5, R(3))], Lo, Hi));
        Assert.Contains("not < 0", ExactLinear.Farkas(rows, [(4, R(1))], Lo, Hi));
        Assert.Contains("negative", ExactLinear.Farkas(rows, [(4, R(1)), (5, R(-1))], Lo, Hi));
        Assert.Contains("rows 0..5", ExactLinear.Farkas(rows, [(6, R(1))], Lo, Hi));
    }

    [Fact]
    public void Farkas_repairs_a_small_residual_exactly_from_the_box_and_no_more()
    {
        // y = (1, 1 + 1e-9): residual (−1e-9, −1e-9), repair cost 2e-9 on Σ y b = −1 − 5e-10: still < 0.
        var rows = Box();
        rows.Add(Row(1, 1, -0.5));
        rows.Add(Row(-1, -1, -0.5));
        Assert.Null(ExactLinear.Farkas(rows, [(4, R(1)), (5, R(1 + 1e-9))], Lo, Hi));

        // The same system with a gap of only 1e-12 (x0 + x1 ≤ −5e-13, ≥ 5e-13): the residual 1e-9 costs more than the gap.
        var thin = Box();
        thin.Add(Row(1, 1, -5e-13));
        thin.Add(Row(-1, -1, -5e-13));
        Assert.Null(ExactLinear.Farkas(thin, [(4, R(1)), (5, R(1))], Lo, Hi));
        Assert.NotNull(ExactLinear.Farkas(thin, [(4, R(1)), (5, R(1 + 1e-9))], Lo, Hi));
    }

    [Fact]
    public void Motzkin_proves_a_cone_behind_three_lines_has_no_interior()
    {
        // x0 > 0, x1 > 0, −x0 − x1 > 0 (as a·x < 0 rows): empty interior, closure {0}; kernel y = (1, 1, 1).
        List<ExactRow> rows = [Row(-1, 0, 0), Row(0, -1, 0), Row(1, 1, 0), .. Box()];
        Assert.Null(ExactLinear.Motzkin(rows, [0, 1, 2], 2));

        // x0 > 0, x1 > 0, x0 − x1 > 0 is an open cone with interior: the kernel has mixed signs.
        List<ExactRow> open = [Row(-1, 0, 0), Row(0, -1, 0), Row(-1, 1, 0)];
        Assert.Contains("both signs", ExactLinear.Motzkin(open, [0, 1, 2], 2));

        // A non-minimal support (kernel of dimension 2) and an offset that makes the strict system feasible.
        Assert.Contains("dimension 2", ExactLinear.Motzkin([.. rows, Row(1, 1, 0)], [0, 1, 2, 7], 2));
        List<ExactRow> shifted = [Row(-1, 0, 0), Row(0, -1, 0), Row(1, 1, 0.5)];
        Assert.Contains("> 0", ExactLinear.Motzkin(shifted, [0, 1, 2], 2));
    }
}
