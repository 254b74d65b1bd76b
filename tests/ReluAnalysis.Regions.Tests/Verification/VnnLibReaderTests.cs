using ReluAnalysis.Geometry;
using ReluAnalysis.Specifications;

namespace ReluAnalysis.Regions.Tests.Verification;

public class VnnLibReaderTests
{
    private const string Header = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n";

    [Fact]
    public void EveryAcasXuProperty_Parses_WithFiveInputsAndOutputs_AndBoundedBoxes()
    {
        for (int k = 1; k <= 10; k++)
        {
            VerificationProperty p = VnnLibReader.Read(TestData.AcasXuProperty(k));
            Assert.Equal(5, p.InputDimension);
            Assert.Equal(5, p.OutputDimension);
            Assert.All(p.InputBoxes, b => Assert.NotNull(b));
            Assert.NotEmpty(p.UnsafeOutputs);
        }
    }

    [Fact]
    public void AcasXu_Phi1_OneOutputAtom_Y0AtLeast3_99()
    {
        VerificationProperty p = VnnLibReader.Read(TestData.AcasXuProperty(1));
        Polytope u = Assert.Single(p.UnsafeOutputs);
        HalfSpace row = Assert.Single(u.HalfSpaces);

        // y0 ≥ 3.991125645861615  ⇔  −y0 ≤ −3.991125645861615.
        Assert.Equal([-1.0, 0, 0, 0, 0], row.Normal.ToArray());
        Assert.Equal(-3.991125645861615, row.Offset);
        Box box = p.InputBoxes[0]!;
        Assert.Equal(0.6, box.Lower[0], 1e-12);
        Assert.Equal(-0.5, box.Lower[4], 1e-12);
    }

    [Fact]
    public void AcasXu_Phi6_TwoInputBoxes_Phi7_TwoConjunctionsOfThree_Phi4_FixesPsi()
    {
        VerificationProperty p6 = VnnLibReader.Read(TestData.AcasXuProperty(6));
        Assert.Equal(2, p6.InputBoxes.Count);
        Assert.Equal(0.11140846, p6.InputBoxes[0]!.Lower[1], 1e-12);
        Assert.Equal(-0.11140846, p6.InputBoxes[1]!.Upper[1], 1e-12);

        VerificationProperty p7 = VnnLibReader.Read(TestData.AcasXuProperty(7));
        Assert.Equal(2, p7.UnsafeOutputs.Count);
        Assert.All(p7.UnsafeOutputs, u => Assert.Equal(3, u.HalfSpaces.Count));

        // y3 ≤ y0 reads (e3 − e0)·y ≤ 0.
        Assert.Equal([-1.0, 0, 0, 1, 0], p7.UnsafeOutputs[0].HalfSpaces[0].Normal.ToArray());

        Box b4 = VnnLibReader.Read(TestData.AcasXuProperty(4)).InputBoxes[0]!;
        Assert.Equal(0.0, b4.Lower[2]);
        Assert.Equal(0.0, b4.Upper[2]);
    }

    [Fact]
    public void Terms_Sums_Differences_Products_AndComments_Normalise_ToLinearRows()
    {
        string text = Header + """
            ; a comment
            (assert (<= X_0 1)) (assert (>= X_0 -1e0)) (assert (<= X_1 2.5)) (assert (>= X_1 -2.5))
            (assert (or (and (>= (+ Y_0 (* 2 Y_1)) (- 3 Y_0))) (<= (* Y_1 -1) (- Y_0))))
            """;
        VerificationProperty p = VnnLibReader.Parse(text);
        Assert.Equal(2, p.UnsafeOutputs.Count);

        // y0 + 2 y1 ≥ 3 − y0  ⇔  −2 y0 − 2 y1 ≤ −3.
        HalfSpace a = p.UnsafeOutputs[0].HalfSpaces[0];
        Assert.Equal([-2.0, -2.0], a.Normal.ToArray());
        Assert.Equal(-3.0, a.Offset);

        // −y1 ≤ −y0  ⇔  y0 − y1 ≤ 0.
        HalfSpace b = p.UnsafeOutputs[1].HalfSpaces[0];
        Assert.Equal([1.0, -1.0], b.Normal.ToArray());
        Assert.Equal(0.0, b.Offset);
        Assert.Equal(1.0, p.InputBoxes[0]!.Upper[0]);
        Assert.Equal(0, p.UnsafeDisjunctOf([2.0, 0.0]));
        Assert.Equal(1, p.UnsafeDisjunctOf([-1.0, 0.0]));
        Assert.Equal(-1, p.UnsafeDisjunctOf([0.5, 0.0]));
    }

    [Fact]
    public void NonBoxInputPiece_IsKeptAsPolytope()
    {
        string text = Header + "(assert (<= (+ X_0 X_1) 1)) (assert (>= X_0 0)) (assert (>= X_1 0)) (assert (<= Y_0 Y_1))";
        VerificationProperty p = VnnLibReader.Parse(text);
        Assert.Null(p.InputBoxes[0]);
        Assert.Equal(3, p.InputPieces[0].HalfSpaces.Count);
    }

    [Theory]
    [InlineData("(assert (<= X_0 1)", 5, 1, "never closed")]
    [InlineData("(assert (< X_0 1))", 5, 10, "unsupported operator \"<\"")]
    [InlineData("(assert (<= X_0 Z_3))", 5, 17, "neither a declared variable nor a number")]
    [InlineData("(assert (<= (* X_0 X_1) 1))", 5, 20, "not linear")]
    [InlineData("(assert (<= X_0 Y_0))", 5, 9, "mixes inputs X and outputs Y")]
    [InlineData("(check-sat)", 5, 2, "unsupported command")]
    [InlineData("(assert (<= X_0 1)))", 5, 20, "unbalanced")]
    [InlineData("(assert (<= X_0 1))\n(assert (>= X_0 2))\n(assert (<= X_1 1))\n(assert (>= X_1 0))\n(assert (<= Y_0 0))", 5, 9, "not a bounded non-empty box")]
    [InlineData("(assert (<= X_0 1))\n(assert (<= Y_0 0))", 5, 9, "not a bounded non-empty box")]
    [InlineData("(declare-const X_5 Real)", 5, 16, "declare indices in order")]
    [InlineData("(declare-const X_0 Int)", 5, 20, "expected Real")]
    public void Malformed_Text_Errors_NameFileLineAndColumn(string body, int line, int column, string message)
    {
        var e = Assert.Throws<FormatException>(() => VnnLibReader.Parse(Header + body, "bad.vnnlib"));
        Assert.StartsWith($"bad.vnnlib:{line}:{column}:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => VnnLibReader.Read(Path.Combine(TestData.RepoRoot, "no-such.vnnlib")));
    }
}
