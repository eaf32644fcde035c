using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;

namespace Mlp.Data;

/// <summary>
/// The file's column names and the role of each column (0-based positions): the features in the
/// order asked for, the targets, and whether the first column is a candidate pandas index (no
/// name; kept only if its values turn out to be 0…n−1).
/// </summary>
internal sealed record CsvColumns(string[] Names, int Line, int[] Features, int[] Targets, bool Index, ImmutableArray<string> Notes)
{
    /// <summary>
    /// Checks the names (each present and distinct, but for a pandas index's empty one) and finds
    /// the columns the options name: targets by name, or by 0-based position when a whole number
    /// names no column, by default the last column; features by name, by default every other
    /// column; less the dropped ones.
    /// </summary>
    public static Fin<CsvColumns> Resolve(string[] names, int line, string source, CsvOptions options)
    {
        var index = options.Header && names.Length > 1 && names[0].Length == 0;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = index ? 1 : 0; j < names.Length; j++)
        {
            if (names[j].Length == 0) return EmptyName(source, line, j);
            if (!seen.TryAdd(names[j], j))
                return DataErrors.Cell(source, line, j + 1, names[j], $"the column name repeats column {seen[names[j]] + 1}; expected distinct names");
        }
        var notes = options.Header && names.Skip(index ? 1 : 0).All(n => ClassOrder.TryNumber(n, out _))
            ? ImmutableArray.Create($"the header (line {line}) holds only numbers ({DataErrors.List(names, 6)}): if it is a data row, read the file with --no-header")
            : [];

        var t = Find(options.Targets.IsDefault ? [names[^1]] : options.Targets, seen, names, source, line, "for the target", positions: true);
        if (t.IsFail) return (Error)t;
        var targets = (int[])t;
        if (index && targets.Contains(0)) return EmptyName(source, line, 0);
        if (targets.Distinct().Count() != targets.Length) return DataErrors.Line(source, line, "a target column is named twice");

        var d = Find(options.Drop.IsDefault ? [] : options.Drop, seen, names, source, line, "to drop", positions: false);
        if (d.IsFail) return (Error)d;
        var dropped = (int[])d;
        if (dropped.FirstOrDefault(targets.Contains, -1) is var both and >= 0)
            return DataErrors.Line(source, line, $"column {DataErrors.Quote(names[both])} is a target and dropped; expected one or the other");

        var f = Find(options.Features.IsDefault
            ? [.. names.Where((_, j) => !targets.Contains(j) && !(index && j == 0))]
            : options.Features, seen, names, source, line, "for the feature", positions: false);
        if (f.IsFail) return (Error)f;
        var features = ((int[])f).Where(j => !dropped.Contains(j)).ToArray();
        if (features.Length == 0)
            return DataErrors.Line(source, line, names.Length == 1
                ? $"the header has one column, {DataErrors.Quote(names[0])}, and it is the target; expected comma-separated columns (features, then the target): is this a CSV file?"
                : "no feature columns: expected at least one column that is not a target");
        var twice = features.FirstOrDefault(targets.Contains, -1);
        if (twice >= 0 || features.Distinct().Count() != features.Length)
            return DataErrors.Line(source, line,
                twice >= 0 ? $"column {DataErrors.Clip(names[twice])} is both a feature and a target" : "a feature column is named twice");
        return new CsvColumns(names, line, features, targets, index, notes);
    }

    /// <summary>The error for a column with no name.</summary>
    public static Error EmptyName(string source, int line, int column) =>
        DataErrors.Cell(source, line, column + 1, null, "the header has an empty column name; expected a name for every column");

    /// <summary>Names for columns read without a header: <c>c0, c1, …</c>.</summary>
    public static string[] Numbered(int count) => [.. Enumerable.Range(0, count).Select(j => $"c{j}")];

    private static Fin<int[]> Find(ImmutableArray<string> wanted, Dictionary<string, int> seen, string[] names,
        string source, int line, string role, bool positions)
    {
        var found = new int[wanted.Length];
        for (var i = 0; i < wanted.Length; i++)
        {
            if (seen.TryGetValue(wanted[i], out found[i])) continue;
            var number = int.TryParse(wanted[i], NumberStyles.None, CultureInfo.InvariantCulture, out var p);
            if (positions && number && p < names.Length) { found[i] = p; continue; }
            var where = positions && number ? $", nor a column at position {p} (they count from 0 to {names.Length - 1})" : "";
            return DataErrors.Line(source, line,
                $"no column named {DataErrors.Quote(wanted[i])} {role}{where}; the columns are: {DataErrors.List(names)}");
        }
        return found;
    }
}
