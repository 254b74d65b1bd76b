using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ReluAnalysis.Networks;

public sealed partial class ReluNetwork
{
    /// <summary>
    /// SHA-256 of the weights, lower-case hex: the layer count, then per layer its outputs and inputs (32-bit little
    /// endian), its weights row by row and its biases (IEEE doubles, little endian). Two networks with the same
    /// fingerprint compute the same function bit for bit; the input normalisation is not included. Proof files name
    /// their network by it.
    /// </summary>
    public string WeightsSha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(word, _layers.Length);
        hash.AppendData(word[..4]);
        foreach (DenseLayer layer in _layers)
        {
            BinaryPrimitives.WriteInt32LittleEndian(word, layer.Outputs);
            hash.AppendData(word[..4]);
            BinaryPrimitives.WriteInt32LittleEndian(word, layer.Inputs);
            hash.AppendData(word[..4]);
            Append(hash, layer.Weights);
            Append(hash, layer.Bias);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());

        static void Append(IncrementalHash hash, ReadOnlySpan<double> values)
        {
            Span<byte> bytes = stackalloc byte[8];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes, values[i]);
                hash.AppendData(bytes);
            }
        }
    }
}
