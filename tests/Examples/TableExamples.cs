using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;
using Mlp.Data;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Messy files as they come (issue 10, items 1, 5, 6 and 12): each file, made here, with the
/// table it reads as (every column's cells, the rows' lines) or the exact error.
/// </summary>
public partial class TableExamples
{
    /// <summary>
    /// A table in one line: <c>features => targets @ lines</c>, each column <c>name: cells</c>,
    /// numbers in shortest form, text in single quotes, a missing cell as <c>·</c>.
    /// </summary>
    internal static string Show<T>(Table<T> table) where T : IFloatingPointIeee754<T> =>
        $"{string.Join(" | ", table.Features.Select(Cells))} => {string.Join(" | ", table.Targets.Select(Cells))} @ {string.Join(",", table.Lines)}";

    private static string Cells<T>(Column<T> column) where T : IFloatingPointIeee754<T> =>
        $"{column.Name}: " + string.Join(", ", Enumerable.Range(0, column.Count).Select(i => column switch
        {
            Column<T>.Numeric n => T.IsNaN(n.Values[i]) ? "·" : Csv.Format(n.Values[i]),
            Column<T>.Text t => t[i] is { } s ? $"'{s}'" : "·",
            _ => "?",
        }));

    /// <summary>Options from a short description: <c>sep=; decimal-comma no-header target=a|b features=… drop=… na=… latin1 regression</c>.</summary>
    internal static CsvOptions Options(string spec)
    {
        var o = CsvOptions.Default;
        foreach (var part in spec.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = part.IndexOf('=') is var k and > 0 ? (part[..k], part[(k + 1)..]) : (part, "");
            ImmutableArray<string> List() => value.Length == 0 ? [] : [.. value.Split('|')];
            o = key switch
            {
                "sep" => o with { Separator = value == "tab" ? '\t' : value[0] },
                "decimal-comma" => o with { DecimalComma = true },
                "no-header" => o with { Header = false },
                "target" => o with { Targets = List() },
                "features" => o with { Features = List() },
                "drop" => o with { Drop = List() },
                "na" => o with { Missing = List() },
                "latin1" => o with { Encoding = TextEncoding.Latin1 },
                "regression" => o with { Task = TaskKind.Regression },
                _ => throw new ArgumentException($"unknown option {part}"),
            };
        }
        return o;
    }

    internal static Table<double> Ok(Fin<Table<double>> read) =>
        read.Match(t => t, e => throw new Xunit.Sdk.XunitException($"expected a table, got: {e.Message}"));

    private static Fin<Table<double>> Read(string text, string options) => Csv.ReadTable<double>(text, "m.csv", Options(options));

