using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>
/// SHA-256 of matrices' shapes and bits, as lowercase hex: two runs whose rows or starting
/// network differ in one bit get different fingerprints, and equal ones equal fingerprints on any
/// machine (the bits are the values; the byte order is the machine's, little-endian on every
/// platform .NET runs on). A hash of the data rather than the data itself keeps a checkpoint small.
/// </summary>
internal static class Fingerprint
{
    // Hashed in slices, so no byte count of a large matrix overflows an int.
    private const int Slice = 1 << 20;

    /// <summary>The fingerprint of <paramref name="matrices"/>, in order, each with its shape.</summary>
    public static string Of<T>(params ReadOnlySpan<Matrix<T>> matrices) where T : IFloatingPointIeee754<T>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var m in matrices) Add(hash, m);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The fingerprint of a network: each layer's weight, bias and activation.</summary>
    public static string Of<T>(Network<T> network) where T : IFloatingPointIeee754<T>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var layer in network.Layers)
        {
            Add(hash, layer.Weight);
            Add(hash, layer.Bias);
            hash.AppendData(Encoding.UTF8.GetBytes(layer.Activation.Name() + "\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Add<T>(IncrementalHash hash, Matrix<T> m) where T : IFloatingPointIeee754<T>
    {
        // float and double are the numbers in use; a type holding references has no bits to hash.
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            throw new ArgumentException($"cannot fingerprint matrices of {typeof(T).Name}");
        Span<byte> shape = stackalloc byte[8];
        BitConverter.TryWriteBytes(shape, m.Rows);
        BitConverter.TryWriteBytes(shape[4..], m.Cols);
        hash.AppendData(shape);
        var values = m.Span;
        for (var start = 0; start < values.Length; start += Slice)
        {
            var part = values.Slice(start, Math.Min(Slice, values.Length - start));
            hash.AppendData(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(part)),
                part.Length * Unsafe.SizeOf<T>()));
        }
    }
}
