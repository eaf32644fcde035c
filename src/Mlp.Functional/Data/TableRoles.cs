using System.Numerics;
using LanguageExt;
using LanguageExt.Common;

namespace Mlp.Data;

/// <summary>
/// The column roles of <see cref="CsvOptions"/> (targets, features, drop, and regression's numeric
/// targets) applied to a table already built, as a file's header would have them applied: for
/// data sets that are not read from CSV (Fashion-MNIST's IDX files).
/// </summary>
internal static class TableRoles
{
    /// <summary>
    /// The table with its columns (in file order, targets last by default) given the roles
    /// <paramref name="options"/> name; errors read as the CSV reader's.
    /// </summary>
    public static Fin<Table<T>> Apply<T>(Table<T> table, CsvOptions options) where T : IFloatingPointIeee754<T>
    {
        var all = table.Features.AddRange(table.Targets).OrderBy(c => c.Position).ToArray();
        var roles = CsvColumns.Resolve([.. all.Select(c => c.Name)], table.HeaderLine, table.Name, options with { Header = true });
        if (roles.IsFail) return (Error)roles;
        var r = (CsvColumns)roles;
        var regression = options.Task == TaskKind.Regression && options.Classes.IsDefault;
        var targets = new List<Column<T>>();
        foreach (var j in r.Targets)
        {
            var target = Retype(table, all[j], regression);
            if (target.IsFail) return (Error)target;
            targets.Add((Column<T>)target);
        }
        return table with { Features = [.. r.Features.Select(j => all[j])], Targets = [.. targets], Notes = table.Notes.AddRange(r.Notes) };
    }

    // Targets are text, as the reader stores them, unless regression is asked for: then numbers.
    private static Fin<Column<T>> Retype<T>(Table<T> table, Column<T> column, bool regression) where T : IFloatingPointIeee754<T>
    {
        if (!regression) return TargetRules.AsText(column);
        if (column is not Column<T>.Text text) return column;
        var values = new Values<T>.Builder();
        for (var i = 0; i < text.Count; i++)
        {
            var level = text[i];
            if (level is null) { values.Add(T.NaN); continue; }
            if (!Numbers.TryParse(level, table.DecimalComma, out T v) || !T.IsFinite(v))
                return DataErrors.Cell(table.Name, table.Lines[i], column.Position + 1, column.Name, $"expected a number, got {DataErrors.Quote(level)}");
            values.Add(v);
        }
        return new Column<T>.Numeric(column.Name, column.Position, values.Build());
    }
}