    [Theory]
    [InlineData("semicolons", "a;b;y\n1.5;2;p\n3;-4;q\n", "", "a: 1.5, 3 | b: 2, -4 => y: 'p', 'q' @ 2,3")]
    [InlineData("tabs", "a\tb\ty\n1\t 2 \tp\n", "", "a: 1 | b: 2 => y: 'p' @ 2")]
    [InlineData("pipes", "a|b|y\n1|2|p\n", "", "a: 1 | b: 2 => y: 'p' @ 2")]
    [InlineData("a separator given", "a;b,y\n1;2,p\n", "sep=;", "a: 1 => b,y: '2,p' @ 2")]
    [InlineData("more commas than semicolons", "a;b,c,y\n1;2,3,p\n", "", "a;b: '1;2' | c: 3 => y: 'p' @ 2")]
    [InlineData("quoted fields", "\"name, full\",x,y\n\"Smith, J\", \"1\" ,\"say \"\"hi\"\"\"\n\"two\nlines\",2,\"\"\n", "",
        "name, full: 'Smith, J', 'two\nlines' | x: 1, 2 => y: 'say \"hi\"', · @ 2,3")]
    [InlineData("quoted NA is text", "a,y\n\"NA\",p\nNA,q\n", "", "a: 'NA', · => y: 'p', 'q' @ 2,3")]
    [InlineData("decimal comma", "a;y\n1,5;p\n-2,25;q\n3;p\n", "decimal-comma", "a: 1.5, -2.25, 3 => y: 'p', 'q', 'p' @ 2,3,4")]
    [InlineData("decimal comma: a point is text", "a;y\n1,5;p\n1.5;q\n", "decimal-comma", "a: '1,5', '1.5' => y: 'p', 'q' @ 2,3")]
    [InlineData("decimal comma, quoted in a comma file", "a,y\n\"1,5\",p\n2,q\n", "decimal-comma", "a: 1.5, 2 => y: 'p', 'q' @ 2,3")]
    [InlineData("no header", "1,2,p\n3,4,q\n", "no-header", "c0: 1, 3 | c1: 2, 4 => c2: 'p', 'q' @ 1,2")]
    [InlineData("no header, target by name", "1,2,p\n3,4,q\n", "no-header target=c0", "c1: 2, 4 | c2: 'p', 'q' => c0: '1', '3' @ 1,2")]
    [InlineData("NA words", "a,b,y\nNA,x,p\nN/A,?,q\nnull,NaN,p\n1,y,q\n", "", "a: ·, ·, ·, 1 | b: 'x', ·, ·, 'y' => y: 'p', 'q', 'p', 'q' @ 2,3,4,5")]
    [InlineData("NA words given", "a,b,y\nNA,-,p\n-,2,q\n", "na=-|NA", "a: ·, · | b: ·, 2 => y: 'p', 'q' @ 2,3")]
    [InlineData("missing words are exact", "a,y\nna,p\n NA ,q\n", "", "a: 'na', · => y: 'p', 'q' @ 2,3")]
    [InlineData("empty cells", "a,b,y\n1,,p\n,x,q\n  ,\"\",p\n", "", "a: 1, ·, · | b: ·, 'x', · => y: 'p', 'q', 'p' @ 2,3,4")]
    [InlineData("text features", "colour,size,y\nred,1,p\nblue,2,q\nred,3,p\n", "", "colour: 'red', 'blue', 'red' | size: 1, 2, 3 => y: 'p', 'q', 'p' @ 2,3,4")]
    [InlineData("a text value arriving late", "a,y\n1,p\n2.50,q\n\n,p\nx,q\n1,p\n", "", "a: '1', '2.5', ·, 'x', '1' => y: 'p', 'q', 'p', 'q', 'p' @ 2,3,5,6,7")]
    [InlineData("missing targets are kept in the table", "a,y\n1,p\n2,\n3,NA\n", "", "a: 1, 2, 3 => y: 'p', ·, · @ 2,3,4")]
    [InlineData("regression targets are numbers", "a,y\n1,2.5\n2,NA\n3,-1\n", "regression", "a: 1, 2, 3 => y: 2.5, ·, -1 @ 2,3,4")]
    [InlineData("target by position", "a,b,c\n1,2,p\n3,4,q\n", "target=0", "b: 2, 4 | c: 'p', 'q' => a: '1', '3' @ 2,3")]
    [InlineData("a name wins over a position", "1,0,y\n5,6,7\n", "target=0", "1: 5 | y: 7 => 0: '6' @ 2")]
    [InlineData("no targets", "a,b\n1,2\n", "target=", "a: 1 | b: 2 =>  @ 2")]
    [InlineData("features chosen, in their order", "a,b,c,y\n1,2,3,p\n", "features=c|a", "c: 3 | a: 1 => y: 'p' @ 2")]
    [InlineData("columns dropped", "id,a,b,y\n7,1,2,p\n", "drop=id|b", "a: 1 => y: 'p' @ 2")]
    [InlineData("blank lines, CR and CRLF", "\n\na,y\r\n1,p\r\r\n2,q", "", "a: 1, 2 => y: 'p', 'q' @ 4,6")]
    [InlineData("a pandas index column", ",a,y\n0,1.5,p\n1,2,q\n2,3,p\n", "", "a: 1.5, 2, 3 => y: 'p', 'q', 'p' @ 2,3,4")]
    [InlineData("an all-number header", "1,2,3\n4,5,6\n7,8,9\n", "", "1: 4, 7 | 2: 5, 8 => 3: '6', '9' @ 2,3")]
    public void A_messy_file_reads_as_this_table(string what, string text, string options, string expected) =>
        Assert.True(expected == Show(Ok(Read(text, options))), $"{what}: expected {expected}, got {Show(Ok(Read(text, options)))}");

