using ReluAnalysis.Patterns;

namespace ReluAnalysis.Tests.Patterns;

public class ActivationPatternTests
{
    private static readonly PatternLayout Layout = new([3, 70]);

    private static ActivationPattern FromBits(string layer0, string layer1)
    {
        var words = new ulong[Layout.WordCount];
        for (int i = 0; i < layer0.Length; i++)
        {
            if (layer0[i] == '1')
            {
                words[0] |= 1UL << i;
            }
        }

        for (int i = 0; i < layer1.Length; i++)
        {
            if (layer1[i] == '1')
            {
                words[1 + (i >> 6)] |= 1UL << (i & 63);
            }
        }

        return new ActivationPattern(Layout, words);
    }

    [Fact]
    public void Bits_round_trip_through_strings_and_counts()
    {
        var rng = new Random(4);
        for (int trial = 0; trial < 50; trial++)
        {
            string a = new(Enumerable.Range(0, 3).Select(_ => rng.Next(2) == 1 ? '1' : '0').ToArray());
            string b = new(Enumerable.Range(0, 70).Select(_ => rng.Next(2) == 1 ? '1' : '0').ToArray());
            ActivationPattern p = FromBits(a, b);
            Assert.Equal(a, p.ToBitString(0));
            Assert.Equal(b, p.ToBitString(1));
            Assert.Equal(a.Count(c => c == '1') + b.Count(c => c == '1'), p.PopCount());
            Assert.Equal(b.Count(c => c == '1'), p.PopCount(1));
            Assert.Equal(Enumerable.Range(0, 70).Where(i => b[i] == '1').ToArray(), p.ActiveNeurons(1));
            for (int i = 0; i < 70; i++)
            {
                Assert.Equal(b[i] == '1', p.IsActive(1, i));
                Assert.Equal(b[i] == '1', p.IsActive(3 + i));
            }
        }
    }

    [Fact]
    public void Flip_changes_one_bit_and_hamming_counts_differences()
    {
        ActivationPattern p = FromBits("101", new string('0', 70));
        ActivationPattern q = p.Flip(1, 68).Flip(0, 1);
        Assert.Equal(2, p.HammingDistance(q));
        Assert.True(q.IsActive(1, 68));
        Assert.True(q.IsActive(0, 1));
        Assert.False(p.IsActive(1, 68));
        Assert.Equal(p, q.Flip(1, 68).Flip(0, 1));
        Assert.Equal(p.GetHashCode(), q.Flip(1, 68).Flip(0, 1).GetHashCode());
        Assert.NotEqual(p, q);
    }

    [Fact]
    public void Invalid_words_and_indices_are_rejected()
    {
        var words = new ulong[Layout.WordCount];
        words[0] = 1UL << 3; // layer 0 has only 3 neurons
        var e = Assert.Throws<ArgumentException>(() => new ActivationPattern(Layout, words));
        Assert.Contains("beyond the 3 neurons", e.Message);
        Assert.Throws<ArgumentException>(() => new ActivationPattern(Layout, new ulong[2]));
        ActivationPattern ok = new(Layout, new ulong[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ok.IsActive(1, 70));
        Assert.Throws<ArgumentException>(() => ok.HammingDistance(new ActivationPattern(new PatternLayout([3, 71]), new ulong[3])));
    }

    [Fact]
    public void Sign_rule_reports_degenerate_values()
    {
        Assert.Equal(NeuronState.Active, SignRule.Classify(1e-6, 1e-9));
        Assert.Equal(NeuronState.Inactive, SignRule.Classify(-1e-6, 1e-9));
        Assert.Equal(NeuronState.Degenerate, SignRule.Classify(5e-10, 1e-9));
        Assert.Equal(NeuronState.Degenerate, SignRule.Classify(0.0, 0.0));
        Assert.False(SignRule.IsActive(0.0));
    }
}
