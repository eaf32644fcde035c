using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;
using nietras.SeparatedValues;
using static LanguageExt.Prelude;

namespace Mlp.Data;

/// <summary>What a column is read as.</summary>
internal enum CellRole
{
    /// <summary>A feature: numbers until a cell is not one, then text (its earlier numbers become levels).</summary>
    Feature,
    /// <summary>A target read as text: class labels, or numbers decided on later.</summary>
    Label,
    /// <summary>A target read as numbers (regression): a cell that is not a number is an error.</summary>
    Number,
}

/// <summary>
/// One column, filled a row at a time as the file streams by: numbers (missing = NaN) or text
/// codes into levels in order of first appearance (missing = −1). Made and used by one read;
/// frozen by <see cref="Build"/>. In strict mode (reading a data set of numbers) a feature cell
/// that is missing or not a number, and a missing target, is the error.
/// </summary>
internal sealed class ColumnBuilder<T> where T : IFloatingPointIeee754<T>
{
    private const string NumbersOnly = "; a data set holds numbers only (read a table, and a pipeline encodes text and missing values)";
    private readonly string name;
    private readonly int position;
    private readonly CellRole role;
    private readonly CsvCells cells;
    private readonly bool strict;
    private Values<T>.Builder? numbers;
    private Values<int>.Builder? codes;
    private readonly List<string> levels = [];
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> index;

    public ColumnBuilder(string name, int position, CellRole role, CsvCells cells, bool strict)
    {
        (this.name, this.position, this.role, this.cells, this.strict) = (name, position, role, cells, strict);
        if (role == CellRole.Label) codes = new();
        else numbers = new();
        index = new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The column's name.</summary>
    public string Name => name;

    /// <summary>Where it stands in the file, 0-based.</summary>
    public int Position => position;

    /// <summary>Adds this column's cell of <paramref name="row"/>, or says what is wrong with it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per cell: optimized from the first file on, not after warming up
    public Fin<Unit> Add(SepReader.Row row)
    {
        var raw = row[position].Span;
        if (!CsvCells.IsPlain(raw)) return Unwrapped(raw, row);
        if (numbers is null) return Cell(raw, quoted: false, row);
        // the common case, a bare number: no trimming, no quotes, Sep's fast parser
        if (cells.IsMissing(raw, quoted: false)) return Missing(raw, row);
        return cells.TryNumber(raw, out T value) ? Number(value, raw, row) : NotANumber(raw, row);
    }

    /// <summary>The column as read.</summary>
    public Column<T> Build() => codes is null
        ? new Column<T>.Numeric(name, position, numbers!.Build())
        : new Column<T>.Text(name, position, codes.Build(), [.. levels]);

    // A cell with spaces around it or quotes: its text first.
    private Fin<Unit> Unwrapped(ReadOnlySpan<char> raw, SepReader.Row row)
    {
        var text = cells.Text(raw, CsvRows.LineOf(row, position), position + 1);
        if (text.IsFail) return (Error)text;
        var cell = (CellText)text;
        return Cell(cell.Of(raw), cell.Quoted, row);
    }

    private Fin<Unit> Cell(ReadOnlySpan<char> text, bool quoted, SepReader.Row row)
    {
        // a data set's labels are read as before tables: any text but an empty field is a class
        if (strict && role == CellRole.Label ? text.IsEmpty : cells.IsMissing(text, quoted)) return Missing(text, row);
        if (numbers is null) return Level(text, quoted, row);
        return cells.TryNumber(text, out T v) ? Number(v, text, row) : NotANumber(text, row, quoted);
    }

    private Fin<Unit> Number(T value, ReadOnlySpan<char> text, SepReader.Row row)
    {
        if (!T.IsFinite(value)) return Error(row, Numbers.NotFinite<T>(text));
        numbers!.Add(value);
        return unit;
    }

    private Fin<Unit> Missing(ReadOnlySpan<char> text, SepReader.Row row)
    {
        // strict: an empty label is reported once the task is known (Targets.Decide), as "a class label" or "a number"
        if (strict && role != CellRole.Label)
            return Error(row, (text.IsEmpty ? "expected a number, got an empty field"
                : Numbers.IsNaNOrInfinity(text) ? Numbers.NotFinite<T>(text)
                : $"expected a number, got {DataErrors.Quote(text)}, a missing value") + NumbersOnly);
        if (codes is not null) codes.Add(-1);
        else numbers!.Add(T.NaN);
        return unit;
    }

    private Fin<Unit> NotANumber(ReadOnlySpan<char> text, SepReader.Row row, bool quoted = false)
    {
        if (cells.LooksLikeDecimalComma(text))
            return Error(row, $"{DataErrors.Quote(text)} is a number with a decimal comma; expected a decimal point (as {text.ToString().Replace(',', '.')}), or read the file with --decimal-comma");
        if (role == CellRole.Number || strict)
            return Error(row, $"expected a number, got {DataErrors.Quote(text)}{(strict && role == CellRole.Feature ? NumbersOnly : "")}");
        if (codes is null)
        {
            // the first cell that is not a number makes a text column of it, earlier numbers included
            codes = new Values<int>.Builder();
            for (var i = 0; i < numbers!.Count; i++)
                codes.Add(T.IsNaN(numbers[i]) ? -1 : Code(cells.Format(numbers[i])));
            numbers = null;
        }
        return Level(text, quoted, row);
    }

    private Fin<Unit> Level(ReadOnlySpan<char> text, bool quoted, SepReader.Row row)
    {
        if (!quoted && text.Contains('"'))
            return DataErrors.Cell(cells.Source, CsvRows.LineOf(row, position), position + 1, null,
                $"a '\"' inside an unquoted field {DataErrors.Quote(text)}; expected the whole field in quotes, with its quotes doubled");
        codes!.Add(Code(text));
        return unit;
    }

    private int Code(ReadOnlySpan<char> text)
    {
        if (index.TryGetValue(text, out var code)) return code;
        var s = text.ToString();
        index.Dictionary[s] = levels.Count;
        levels.Add(s);
        return levels.Count - 1;
    }

    private Error Error(SepReader.Row row, string what) =>
        DataErrors.Cell(cells.Source, CsvRows.LineOf(row, position), position + 1, name, what);
}