    [Theory]
    [InlineData("decimal comma without the option", "a;y\n1;p\n1,5;q\n", "",
        "m.csv: line 3, column 1 (a): \"1,5\" is a number with a decimal comma; expected a decimal point (as 1.5), or read the file with --decimal-comma")]
    [InlineData("a regression target that is not a number", "a,y\n1,2.5\n2,x\n", "regression", "m.csv: line 3, column 2 (y): expected a number, got \"x\"")]
    [InlineData("infinity", "a,y\n1,p\n-inf,q\n", "", "m.csv: line 3, column 1 (a): expected a finite number, got \"-inf\" (NaN and infinity are not allowed)")]
    [InlineData("NaN not missing", "a,y\nNaN,p\n", "na=NA", "m.csv: line 2, column 1 (a): expected a finite number, got \"NaN\" (NaN and infinity are not allowed)")]
    [InlineData("overflow", "a,y\n1e999,p\n", "", "m.csv: line 2, column 1 (a): \"1e999\" is out of range for Double; expected a finite number")]
    [InlineData("a target position out of range", "a,b,c\n1,2,3\n", "target=9",
        "m.csv: line 1: no column named \"9\" for the target, nor a column at position 9 (they count from 0 to 2); the columns are: a, b, c")]
    [InlineData("a target that is not a column", "a,b,c\n1,2,3\n", "target=species", "m.csv: line 1: no column named \"species\" for the target; the columns are: a, b, c")]
    [InlineData("a feature that is not a column", "a,b,c\n1,2,3\n", "features=a|z", "m.csv: line 1: no column named \"z\" for the feature; the columns are: a, b, c")]
    [InlineData("a dropped column that is not a column", "a,b,c\n1,2,3\n", "drop=zz", "m.csv: line 1: no column named \"zz\" to drop; the columns are: a, b, c")]
    [InlineData("the target dropped", "a,b,c\n1,2,3\n", "drop=c", "m.csv: line 1: column \"c\" is a target and dropped; expected one or the other")]
    [InlineData("an empty name that is no index", ",a,y\n0,1,p\n2,2,q\n", "", "m.csv: line 1, column 1: the header has an empty column name; expected a name for every column")]
    [InlineData("an empty name elsewhere", "a,,y\n1,2,p\n", "", "m.csv: line 1, column 2: the header has an empty column name; expected a name for every column")]
    [InlineData("a repeated name", "a,b,a\n1,2,3\n", "", "m.csv: line 1, column 3 (a): the column name repeats column 1; expected distinct names")]
    [InlineData("too few cells", "a,b,y\n1,2,p\n1,2\n", "", "m.csv: line 3: expected 3 fields, as the header has, got 2")]
    [InlineData("too many cells, no header", "1,2\n1,2,3\n", "no-header", "m.csv: line 2: expected 2 fields, as the first row has, got 3")]
    [InlineData("a quote inside a field", "a,y\n5\"x\"y,p\n", "", "m.csv: line 2, column 1: a '\"' inside an unquoted field \"5\"x\"y\"; expected the whole field in quotes, with its quotes doubled")]
    [InlineData("a stray quote takes the rest of the file", "a,y\n5\",p\n6,q\n", "", "m.csv: line 2: expected 2 fields, as the header has, got 1")]
    [InlineData("a quoted field that never ends", "a,y\n1,\"p\n2,q\n", "", "m.csv: line 2, column 2: the quoted field never ends: expected a closing '\"'")]
    [InlineData("text after a closing quote", "a\ty\n1\t\"p\"q\n", "", "m.csv: line 2, column 2: expected a tab or the end of the line after the closing quote, got \"q\"")]
    [InlineData("a separator Sep cannot take", "a,y\n1,p\n", "sep=#", "m.csv: the separator \"#\" is not supported; expected a tab or a printable ASCII character other than '\"' and '#'")]
    [InlineData("an empty file", " \n\n", "", "m.csv: line 3: the file is empty; expected a header row of column names, then data rows")]
    [InlineData("an empty file, no header", "", "no-header", "m.csv: line 1: the file is empty; expected rows of data")]
    [InlineData("a header only", "a,y\n\n", "", "m.csv: line 1: no data rows after the header; expected at least one row")]
    [InlineData("a NUL", "a,y\n1,p\n2\0,q\n", "", "m.csv: line 3: a NUL character: this looks like a binary file, not CSV text")]
    public void A_messy_file_gives_this_error(string what, string text, string options, string expected)
    {
        var message = DataExamples.Fails(Read(text, options));
        Assert.True(message.StartsWith(expected, StringComparison.Ordinal), $"{what}: expected {expected}, got {message}");
    }

