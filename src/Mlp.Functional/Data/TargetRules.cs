using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using LanguageExt;
using Mlp.Tensors;

namespace Mlp.Data;

/// <summary>The rules behind <see cref="Targets.Decide{T}"/>: the task and its reason, class labels, regression numbers.</summary>
internal static class TargetRules
{
    /// <summary>The task for the kept rows and one line saying why, in words a person reads (no command-line flags).</summary>
    public static (TaskKind Task, string Why) Reason<T>(Table<T> table, TaskKind task, ImmutableArray<string> classes, int[] rows)
        where T : IFloatingPointIeee754<T>
    {
        if (!classes.IsDefault) return (TaskKind.Classification, $"classification: the classes are given ({classes.Length})");
        if (task != TaskKind.Auto) return (task, $"{Word(task)}: asked for");
        if (table.Targets.Length > 1)
            return (TaskKind.Regression, $"regression: {table.Targets.Length} target columns ({DataErrors.List(table.TargetNames, 6)})");
        var column = AsText(table.Targets[0]);
        var name = DataErrors.Clip(column.Name);
        var used = Used(column, rows);
        var (allNumbers, whole) = (true, 0);
        foreach (var level in used)
        {
            if (!IsNumber(level, table.DecimalComma, out var v)) { allNumbers = false; continue; }
            if (v != Math.Floor(v))
                return (TaskKind.Regression, $"regression: the target {name} holds numbers with fractions (such as {DataErrors.Clip(level)})");
            whole++;
        }
        if (allNumbers && whole > CsvOptions.MaxAutoClasses)
            return (TaskKind.Regression, $"regression: the target {name} holds {whole} distinct whole numbers, more than {CsvOptions.MaxAutoClasses} classes");
        return (TaskKind.Classification, allNumbers
            ? $"classification: the target {name} holds {whole} distinct whole numbers"
            : $"classification: the target {name} holds text labels ({used.Count} classes)");
    }

    /// <summary>Class labels of the one target column: sorted (or fixed) classes, one-hot rows.</summary>
    public static Fin<Targets<T>> Classify<T>(Table<T> table, ImmutableArray<string> classes, int[] rows, string why)
        where T : IFloatingPointIeee754<T>
    {
        var column = AsText(table.Targets[0]);
        var (source, header) = (table.Name, table.HeaderLine);
        var order = !classes.IsDefault ? classes : column.Ordered ? [.. Used(column, rows)] : ClassOrder.Sort(Used(column, rows));
        if (classes.IsDefault && order.Length < 2)
            return DataErrors.Cell(source, header, column.Position + 1, column.Name,
                $"every row (lines {table.Lines[rows[0]]}–{table.Lines[rows[^1]]}) has the class {DataErrors.Quote(order[0])}; classification needs at least 2 classes");
        if ((long)rows.Length * order.Length > Targets.MaxOneHot)
            return DataErrors.Cell(source, header, column.Position + 1, column.Name,
                $"{rows.Length} rows × {order.Length} classes is too large a one-hot matrix (at most {Targets.MaxOneHot} values); is this column really a class label?");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < order.Length; k++) index.TryAdd(order[k], k);
        // Ordered levels are labels 0 … k−1 with names; classes "0" … "k−1" (a model that knew the
        // labels by number) name the same labels.
        var byLabel = column.Ordered && order.Length == column.Levels.Length
            && order.Select((c, k) => c == k.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(same => same);
        var classOf = byLabel ? [.. Enumerable.Range(0, order.Length)] : column.Levels.Select(l => index.GetValueOrDefault(l, -1)).ToArray();
        var labels = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
            if ((labels[i] = classOf[column.Codes[rows[i]]]) < 0)
                return DataErrors.Cell(source, table.Lines[rows[i]], column.Position + 1, column.Name,
                    $"unknown class {DataErrors.Quote(column[rows[i]])}; expected one of: {DataErrors.List(order)}");
        return new Targets<T>(TaskKind.Classification, OneHot.Encode<T>(labels, order.Length), table.TargetNames, order,
            ImmutableCollectionsMarshal.AsImmutableArray(labels), ImmutableCollectionsMarshal.AsImmutableArray(rows),
            table.Rows - rows.Length, why);
    }

