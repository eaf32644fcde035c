using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Mlp.Data;

/// <summary>
/// An IDX array of unsigned bytes (the MNIST format): its dimensions, the first counting the
/// items, and the values in row-major order.
/// </summary>
public sealed record IdxArray(ImmutableArray<int> Dimensions, ImmutableArray<byte> Values)
{
    /// <summary>Number of items (the first dimension).</summary>
    public int Items => Dimensions[0];
    /// <summary>Values per item: the product of the other dimensions (1 for a vector).</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, d) => a * d);
    /// <summary>The dimensions as <c>60000×28×28</c>.</summary>
    public string Shape => string.Join("×", Dimensions);

    /// <summary>Record equality compares contents.</summary>
    public bool Equals(IdxArray? other) =>
        other is not null && Dimensions.SequenceEqual(other.Dimensions) && Values.AsSpan().SequenceEqual(other.Values.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Shape, Values.Length);
}

/// <summary>
/// The IDX format: a magic number <c>00 00 08 N</c> (unsigned-byte data, N dimensions;
/// <c>0x00000801</c> for labels, <c>0x00000803</c> for images), N big-endian 32-bit sizes, then
/// the values. Reading files (raw or gzip) is the work of the Io layer (IdxFile).
/// </summary>
public static partial class Idx
{
    /// <summary>The raw (uncompressed) bytes of an IDX file holding <paramref name="array"/>.</summary>
    public static byte[] Encode(IdxArray array)
    {
        var header = 4 + 4 * array.Dimensions.Length;
        var bytes = new byte[header + array.Values.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)array.Dimensions.Length;
        for (var i = 0; i < array.Dimensions.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), array.Dimensions[i]);
        array.Values.AsSpan().CopyTo(bytes.AsSpan(header));
        return bytes;
    }
}
