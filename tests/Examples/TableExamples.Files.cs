using System.Text;
using LanguageExt;
using Mlp.Data;
using Mlp.Io;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>Files read as tables: encodings, binary files, streaming in blocks, built-in data sets.</summary>
public partial class TableExamples
{
    private static readonly byte[] Latin1 = [.. "name;y\ncaf"u8, 0xE9, .. ";1\nth"u8, 0xE9, .. ";2\n"u8];

    private static Fin<Table<double>> Load(byte[] bytes, string options, out string path)
    {
        using var dir = new TempDir();
        path = dir.File("f.csv");
        File.WriteAllBytes(path, bytes);
        return CsvFile.LoadTable<double>(path, Options(options));
    }

    [Fact]
    public void Latin1_bytes_read_with_the_encoding_given()
    {
        Assert.Equal("name: 'café', 'thé' => y: '1', '2' @ 2,3", Show(Ok(Load(Latin1, "latin1", out _))));
        Assert.Equal("name: 'café', 'thé' => y: '1', '2' @ 2,3", Show(Ok(Csv.ReadTable<double>(Latin1, "m.csv", Options("latin1")))));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_an_error_naming_the_line()
    {
        const string Expected = "line 2: byte 0xE9 is not UTF-8 (expected UTF-8 text; is the file Latin-1? then read it with --encoding latin1)";
        var message = DataExamples.Fails(Load(Latin1, "", out var path));
        Assert.Equal($"{path}: {Expected}", message);
        Assert.Equal($"m.csv: {Expected}", DataExamples.Fails(Csv.ReadTable<double>(Latin1, "m.csv")));
        byte[] cut = [.. "a,y\r\n1,p\r\n2,caf"u8, 0xC3];
        message = DataExamples.Fails(Load(cut, "", out path));
        Assert.Equal($"{path}: line 3: byte 0xC3 is not UTF-8 (expected UTF-8 text; is the file Latin-1? then read it with --encoding latin1)", message);
    }

    [Fact]
    public void A_utf8_byte_order_mark_and_crlf_are_allowed()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "a;y\r\n1,5;caf\u00e9\r\n"u8];
        Assert.Equal("a: 1.5 => y: 'café' @ 2", Show(Ok(Load(bytes, "decimal-comma", out _))));
    }

    [Fact]
    public void A_binary_file_is_named_as_one_at_its_first_nul()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
        Assert.Equal("line 3: a NUL character: this looks like a binary file, not CSV text (expected comma-separated UTF-8 text)",
            DataExamples.Fails(Load(png, "", out var path))[(path.Length + 2)..]);
        var message = DataExamples.Fails(Load([.. "a,y\n1,p\n2\0,q\n"u8], "", out path));
        Assert.StartsWith($"{path}: line 3: a NUL character", message);
    }

    [Fact]
    public void A_file_of_many_blocks_reads_as_its_text_does()
    {
        // 3 MB: rows cross the 64 KB blocks, with two-byte characters and CRLF cut at block ends
        var text = new StringBuilder("x,\"naïve, label\",t\r\n");
        for (var i = 0; i < 60_000; i++) text.Append($"{i * 0.25},\"é{i % 7}\nà\",{(i % 3 == 0 ? "NA" : "y" + (i % 5))}\r\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var fromFile = Ok(Load(bytes, "", out _));
        var fromText = Ok(Csv.ReadTable<double>(text.ToString(), "m.csv"));
        Assert.Equal(Show(fromText), Show(fromFile));
        Assert.Equal(60_000, fromFile.Rows);
        Assert.Equal(2 + 2 * 59_999, fromFile.Lines[^1]);
        Assert.Equal(7, ((Column<double>.Text)fromFile.Features[1]).Levels.Length);
    }

    [Fact]
    public void Missing_files_and_directories_are_named()
    {
        using var dir = new TempDir();
        Assert.Equal($"{dir.File("none.csv")}: no such file", DataExamples.Fails(CsvFile.LoadTable<double>(dir.File("none.csv"))));
        var folder = Path.GetDirectoryName(dir.File("x"))!;
        Assert.Equal($"{folder}: is a directory; expected a file", DataExamples.Fails(DataSources.LoadTable<double>(folder)));
    }

    [Fact]
    public void Built_in_sets_are_tables_with_the_roles_asked_for()
    {
        var iris = DataSources.LoadTable<float>("iris").Match(s => s.Train, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal((120, 4, "species"), (iris.Rows, iris.Features.Length, iris.Targets[0].Name)); // the fixed test split held out
        Assert.Equal(["setosa", "versicolor", "virginica"], ((Column<float>.Text)iris.Targets[0]).Levels.ToArray());

        var petal = DataSources.LoadTable<float>("iris", Options("target=petal_width regression"))
            .Match(s => s.Train, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "species"], petal.FeatureNames.ToArray());
        Assert.IsType<Column<float>.Text>(petal.Features[3]);
        Assert.Equal(0.2f, ((Column<float>.Numeric)petal.Targets[0]).Values[0]);
        Assert.Equal(iris.Lines, petal.Lines); // the same split, whatever the roles

        var xor = DataSources.LoadTable<double>("xor").Match(s => s.Train, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal("x1: 0, 0, 1, 1 | x2: 0, 1, 0, 1 => y: '0', '1', '1', '0' @ 2,3,4,5", Show(xor));
        var digits = DataSources.LoadTable<float>("digits").Match(s => s.Train, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal((1438, 64), (digits.Rows, digits.Features.Length));
        Assert.Equal("iris: line 1: no column named \"petal_size\" for the target; the columns are: sepal_length, sepal_width, petal_length, petal_width, species",
            DataExamples.Fails(DataSources.LoadTable<float>("iris", Options("target=petal_size"))));
    }

    [Theory]
    [InlineData("iris", 150, 30)]
    [InlineData("digits", 1797, 359)]
    public void Iris_and_digits_hold_out_a_fixed_stratified_fifth_as_their_test_split(string name, int rows, int held)
    {
        var (train, test) = DataSources.LoadTable<double>(name).Match(s => (s.Train, s.Test!), e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal((rows - held, held, $"{name}/test"), (train.Rows, test.Rows, test.Name));
        Assert.Empty(train.Lines.Intersect(test.Lines));
        Assert.Equal(Enumerable.Range(2, rows), train.Lines.Concat(test.Lines).Order()); // every row once
        var again = DataSources.LoadTable<float>(name).Match(s => s.Test!, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(test.Lines, again.Lines); // fixed: the same rows every time, in float as in double
        // Stratified: each class gives a fifth of its rows.
        var data = name == "iris" ? BuiltIn.Iris<double>() : BuiltIn.Digits<double>();
        var labels = test.Lines.Select(l => data.Labels[l - 2]).ToArray();
        foreach (var c in Enumerable.Range(0, data.Classes.Length))
            Assert.Equal(Math.Floor(0.2 * data.Labels.Count(l => l == c)), labels.Count(l => l == c), 1.0);
    }

    [Fact]
    public void Fashion_mnist_is_a_table_of_784_pixel_columns_and_a_text_label()
    {
        var loaded = FashionMnist.LoadTable<float>();
        if (!FashionMnist.IsInstalled())
        {
            Assert.Contains("apt-get install dataset-fashion-mnist", DataExamples.Fails(loaded));
            return;
        }
        var (train, test) = loaded.Match(s => (s.Train, s.Test!), e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal((60000, 784, 10000), (train.Rows, train.Features.Length, test.Rows));
        Assert.Equal(("px0", "px783", "label"), (train.FeatureNames[0], train.FeatureNames[^1], train.Targets[0].Name));
        var label = (Column<float>.Text)train.Targets[0];
        Assert.Equal(FashionMnist.ClassNames.ToArray(), label.Levels.ToArray()); // the garments, in label order
        Assert.True(label.Ordered);
        var dataset = FashionMnist.Load<float>().Match(s => s.Train, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(dataset.Features[7, 300], ((Column<float>.Numeric)train.Features[300]).Values[7]);
        Assert.Equal(FashionMnist.ClassNames[int.Parse(dataset.Classes[dataset.Labels[7]], System.Globalization.CultureInfo.InvariantCulture)], label[7]);
    }
}
