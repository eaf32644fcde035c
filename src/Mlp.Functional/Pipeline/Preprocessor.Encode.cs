using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>Raw rows to the network's inputs.</summary>
public sealed partial record Preprocessor
{
    /// <summary>
    /// The network's inputs for the rows <paramref name="rows"/> of <paramref name="table"/> (all
    /// rows when null), in that order, and what was filled or unseen. A missing cell with nothing
    /// to fill it, text where a number is expected, or (with <paramref name="unknownIsError"/>) a
    /// category unseen in training is an error naming the line and column.
    /// </summary>
    public Fin<(Matrix<T> X, EncodeReport Report)> Encode<T>(Table<T> table, int[]? rows = null, bool unknownIsError = false)
        where T : IFloatingPointIeee754<T>
    {
        var found = Find(table);
        if (found.IsFail) return (Error)found;
        var sources = (Column<T>[])found;
        var n = rows?.Length ?? table.Rows;
        var x = new T[n * Width];
        var (imputed, unseen) = (ImmutableArray.CreateBuilder<(string, int)>(), ImmutableArray.CreateBuilder<(string, int)>());
        var offset = 0;
        for (var j = 0; j < Columns.Length; j++)
        {
            var into = new Into<T>(x, Width, offset, rows, table, sources[j]);
            var counts = Columns[j] switch
            {
                ColumnEncoder.Numeric e => Numbers(e, into),
                ColumnEncoder.Categorical e => Categories(e, into, unknownIsError),
                _ => throw new System.Diagnostics.UnreachableException(),
            };
            if (counts.IsFail) return (Error)counts;
            var (filled, missed) = ((int, int))counts;
            if (filled > 0) imputed.Add((Columns[j].Name, filled));
            if (missed > 0) unseen.Add((Columns[j].Name, missed));
            offset += Columns[j].Width;
        }
        var used = sources.ToHashSet();
        return (Matrix<T>.Own(x, n, Width), new EncodeReport(imputed.ToImmutable(), unseen.ToImmutable())
        {
            Ignored = [.. table.Features.Where(c => !used.Contains(c)).Select(c => c.Name)],
        });
    }

    /// <summary>
    /// The network's inputs for raw rows of numbers already in input order (every column
    /// numeric, as an <c>mlp/1</c> model reads them).
    /// </summary>
    /// <exception cref="ArgumentException">The rows are not as wide as the raw columns, or a column is categorical.</exception>
    public Matrix<T> Encode<T>(Matrix<T> raw) where T : IFloatingPointIeee754<T>
    {
        if (raw.Cols != Columns.Length)
            throw new ArgumentException($"the preprocessing takes {Columns.Length} columns, but the rows have {raw.Cols}");
        var encoders = Columns.Select(c => c as ColumnEncoder.Numeric
            ?? throw new ArgumentException($"column {c.Name} is categorical; encode a table instead")).ToArray();
        // Numbers taken as they are (no scaling, nothing to fill) need no copy.
        if (encoders.All(e => e is { Mean: 0, Scale: 1, Impute: null })) return raw;
        return Matrix<T>.Build(raw.Rows, raw.Cols, (i, j) => encoders[j].Encode<T>(double.CreateChecked(raw[i, j])));
    }

    // Where one column's inputs go: row i's start is i·width + offset; the table row is rows[i].
    private readonly record struct Into<T>(T[] X, int Width, int Offset, int[]? Rows, Table<T> Table, Column<T> Source)
        where T : IFloatingPointIeee754<T>
    {
        public int Count => Rows?.Length ?? Table.Rows;
        public int Row(int i) => Rows is null ? i : Rows[i];
        public Span<T> At(int i, int width) => X.AsSpan(i * Width + Offset, width);
        public Error Cell(int i, string what) =>
            Error.New($"{Echo.Path(Table.Name)}: line {Table.Lines[Row(i)]}, column {Source.Position + 1} ({Echo.Name(Source.Name)}): {what}");
    }

