using ReluAnalysis.Geometry;
using ReluAnalysis.Networks;

namespace ReluAnalysis.Tests.Networks;

public class InputRestrictionTests
{
    [Fact]
    public void RestrictedNetwork_AtU_Equals_Original_AtLiftedPoint_WithSamePattern()
    {
        ReluNetwork net = ReluNetwork.Random([5, 12, 9, 3], seed: 7);
        double[] x0 = [0.1, -0.2, 0.3, 0.4, -0.5];
        InputRestriction r = InputRestriction.Of(net, [3, 1], x0);
        Assert.Equal(2, r.Restricted.InputDimension);
        Assert.Equal([3, 1], r.FreeInputs);
        var rng = new Random(1);
        for (int s = 0; s < 50; s++)
        {
            double[] u = [rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1];
            double[] x = r.Lift(u);
            Assert.Equal(u[0], x[3]);
            Assert.Equal(u[1], x[1]);
            Assert.Equal(x0[0], x[0]);
            Assert.Equal(u, r.Project(x));
            double[] ya = net.Evaluate(x);
            double[] yb = r.Restricted.Evaluate(u);
            for (int o = 0; o < ya.Length; o++)
            {
                Assert.Equal(ya[o], yb[o], 1e-12);
            }

            Assert.Equal(net.PatternAt(x).Words.ToArray(), r.Restricted.PatternAt(u).Words.ToArray());
        }
    }

    [Fact]
    public void FixedSidesOf_Box_FreesThePositiveWidthSides_AndLiftsPolytopes()
    {
        ReluNetwork net = ReluNetwork.Random([3, 4, 1], seed: 2);
        var box = new Box([0.0, 0.5, -1.0], [1.0, 0.5, 1.0]);
        Assert.True(InputRestriction.HasFixedSides(box));
        InputRestriction r = InputRestriction.FixedSidesOf(net, box);
        Assert.Equal([0, 2], r.FreeInputs);
        Box reduced = r.Restrict(box);
        Assert.Equal([0.0, -1.0], reduced.Lower.ToArray());
        Polytope lifted = r.Lift(reduced.ToPolytope());
        Assert.Equal(6, lifted.HalfSpaces.Count);
        Assert.True(lifted.Contains([0.5, 0.5, 0.0]));
        Assert.False(lifted.Contains([0.5, 0.6, 0.0], 1e-9));
    }

    [Fact]
    public void BadArguments_NameTheParameter()
    {
        ReluNetwork net = ReluNetwork.Random([3, 4, 1], seed: 2);
        Assert.Contains("freeInputs", Assert.Throws<ArgumentException>(() => InputRestriction.Of(net, [0, 0], new double[3])).Message);
        Assert.Contains("0..2", Assert.Throws<ArgumentException>(() => InputRestriction.Of(net, [3], new double[3])).Message);
        Assert.Throws<ArgumentException>(() => InputRestriction.Of(net, [], new double[3]));
        Assert.Throws<ArgumentException>(() => InputRestriction.FixedSidesOf(net, new Box([1.0, 1, 1], [1.0, 1, 1])));
        Assert.Throws<ArgumentException>(() => new Box([1.0], [0.0]));
    }
}
