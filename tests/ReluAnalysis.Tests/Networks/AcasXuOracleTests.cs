using ReluAnalysis.Networks;

namespace ReluAnalysis.Tests.Networks;

public class AcasXuOracleTests
{
    [Fact]
    public void Network_1_1_reproduces_the_published_output()
    {
        ReluNetwork net = NnetFormat.Read(TestData.AcasXu(1, 1));
        double[] y = net.EvaluateNormalized([1.0, 1.0, 1.0, 100.0, 1.0]);
        double[] expected = [270.9496180507633, 280.8974763003331, 274.5525477628152, 288.1007100693911, 256.1803773657496];
        for (int i = 0; i < 5; i++)
        {
            Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-12 * Math.Abs(expected[i]), $"output {i}: {y[i]:R} vs {expected[i]:R}");
        }
    }
}