    /// <summary>The target columns as numbers; a text cell that is not a finite number is the error.</summary>
    public static Fin<Targets<T>> Regress<T>(Table<T> table, int[] rows, string why) where T : IFloatingPointIeee754<T>
    {
        var d = table.Targets.Length;
        var y = new T[rows.Length * d];
        for (var k = 0; k < d; k++)
        {
            var values = Numbers<T>(table, table.Targets[k], rows);
            if (values.IsFail) return (LanguageExt.Common.Error)values;
            var column = (T[])values;
            for (var i = 0; i < rows.Length; i++) y[i * d + k] = column[i];
        }
        return new Targets<T>(TaskKind.Regression, Matrix<T>.Own(y, rows.Length, d), table.TargetNames, [], [],
            ImmutableCollectionsMarshal.AsImmutableArray(rows), table.Rows - rows.Length, why);
    }

    private static Fin<T[]> Numbers<T>(Table<T> table, Column<T> column, int[] rows) where T : IFloatingPointIeee754<T>
    {
        var values = new T[rows.Length];
        if (column is Column<T>.Numeric numeric)
        {
            for (var i = 0; i < rows.Length; i++) values[i] = numeric.Values[rows[i]];
            return values;
        }
        var text = (Column<T>.Text)column;
        var parsed = new T[text.Levels.Length];
        var ok = text.Levels.Select((l, k) => Data.Numbers.TryParse(l, table.DecimalComma, out parsed[k]) && T.IsFinite(parsed[k])).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            var code = text.Codes[rows[i]];
            if (code < 0) // only a data set (strict) keeps rows with a missing target
                return DataErrors.Cell(table.Name, table.Lines[rows[i]], column.Position + 1, column.Name, "expected a number, got an empty field");
            if (!ok[code])
            {
                var level = text.Levels[code];
                return DataErrors.Cell(table.Name, table.Lines[rows[i]], column.Position + 1, column.Name,
                    Data.Numbers.TryParse<T>(level, table.DecimalComma, out _) ? Data.Numbers.NotFinite<T>(level)
                        : level.Length == 0 ? "expected a number, got an empty field" : $"expected a number, got {DataErrors.Quote(level)}");
            }
            values[i] = parsed[code];
        }
        return values;
    }

    /// <summary>A column's cells as text: a numeric column's numbers in their shortest round-trip form.</summary>
    public static Column<T>.Text AsText<T>(Column<T> column) where T : IFloatingPointIeee754<T>
    {
        if (column is Column<T>.Text text) return text;
        var numeric = (Column<T>.Numeric)column;
        var (levels, index, codes) = (new List<string>(), new Dictionary<string, int>(StringComparer.Ordinal), new Values<int>.Builder());
        foreach (var v in numeric.Values)
        {
            if (T.IsNaN(v)) { codes.Add(-1); continue; }
            var s = Csv.Format(v);
            if (!index.TryGetValue(s, out var code)) { index[s] = code = levels.Count; levels.Add(s); }
            codes.Add(code);
        }
        return new Column<T>.Text(column.Name, column.Position, codes.Build(), [.. levels]);
    }

    // The levels some kept row holds, in order of first appearance.
    private static List<string> Used<T>(Column<T>.Text column, int[] rows) where T : IFloatingPointIeee754<T>
    {
        var seen = new bool[column.Levels.Length];
        foreach (var r in rows) if (column.Codes[r] >= 0) seen[column.Codes[r]] = true;
        return [.. column.Levels.Where((_, k) => seen[k])];
    }

    private static bool IsNumber(string text, bool decimalComma, out double value) =>
        Data.Numbers.TryParse(text, decimalComma, out value) && double.IsFinite(value);

    private static string Word(TaskKind task) => task == TaskKind.Classification ? "classification" : "regression";
}
