using System.Numerics;
using System.Text;
using FsCheck.Xunit;
using LanguageExt;
using Mlp.Data;
using Mlp.Io;
using Mlp.Tensors;
using Xunit;

namespace Mlp.Tests.Properties;

/// <summary>
/// The table reader never crashes on bad text or bytes (a table that holds together, or an error
/// naming its line), its targets hold together too, and a file streamed in blocks of any size
/// reads as its whole text does.
/// </summary>
public class TableProps
{
    private const string Located = "^c\\.csv: (line [0-9]+[:,]|the separator)";

    [Property(MaxTest = 200)]
    public void Corrupted_csv_reads_as_a_sound_table_or_a_located_error(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var text = DataGen.Corrupt(ref s, Csv.Write(DataGen.Dataset<double>(ref s)));
        var options = RandomOptions(ref s);
        Check(Csv.ReadTable<double>(text, "c.csv", options), options);
        var bytes = DataGen.Corrupt(ref s, Encoding.UTF8.GetBytes(Csv.Write(DataGen.Dataset<float>(ref s))));
        Check(Csv.ReadTable<float>(bytes, "c.csv", options with { Encoding = (TextEncoding)s.NextInt(2) }), options);
    }

    [Property(MaxTest = 200)]
    public void A_stream_in_blocks_of_any_size_reads_as_the_whole_text(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var text = Csv.Write(DataGen.Dataset<double>(ref s));
        if (s.NextInt(2) == 0) text = DataGen.Corrupt(ref s, text);
        if (s.NextInt(3) == 0) text = text.Replace("\n", s.NextInt(2) == 0 ? "\r\n" : "\r");
        var latin1 = s.NextInt(3) == 0 && text.All(c => c <= '\u00ff');
        var options = RandomOptions(ref s) with { Encoding = latin1 ? TextEncoding.Latin1 : TextEncoding.Utf8 };
        byte[] bytes = latin1 ? Encoding.Latin1.GetBytes(text) : [.. (s.NextInt(2) == 0 ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)];
        var block = 1 + s.NextInt(40);
        var streamed = CsvFile.Read<double>(new MemoryStream(bytes), "c.csv", options, strict: false, block);
        var whole = Csv.ReadTable<double>(text, "c.csv", options);
        if (text.Contains('\0'))
            Assert.True(streamed.IsFail && whole.IsFail); // the text checks for NUL first, a stream when it gets there
        else
            Assert.Equal(Describe(whole), Describe(streamed));
    }

    [Property(MaxTest = 200)]
    public void A_bad_byte_is_reported_on_its_line_whatever_the_blocks(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var text = Csv.Write(DataGen.Dataset<double>(ref s));
        if (s.NextInt(2) == 0) text = text.Replace("\n", s.NextInt(2) == 0 ? "\r\n" : "\r");
        var at = s.NextInt(text.Length + 1);
        var nul = s.NextInt(3) == 0;
        byte[] bytes = [.. Encoding.UTF8.GetBytes(text[..at]), nul ? (byte)0 : (byte)0xFF, .. Encoding.UTF8.GetBytes(text[at..])];
        var line = 1 + text[..at].Count(c => c == '\n') + Enumerable.Range(0, at).Count(i => text[i] == '\r' && (i + 1 >= at || text[i + 1] != '\n'));
        var read = CsvFile.Read<double>(new MemoryStream(bytes), "c.csv", CsvOptions.Default, strict: false, 1 + s.NextInt(40));
        Assert.Equal(nul
            ? $"c.csv: line {line}: a NUL character: this looks like a binary file, not CSV text (expected comma-separated UTF-8 text)"
            : $"c.csv: line {line}: byte 0xFF is not UTF-8 (expected UTF-8 text; is the file Latin-1? then read it with --encoding latin1)",
            read.Match(_ => "a table", e => e.Message));
    }

