using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using nietras.SeparatedValues;

namespace Mlp.Data;

/// <summary>
/// The one row-handling core behind every table read, from text or streamed from a file: the
/// header, then each row's cells into its columns' builders, as Sep hands them over. Blank lines
/// are skipped anywhere. Holds the table being built, never the file.
/// </summary>
internal static class CsvRows
{
    /// <summary>Rows longer than this (Sep's limit, in characters) are an error: most likely a quote left open.</summary>
    public const int MaxRowLength = 1 << 24;

    /// <summary>
    /// Reads the table <paramref name="reader"/> holds. In <paramref name="strict"/> mode (a data
    /// set of numbers) every feature must be a number and no cell may be missing.
    /// </summary>
    public static Fin<Table<T>> Read<T>(SepReader reader, CsvCells cells, CsvOptions options, bool strict)
        where T : IFloatingPointIeee754<T>
    {
        var source = cells.Source;
        var next = 1; // the line after the last row read
        try
        {
            if (!NextRow(reader, ref next))
                return DataErrors.Line(source, next, options.Header
                    ? "the file is empty; expected a header row of column names, then data rows"
                    : "the file is empty; expected rows of data");
            var first = reader.Current;
            var line = LineOf(first, 0);
            var names = options.Header ? Names(first, cells) : CsvColumns.Numbered(first.ColCount);
            if (names.IsFail) return (Error)names;
            var columns = CsvColumns.Resolve((string[])names, line, source, options);
            if (columns.IsFail) return (Error)columns;
            var roles = (CsvColumns)columns;
            var table = new TableBuilder<T>(roles, cells, options, strict);
            if (!options.Header)
            {
                var added = table.Add(first);
                if (added.IsFail) return (Error)added;
            }
            while (NextRow(reader, ref next))
            {
                var added = table.Add(reader.Current);
                if (added.IsFail) return (Error)added;
            }
            return table.Build();
        }
        catch (NotSupportedException)
        {
            // Sep refuses a row longer than its buffer can grow to; nothing else here throws it.
            return DataErrors.Line(source, next,
                $"a row longer than {MaxRowLength:N0} characters; expected shorter rows (is a quoted field left open?)");
        }
    }

    /// <summary>The line a row's cell starts on: the row's first line plus the line breaks inside earlier (quoted) cells.</summary>
    public static int LineOf(SepReader.Row row, int column)
    {
        // Sep numbers the first row's lines from 2; it starts the file all the same
        var from = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
        if (row.LineNumberToExcl - from <= 1) return from;
        for (var k = 0; k < column; k++) from += CsvCells.Breaks(row[k].Span);
        return from;
    }

    // Moves to the next row that is not blank (a lone field of spaces); `next` follows the line count.
    private static bool NextRow(SepReader reader, ref int next)
    {
        while (reader.MoveNext())
        {
            var row = reader.Current;
            next = row.LineNumberToExcl;
            if (row.ColCount != 1 || !row[0].Span.Trim(" \t").IsEmpty) return true;
        }
        return false;
    }

    private static Fin<string[]> Names(SepReader.Row header, CsvCells cells)
    {
        var names = new string[header.ColCount];
        for (var j = 0; j < names.Length; j++)
        {
            var raw = header[j].Span;
            var text = cells.Text(raw, LineOf(header, j), j + 1);
            if (text.IsFail) return (Error)text;
            var cell = (CellText)text;
            names[j] = cell.Of(raw).ToString();
            if (!cell.Quoted && names[j].Contains('"'))
                return DataErrors.Cell(cells.Source, LineOf(header, j), j + 1, null,
                    $"a '\"' inside an unquoted field {DataErrors.Quote(names[j])}; expected the whole field in quotes, with its quotes doubled");
        }
        return names;
    }

    /// <summary>The table's columns while rows arrive: one builder per column kept, the rows' lines, the index check.</summary>
    private sealed class TableBuilder<T>(CsvColumns roles, CsvCells cells, CsvOptions options, bool strict)
        where T : IFloatingPointIeee754<T>
    {
        private readonly ColumnBuilder<T>[] features =
            [.. roles.Features.Select(j => new ColumnBuilder<T>(roles.Names[j], j, CellRole.Feature, cells, strict))];
        private readonly ColumnBuilder<T>[] targets =
            [.. roles.Targets.Select(j => new ColumnBuilder<T>(roles.Names[j], j, TargetRole(options), cells, strict))];
        private readonly Values<int>.Builder lines = new();
        private bool indexHolds = roles.Index;

        public Fin<Unit> Add(SepReader.Row row)
        {
            if (row.ColCount != roles.Names.Length)
                return DataErrors.Line(cells.Source, LineOf(row, 0),
                    $"expected {roles.Names.Length} fields, as the {(options.Header ? "header has" : "first row has")}, got {row.ColCount}");
            if (indexHolds && !IsRowNumber(row[0].Span, lines.Count))
                return CsvColumns.EmptyName(cells.Source, roles.Line, 0);
            lines.Add(LineOf(row, 0));
            foreach (var column in features)
                if (column.Add(row) is { IsFail: true } failed) return failed;
            foreach (var column in targets)
                if (column.Add(row) is { IsFail: true } failed) return failed;
            return Unit.Default;
        }

        public Fin<Table<T>> Build()
        {
            if (lines.Count == 0)
                return DataErrors.Line(cells.Source, roles.Line, "no data rows after the header; expected at least one row");
            var notes = indexHolds
                ? roles.Notes.Add($"the first column has no name and numbers the rows 0 to {lines.Count - 1} (a pandas index): left out")
                : roles.Notes;
            return new Table<T>(cells.Source, [.. features.Select(c => c.Build())], [.. targets.Select(c => c.Build())],
                lines.Build(), notes) { HeaderLine = roles.Line, DecimalComma = cells.DecimalComma };
        }

        // Targets are text (exact labels matter: "1" and "1.0" are two classes) unless regression is asked for.
        private static CellRole TargetRole(CsvOptions options) =>
            options.Task == TaskKind.Regression && options.Classes.IsDefault ? CellRole.Number : CellRole.Label;

        private static bool IsRowNumber(ReadOnlySpan<char> cell, int row) =>
            int.TryParse(cell.Trim(" \t"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == row;
    }
}