    [Fact]
    public void Notes_say_what_the_reader_decided_on_its_own()
    {
        Assert.Equal(["the first column has no name and numbers the rows 0 to 2 (a pandas index): left out"],
            Ok(Read(",a,y\n0,1.5,p\n1,2,q\n2,3,p\n", "")).Notes.ToArray());
        Assert.Equal(["the header (line 1) holds only numbers (1, 2, 3): if it is a data row, read the file with --no-header"],
            Ok(Read("1,2,3\n4,5,6\n7,8,9\n", "")).Notes.ToArray());
        Assert.Empty(Ok(Read("a,y\n1,p\n", "")).Notes);
    }

    [Fact]
    public void A_late_text_value_keeps_the_earlier_numbers_as_levels_in_order_of_appearance()
    {
        var a = (Column<float>.Text)Ok32(Csv.ReadTable<float>("a,y\n0.1,p\n1e2,q\nNA,p\nred,q\n0.1,p\n", "m.csv")).Features[0];
        Assert.Equal(["0.1", "100", "red"], a.Levels.ToArray());
        Assert.Equal([0, 1, -1, 2, 0], a.Codes.ToArray());
        Assert.Equal(1, a.Missing);
    }

    [Fact]
    public void Columns_remember_their_place_in_the_file_and_the_table_its_header_line()
    {
        var t = Ok(Read("\nid,b,a,y\n1,2,3,p\n", "features=a|b drop=id"));
        Assert.Equal([("a", 2), ("b", 1)], t.Features.Select(c => (c.Name, c.Position)));
        Assert.Equal([("y", 3)], t.Targets.Select(c => (c.Name, c.Position)));
        Assert.Equal(2, t.HeaderLine);
    }

    [Fact]
    public void A_wide_file_of_few_rows_costs_memory_for_its_cells_not_for_whole_chunks()
    {
        var header = string.Join(",", Enumerable.Range(0, 5000).Select(j => $"x{j}"));
        var row = string.Join(",", Enumerable.Range(0, 5000).Select(j => $"{j % 7}.5"));
        var text = $"{header}\n{row}\n{row}\n";
        var before = GC.GetAllocatedBytesForCurrentThread();
        var table = Ok32(Csv.ReadTable<float>(text, "wide.csv"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((2, 4999), (table.Rows, table.Features.Length));
        Assert.Equal(0.5f, ((Column<float>.Numeric)table.Features[4998]).Values[1]); // x4998 = (4998 mod 7).5
        Assert.InRange(allocated, 0, 20_000_000); // 5,000 chunks of 16,384 floats would be 330 MB
    }

    [Fact]
    public void Values_grow_past_their_first_chunk_in_order()
    {
        var builder = new Values<int>.Builder();
        for (var i = 0; i < 3 * Values<int>.ChunkLength + 5; i++) builder.Add(i);
        var values = builder.Build();
        Assert.Equal(Enumerable.Range(0, 3 * Values<int>.ChunkLength + 5), values);
        Assert.Equal((4, 5), (values.ChunkCount, values.Chunk(3).Length));
        Assert.Equal(Values<int>.ChunkLength - 1, builder[Values<int>.ChunkLength - 1]);
    }

    private static Table<float> Ok32(Fin<Table<float>> read) =>
        read.Match(t => t, e => throw new Xunit.Sdk.XunitException($"expected a table, got: {e.Message}"));
}
