using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using LanguageExt;
using Mlp.Data;
using Mlp.Io;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Properties;

/// <summary>
/// Readers never crash on bad bytes, written data reads back equal, class order follows
/// DESIGN.md, and the split is a seeded partition.
/// </summary>
public class DataProps
{
    private static void ValidOrLocated<T>(Fin<Dataset<T>> read, string source) where T : System.Numerics.IFloatingPointIeee754<T> =>
        read.Match(
            d =>
            {
                Assert.True(d.Rows >= 1);
                Assert.Equal(d.Rows, d.Targets.Rows);
                Assert.Equal(d.Features.Cols, d.FeatureNames.Length);
                Assert.All(d.Features.Data, v => Assert.True(T.IsFinite(v)));
                if (!d.IsClassification) return;
                Assert.True(d.Classes.Length >= 2);
                Assert.All(d.Labels, l => Assert.InRange(l, 0, d.Classes.Length - 1));
                Assert.Equal(d.Targets, OneHot.Encode<T>(d.Labels.AsSpan(), d.Classes.Length));
            },
            e => Assert.Matches($"^{source}: line [0-9]+[:,]", e.Message));

    [Property(MaxTest = 100)]
    public void Corrupted_csv_is_read_or_reported_with_its_line(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var data = DataGen.Dataset<double>(ref s);
        var text = Csv.Write(data);
        ValidOrLocated(Csv.Read<double>(DataGen.Corrupt(ref s, text), "c.csv"), "c\\.csv");
        ValidOrLocated(Csv.Read<float>(DataGen.Corrupt(ref s, Encoding.UTF8.GetBytes(text)), "c.csv",
            new CsvOptions { Task = (TaskKind)s.NextInt(3) }), "c\\.csv");
    }

    [Property(MaxTest = 100)]
    public void Corrupted_idx_is_read_or_reported(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var array = DataGen.Idx(ref s);
        var raw = Idx.Encode(array);
        var bytes = DataGen.Corrupt(ref s, s.NextInt(2) == 0 ? raw : Gzip(raw));
        IdxFile.Decode(bytes, "x.idx").Match(
            d => Assert.Equal(d.Dimensions.Aggregate(1, (p, k) => p * k), d.Values.Length),
            e => Assert.StartsWith("x.idx: ", e.Message));
        var labels = new IdxArray([array.Items], [.. Enumerable.Range(0, array.Items).Select(i => (byte)(i % 3))]);
        IdxFile.Decode(bytes, "x.idx").Bind(images => Idx.ToDataset<float>("t", images, "x.idx", labels, "l.idx"))
            .Match(d => Assert.Equal(array.Items, d.Rows), e => Assert.Matches("^(x|l)\\.idx: ", e.Message));
    }

    [Property(MaxTest = 100)]
    public void Every_truncation_of_an_idx_file_is_an_error(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var raw = Idx.Encode(DataGen.Idx(ref s));
        var file = s.NextInt(2) == 0 ? raw : Gzip(raw);
        var cut = s.NextInt(file.Length);
        Assert.True(IdxFile.Decode(file[..cut], "x.idx").IsFail);
        Assert.True(IdxFile.Decode(file, "x.idx").IsSucc);
    }

    [Property(MaxTest = 100)]
    public void Idx_round_trips_raw_and_gzipped(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var array = DataGen.Idx(ref s);
        Assert.Equal(array, IdxFile.Decode(Idx.Encode(array), "x.idx").Match(x => x, e => throw new Exception(e.Message)));
        Assert.Equal(array, IdxFile.Decode(Gzip(Idx.Encode(array)), "x.idx").Match(x => x, e => throw new Exception(e.Message)));
    }

    [Property(MaxTest = 100)]
    public void Csv_written_from_a_data_set_reads_back_equal(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var doubles = DataGen.Dataset<double>(ref s);
        Assert.Equal(doubles, Read(doubles));
        var floats = DataGen.Dataset<float>(ref s);
        Assert.Equal(floats, Read(floats));

        static Dataset<T> Read<T>(Dataset<T> d) where T : System.Numerics.IFloatingPointIeee754<T> =>
            Csv.Read<T>(Csv.Write(d), "r.csv", Csv.OptionsFor(d)).Match(x => x, e => throw new Exception(e.Message));
    }

    [Property(MaxTest = 100)]
    public void Classes_sort_numerically_when_all_labels_are_numbers_else_ordinally(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var texts = s.NextInt(2) == 0;
        var labels = Enumerable.Range(0, 2 + s.NextInt(20))
            .Select(i => texts && i == 0 ? "w" : (s.NextInt(200) - 100).ToString() + (s.NextInt(4) == 0 ? ".5" : ""))
            .ToArray();
        var csv = "x,y\n" + string.Concat(labels.Select((l, i) => $"{i},{l}\n"));
        var read = Csv.Read<double>(csv, "l.csv", new CsvOptions { Task = TaskKind.Classification });
        read.Match(d =>
        {
            Assert.Equal(labels, d.Labels.Select(l => d.Classes[l]).ToArray());
            Assert.Equal(labels.Distinct().Count(), d.Classes.Length);
            for (var k = 1; k < d.Classes.Length; k++)
                Assert.True(texts
                    ? string.CompareOrdinal(d.Classes[k - 1], d.Classes[k]) < 0
                    : double.Parse(d.Classes[k - 1]) < double.Parse(d.Classes[k]));
        }, e => Assert.Contains("needs at least 2 classes", e.Message));
    }

    [Property(MaxTest = 100)]
    public void Split_is_a_partition_deterministic_in_the_seed(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var data = DataGen.Dataset<double>(ref s);
        var fraction = s.NextDouble();
        var stratify = s.NextInt(2) == 0;
        var rng = s.State;
        var (train, test) = Split.Indices(data, fraction, rng, stratify);
        Assert.Equal(Enumerable.Range(0, data.Rows), train.Concat(test).Order());
        Assert.Equal((int)Math.Round(fraction * data.Rows, MidpointRounding.AwayFromZero), test.Length);
        var again = Split.Indices(data, fraction, rng, stratify);
        Assert.Equal(train, again.Train);
        Assert.Equal(test, again.Test);
        var parts = Split.TrainTest(data, fraction, rng, stratify);
        Assert.Equal(data.SelectRows(test), parts.Test);
        Assert.Equal(data.SelectRows(train), parts.Train);
    }

    private static byte[] Gzip(byte[] raw)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }
}