    [Property(MaxTest = 2000)]
    public void A_cell_is_the_number_dotnet_reads_to_the_bit(int a, int b)
    {
        var s = new Sampler(DataGen.Seed(a, b));
        var text = new StringBuilder();
        for (var n = 1 + s.NextInt(30); n > 0; n--) text.Append("0123456789012345678901234567890123456789.eE+-, "[s.NextInt(47)]);
        var cell = text.ToString();
        var comma = s.NextInt(4) == 0;
        var cells = CsvCells.Of(CsvOptions.Default with { DecimalComma = comma }, ';', "c.csv").Match(c => c, e => throw new Exception(e.Message));
        var format = comma ? new System.Globalization.NumberFormatInfo { NumberDecimalSeparator = "," } : System.Globalization.NumberFormatInfo.InvariantInfo;
        bool Dotnet<T>(out T v) where T : IFloatingPointIeee754<T> =>
            T.TryParse(cell, System.Globalization.NumberStyles.Float, format, out v!) && !cell.Contains(comma ? '.' : ',');
        Assert.Equal((Dotnet(out double d), d), (cells.TryNumber(cell, out double d2), d2));
        Assert.Equal((Dotnet(out float f), f), (cells.TryNumber(cell, out float f2), f2));
    }

    private static CsvOptions RandomOptions(ref Sampler s) => new()
    {
        Task = (TaskKind)s.NextInt(3),
        Header = s.NextInt(4) != 0,
        Missing = s.NextInt(3) == 0 ? ["x", "NaN"] : CsvOptions.DefaultMissing,
        DecimalComma = s.NextInt(5) == 0,
    };

    private static void Check<T>(Fin<Table<T>> read, CsvOptions options) where T : IFloatingPointIeee754<T> =>
        read.Match(table =>
        {
            Assert.True(table.Rows >= 1);
            Assert.All(table.Features.AddRange(table.Targets), c => Sound(c, table.Rows));
            for (var i = 1; i < table.Rows; i++) Assert.True(table.Lines[i] > table.Lines[i - 1]);
            Assert.True(table.Lines[0] >= 1);
            if (table.Targets.IsEmpty) return;
            Targets.Decide(table, options.Task).Match(t =>
            {
                Assert.Equal(table.Rows, t.Rows.Length + t.Dropped);
                Assert.Equal(t.Rows.Length, t.Values.Rows);
                Assert.All(t.Values.Data.ToArray(), v => Assert.True(T.IsFinite(v)));
                if (!t.IsClassification) return;
                Assert.True(t.Classes.Length >= 2);
                Assert.Equal(t.Values, OneHot.Encode<T>(t.Labels.AsSpan(), t.Classes.Length));
            }, e => Assert.Matches(Located, e.Message));
        }, e => Assert.Matches(Located, e.Message));

    private static void Sound<T>(Column<T> column, int rows) where T : IFloatingPointIeee754<T>
    {
        Assert.Equal(rows, column.Count);
        if (column is Column<T>.Numeric n) Assert.All(n.Values, v => Assert.True(T.IsFinite(v) || T.IsNaN(v)));
        if (column is not Column<T>.Text t) return;
        Assert.Equal(t.Levels.Length, t.Levels.Distinct().Count());
        Assert.All(t.Codes, c => Assert.InRange(c, -1, t.Levels.Length - 1));
        Assert.Equal(Enumerable.Range(0, t.Levels.Length), t.Codes.Where(c => c >= 0).Distinct()); // levels in order of first appearance
    }

    // A table or an error as one string, every bit of every number included.
    private static string Describe<T>(Fin<Table<T>> read) where T : IFloatingPointIeee754<T> =>
        read.Match(t => string.Join("\n", [
            .. t.Features.AddRange(t.Targets).Select(c => $"{c.Name}@{c.Position}: " + (c is Column<T>.Text x
                ? $"[{string.Join("|", x.Levels)}] {string.Join(",", x.Codes)}"
                : string.Join(",", ((Column<T>.Numeric)c).Values.Select(v => double.CreateChecked(v).ToString("R"))))),
            $"targets {t.Targets.Length} lines {string.Join(",", t.Lines)} header {t.HeaderLine}", .. t.Notes]),
            e => e.Message);
}