    private static Fin<(int Imputed, int Unseen)> Numbers<T>(ColumnEncoder.Numeric e, Into<T> into) where T : IFloatingPointIeee754<T>
    {
        // A text column may still hold numbers in most of its cells: read each level once.
        var levels = into.Source is Column<T>.Text t
            ? t.Levels.Select(l => Data.Numbers.TryParse(l, into.Table.DecimalComma, out double v) ? v : double.NaN).ToArray()
            : null;
        var filled = 0;
        for (var i = 0; i < into.Count; i++)
        {
            var r = into.Row(i);
            double v;
            if (into.Source is Column<T>.Numeric numeric) v = double.CreateChecked(numeric.Values[r]);
            else if (((Column<T>.Text)into.Source).Codes[r] is var code and >= 0)
                v = double.IsNaN(levels![code]) ? double.NaN : levels[code];
            else v = double.NaN;
            if (double.IsNaN(v) && into.Source is Column<T>.Text text && text[r] is { } word)
                return into.Cell(i, $"expected a number, got {Echo.Quote(word)} (the model reads this column as numbers)");
            if (double.IsNaN(v))
            {
                if (e.Impute is null) return into.Cell(i, "a missing cell, and the model fills none; expected a value");
                filled++;
            }
            into.At(i, 1)[0] = e.Encode<T>(v);
        }
        return (filled, 0);
    }

    private static Fin<(int Imputed, int Unseen)> Categories<T>(ColumnEncoder.Categorical e, Into<T> into, bool unknownIsError)
        where T : IFloatingPointIeee754<T>
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < e.Categories.Length; k++) index[e.Categories[k]] = k;
        var (filled, unseen) = (0, 0);
        for (var i = 0; i < into.Count; i++)
        {
            var r = into.Row(i);
            var value = into.Source switch
            {
                Column<T>.Text t => t[r],
                Column<T>.Numeric n => T.IsNaN(n.Values[r]) ? null : ColumnEncoder.CategoryOf(n.Values[r]),
                _ => null,
            };
            if (value is null)
            {
                if (e.Impute is null) return into.Cell(i, "a missing cell, and the model fills none; expected a value");
                (value, filled) = (e.Impute, filled + 1);
            }
            if (index.TryGetValue(value, out var k)) into.At(i, e.Width)[k] = T.One;
            else if (unknownIsError)
                return into.Cell(i, $"the category {Echo.Quote(value)} was not in the training rows; expected one of: " +
                    Echo.List(e.Categories, 12));
            else unseen++;
        }
        return (filled, unseen);
    }

    // Each encoder's column of the table: by name, or (unnamed) the feature columns in order.
    internal Fin<Column<T>[]> Find<T>(Table<T> table) where T : IFloatingPointIeee754<T>
    {
        if (!Named)
            return table.Features.Length == Columns.Length ? table.Features.ToArray()
                : Error.New($"{Echo.Path(table.Name)}: line {table.HeaderLine}: the model names no input columns, so every column{(table.Targets.IsEmpty ? "" : " but the target")} " +
                    $"is an input: expected {Columns.Length}, got {table.Features.Length}");
        var byName = new Dictionary<string, Column<T>>(StringComparer.Ordinal);
        foreach (var c in table.Features.Concat(table.Targets)) byName.TryAdd(c.Name, c);
        var found = new Column<T>[Columns.Length];
        for (var j = 0; j < found.Length; j++)
            if (!byName.TryGetValue(Columns[j].Name, out found[j]!))
            {
                var all = table.FeatureNames.AddRange(table.TargetNames);
                return Error.New($"{Echo.Path(table.Name)}: line {table.HeaderLine}: no column named {Echo.Quote(Columns[j].Name)} for the model's input column {j + 1}; " +
                    $"the columns are: {Echo.List(all, 12)}");
            }
        return found;
    }
}
