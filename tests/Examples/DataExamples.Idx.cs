using System.Collections.Immutable;
using System.IO.Compression;
using Mlp.Data;
using Mlp.Io;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>IDX files: a tiny synthetic images/labels pair, raw and gzipped, and each broken header.</summary>
public partial class DataExamples
{
    // Three 2×2 "images" and their labels 3, 0, 3.
    private static readonly IdxArray Images = new([3, 2, 2], [0, 51, 255, 102, 1, 2, 3, 4, 250, 251, 252, 253]);
    private static readonly IdxArray Labels = new([3], [3, 0, 3]);

    internal static byte[] Gzip(byte[] raw)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }

    private static IdxArray Decoded(byte[] bytes) =>
        IdxFile.Decode(bytes, "x.idx").Match(a => a, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public void Idx_round_trips_raw_and_gzipped()
    {
        var raw = Idx.Encode(Images);
        Assert.Equal([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 51], raw[..18]);
        Assert.Equal(Images, Decoded(raw));
        Assert.Equal(Images, Decoded(Gzip(raw)));
        Assert.Equal(Labels, Decoded(Gzip(Idx.Encode(Labels))));
    }

    [Fact]
    public void Idx_pair_becomes_scaled_pixels_and_sorted_classes()
    {
        var d = Idx.ToDataset<double>("tiny", Images, "i.idx", Labels, "l.idx").Match(x => x, e => throw new Exception(e.Message));
        Assert.Equal((3, 4), (d.Features.Rows, d.Features.Cols));
        Assert.Equal([0, 0.2, 1, 0.4], d.Features.Row(0).ToArray());
        Assert.Equal(["px0", "px1", "px2", "px3"], d.FeatureNames.ToArray());
        Assert.Equal(["0", "3"], d.Classes.ToArray());
        Assert.Equal([1, 0, 1], d.Labels.ToArray());
        Assert.Equal([0.0, 1, 1, 0, 0, 1], d.Targets.Data.ToArray());
    }

    [Fact]
    public void Idx_wrong_magic_is_named()
    {
        var bad = Idx.Encode(Labels);
        bad[0] = 0x12;
        Assert.Equal("x.idx: byte 0: magic number 0x12000801 is not an IDX header; expected 0x00000801 (labels) or 0x00000803 (images)",
            Fails(IdxFile.Decode(bad, "x.idx")));
        bad = Idx.Encode(Labels);
        bad[2] = 0x0D;
        Assert.StartsWith("x.idx: byte 2: data type 0x0D (32-bit float) is not supported; expected 0x08",
            Fails(IdxFile.Decode(Gzip(bad), "x.idx")));
    }

    [Fact]
    public void Idx_size_mismatch_is_named()
    {
        var raw = Idx.Encode(Images);
        Assert.Equal("x.idx: byte 16: the header promises 3×2×2 = 12 bytes of data, the file has 11 (truncated?)",
            Fails(IdxFile.Decode(raw[..^1], "x.idx")));
        Assert.Equal("x.idx: byte 16: the header promises 3×2×2 = 12 bytes of data, the file has 13",
            Fails(IdxFile.Decode([.. raw, 9], "x.idx")));
        Assert.StartsWith("x.idx: byte 9: the file ends inside the header; expected 3 sizes of 4 bytes",
            Fails(IdxFile.Decode(raw[..9], "x.idx")));
        Assert.StartsWith("x.idx: the decompressed data is longer than the 12 bytes the header promises",
            Fails(IdxFile.Decode(Gzip([.. raw, 9]), "x.idx")));
        var huge = Idx.Encode(Labels);
        huge[4] = 0x7F;
        Assert.Equal("x.idx: byte 4: dimension 1 is 2130706435; expected at most 1073741824", Fails(IdxFile.Decode(huge, "x.idx")));
        var wide = Idx.Encode(Images);
        wide[9] = wide[13] = 1; // 3 × 65538 × 65538 values
        Assert.Equal("x.idx: byte 4: the header promises 3×65538×65538 values, more than the limit of 1073741824",
            Fails(IdxFile.Decode(Gzip(wide), "x.idx")));
        // 1048579 items of 2×2: within the limit, but more than 30-odd compressed bytes can hold.
        Assert.StartsWith("x.idx: truncated gzip stream: the header promises 1048579×2×2 = 4194316 bytes, more than",
            Fails(IdxFile.Decode(Gzip(Idx.Encode(Images)[..16].Select((b, i) => i == 5 ? (byte)0x10 : b).ToArray()), "x.idx")));
    }

    [Fact]
    public void Idx_truncated_gzip_is_an_error_wherever_it_is_cut()
    {
        var gz = Gzip(Idx.Encode(Images));
        Assert.StartsWith("x.idx: truncated gzip stream: the gzip trailer is missing",
            Fails(IdxFile.Decode(gz[..^3], "x.idx")));
        for (var cut = 2; cut < gz.Length; cut++)
            Assert.Contains("x.idx: ", Fails(IdxFile.Decode(gz[..cut], "x.idx")));
        var big = Gzip(Idx.Encode(new IdxArray([4000], [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7 % 251))])));
        Assert.StartsWith("x.idx: truncated gzip stream: the data ends after",
            Fails(IdxFile.Decode(big[..(big.Length / 2)], "x.idx")));
    }

    [Fact]
    public void Idx_images_and_labels_must_agree()
    {
        var fewer = new IdxArray([2], [3, 0]);
        Assert.Equal("l.idx: 2 labels, but i.idx has 3 images; expected one label per image",
            Fails(Idx.ToDataset<double>("t", Images, "i.idx", fewer, "l.idx")));
        Assert.StartsWith("i.idx: expected labels, one dimension of n items, got 3×2×2",
            Fails(Idx.ToDataset<double>("t", Images, "l.idx", Images, "i.idx")));
        Assert.StartsWith("l.idx: every label is 3; classification needs at least 2 classes",
            Fails(Idx.ToDataset<double>("t", Images, "i.idx", new IdxArray([3], [3, 3, 3]), "l.idx")));
        Assert.StartsWith("l.idx: byte 9: label 0 of item 1 is not one of the classes 3, 5",
            Fails(Idx.ToDataset<double>("t", Images, "i.idx", Labels, "l.idx", ImmutableArray.Create("3", "5"))));
    }
}
