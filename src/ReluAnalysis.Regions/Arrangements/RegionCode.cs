using System.Numerics;

namespace ReluAnalysis.Regions.Arrangements;

/// <summary>
/// A cell's code: the bitset of hyperplanes flipped relative to the base cell, <c>⌈n/64⌉</c> words.
/// Compared word by word from the highest word down; hashed with a 64-bit multiply–xorshift mix.
/// </summary>
internal readonly struct RegionCode : IEquatable<RegionCode>, IComparable<RegionCode>
{
    public RegionCode(ulong[] words) => Words = words;

    public ulong[] Words { get; }

    public bool Has(int bit) => ((Words[bit >> 6] >> (bit & 63)) & 1UL) != 0;

    public RegionCode WithFlip(int bit)
    {
        ulong[] w = Words.AsSpan().ToArray();
        w[bit >> 6] ^= 1UL << (bit & 63);
        return new RegionCode(w);
    }

    public int PopCount()
    {
        int c = 0;
        foreach (ulong w in Words)
        {
            c += BitOperations.PopCount(w);
        }

        return c;
    }

    public bool Equals(RegionCode other) => Words.AsSpan().SequenceEqual(other.Words);

    public override bool Equals(object? obj) => obj is RegionCode c && Equals(c);

    public override int GetHashCode()
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (ulong w in Words)
        {
            h ^= w;
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 31;
            h *= 0x94D049BB133111EBUL;
            h ^= h >> 29;
        }

        return (int)(h ^ (h >> 32));
    }

    public int CompareTo(RegionCode other)
    {
        for (int i = Words.Length - 1; i >= 0; i--)
        {
            int c = Words[i].CompareTo(other.Words[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
