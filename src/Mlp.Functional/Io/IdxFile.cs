using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;
using LanguageExt;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>
/// Reads IDX files (the format is <see cref="Idx"/>'s), raw or compressed with gzip (first bytes
/// <c>1f 8b</c>); messages name the paths as given. <see cref="Decode"/> works on bytes already
/// read, so corrupt files can be tested without a disk.
/// </summary>
public static class IdxFile
{
    /// <summary>One IDX file as an array.</summary>
    public static Fin<IdxArray> Load(string path) => Files.Read(path).Bind(bytes => Decode(bytes, path));

    /// <summary>An images file and a labels file as a classification data set (see <see cref="Idx.ToDataset{T}"/>).</summary>
    public static Fin<Dataset<T>> Load<T>(string imagesPath, string labelsPath, string? name = null,
        ImmutableArray<string> classes = default) where T : IFloatingPointIeee754<T> =>
        from images in Load(imagesPath)
        from labels in Load(labelsPath)
        from data in Idx.ToDataset<T>(name ?? imagesPath, images, imagesPath, labels, labelsPath, classes)
        select data;

    /// <summary>The most values an IDX array may hold (2³⁰), checked before anything is allocated.</summary>
    public const long MaxValues = 1L << 30;
    /// <summary>Deflate expands at most about 1032-fold; a header promising more than this many bytes per compressed byte is corrupt.</summary>
    public const long MaxInflation = 1100;
    /// <summary>The most dimensions accepted.</summary>
    public const int MaxDimensions = 8;

    /// <summary>
    /// Decodes an IDX file's bytes, raw or gzip. Errors read <c>source: byte B: what</c> for the
    /// header, <c>source: truncated gzip stream: …</c> when compressed data ends early.
    /// </summary>
    public static Fin<IdxArray> Decode(byte[] bytes, string source)
    {
        var gzip = bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
        try
        {
            using var stream = gzip
                ? (Stream)new GZipStream(new MemoryStream(bytes, false), CompressionMode.Decompress)
                : new MemoryStream(bytes, false);
            return Header(stream, source, gzip).Bind(h => gzip ? Inflate(stream, bytes, h, source) : Raw(bytes, h, source));
        }
        catch (InvalidDataException)
        {
            // .NET's own message ("unsupported compression method") misleads; the data is damaged.
            return DataErrors.File(source, "corrupt gzip stream: the compressed data or its checksum is damaged");
        }
    }

    private readonly record struct IdxHeader(int[] Dimensions, int Length, long Values);

    private static Fin<IdxHeader> Header(Stream stream, string source, bool gzip)
    {
        var ends = gzip ? "truncated gzip stream: the data ends" : "the file ends";
        Span<byte> magic = stackalloc byte[4];
        var got = stream.ReadAtLeast(magic, 4, false);
        if (got < 4)
            return DataErrors.Byte(source, got, $"{ends} after {got} bytes; expected a 4-byte IDX magic number 0x000008NN");
        if (magic[0] != 0 || magic[1] != 0 || magic[3] == 0)
            return DataErrors.Byte(source, 0, $"magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8} is not an IDX header; expected 0x00000801 (labels) or 0x00000803 (images)");
        if (magic[2] != 0x08)
            return DataErrors.Byte(source, 2, $"data type 0x{magic[2]:X2} ({TypeName(magic[2])}) is not supported; expected 0x08 (unsigned byte)");
        if (magic[3] > MaxDimensions)
            return DataErrors.Byte(source, 3, $"{magic[3]} dimensions; expected 1 to {MaxDimensions}");

        var length = 4 + 4 * magic[3];
        Span<byte> sizes = stackalloc byte[4 * magic[3]];
        got = stream.ReadAtLeast(sizes, sizes.Length, false);
        if (got < sizes.Length)
            return DataErrors.Byte(source, 4 + got, $"{ends} inside the header; expected {magic[3]} sizes of 4 bytes");
        var dims = new int[magic[3]];
        long values = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            var d = BinaryPrimitives.ReadUInt32BigEndian(sizes[(4 * i)..]);
            if (d > MaxValues)
                return DataErrors.Byte(source, 4 + 4 * i, $"dimension {i + 1} is {d}; expected at most {MaxValues}");
            dims[i] = (int)d;
            values = Math.Min(values * d, MaxValues + 1);
        }
        var perItem = dims.Skip(1).Aggregate(1L, (p, d) => Math.Min(p * d, MaxValues + 1));
        if (values > MaxValues || perItem > MaxValues)
            return DataErrors.Byte(source, 4, $"the header promises {string.Join("×", dims)} values, more than the limit of {MaxValues}");
        return new IdxHeader(dims, length, values);
    }

    private static Fin<IdxArray> Raw(byte[] bytes, IdxHeader h, string source)
    {
        long data = bytes.Length - h.Length;
        if (data != h.Values)
            return DataErrors.Byte(source, h.Length,
                $"the header promises {string.Join("×", h.Dimensions)} = {h.Values} bytes of data, the file has {data}{(data < h.Values ? " (truncated?)" : "")}");
        return new IdxArray([.. h.Dimensions], [.. bytes.AsSpan(h.Length)]);
    }

    private static Fin<IdxArray> Inflate(Stream stream, byte[] bytes, IdxHeader h, string source)
    {
        if (h.Values > MaxInflation * bytes.Length)
            return DataErrors.File(source,
                $"truncated gzip stream: the header promises {string.Join("×", h.Dimensions)} = {h.Values} bytes, more than {bytes.Length} compressed bytes can hold");
        var data = ReadBounded(stream, h.Values, bytes, h.Length, out var extra);
        if (data.Length < h.Values)
            return DataErrors.File(source,
                $"truncated gzip stream: the data ends after {data.Length} of the {h.Values} bytes the header promises ({string.Join("×", h.Dimensions)})");
        if (extra)
            return DataErrors.File(source,
                $"the decompressed data is longer than the {h.Values} bytes the header promises ({string.Join("×", h.Dimensions)})");
        // .NET stops silently when the 8-byte gzip trailer is cut off, so check its size field.
        var total = (uint)(h.Length + h.Values);
        if (bytes.Length < 18 || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)) != total)
            return DataErrors.File(source,
                $"truncated gzip stream: the gzip trailer is missing or does not record the {total} bytes decompressed");
        return new IdxArray([.. h.Dimensions], ImmutableCollectionsMarshal.AsImmutableArray(data));
    }

    // Reads up to `wanted` bytes, growing the buffer only as data arrives (a corrupt header
    // cannot make it allocate more than the stream really holds), then probes for more.
    private static byte[] ReadBounded(Stream stream, long wanted, byte[] file, int header, out bool extra)
    {
        var hint = file.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4)) - (long)header : 0;
        var buffer = new byte[hint == wanted ? wanted : Math.Min(wanted, 1 << 20)]; // wanted ≤ MaxInflation·file
        var filled = 0;
        while (filled < wanted)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(wanted, 2L * buffer.Length));
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0) break;
            filled += n;
        }
        Span<byte> probe = stackalloc byte[1];
        extra = filled == wanted && stream.Read(probe) > 0;
        if (filled < buffer.Length) Array.Resize(ref buffer, filled);
        return buffer;
    }

    private static string TypeName(byte code) => code switch
    {
        0x09 => "signed byte", 0x0B => "16-bit integer", 0x0C => "32-bit integer",
        0x0D => "32-bit float", 0x0E => "64-bit float", _ => "unknown",
    };
}
