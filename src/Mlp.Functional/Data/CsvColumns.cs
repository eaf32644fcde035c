using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;

namespace Mlp.Data;

/// <summary>The header's names and which columns (0-based) are features and targets.</summary>
internal sealed record CsvColumns(string[] Names, int Line, int[] Features, int[] Targets)
{
    /// <summary>
    /// Checks the header (every name present and distinct, not a row of numbers) and finds the
    /// columns the options name: targets default to the last column, features to all the rest.
    /// </summary>
    public static Fin<CsvColumns> Resolve(List<CsvField> header, string text, string source, CsvOptions options)
    {
        var line = header[0].Line;
        var names = header.Select(f => f.Text(text).ToString()).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < names.Length; j++)
        {
            if (names[j].Length == 0)
                return DataErrors.Cell(source, header[j].Line, j + 1, null,
                    "the header has an empty column name; expected a name for every column");
            if (!seen.TryAdd(names[j], j))
                return DataErrors.Cell(source, header[j].Line, j + 1, names[j],
                    $"the column name repeats column {seen[names[j]] + 1}; expected distinct names");
        }
        if (names.All(n => ClassOrder.TryNumber(n, out _)))
            return DataErrors.Line(source, line,
                "expected a header row of column names, got only numbers (the first line looks like data)");

        var targetNames = options.Targets.IsDefault ? [names[^1]] : options.Targets;
        var targets = Find(targetNames, seen, names, source, line, "target");
        if (targets.IsFail) return (Error)targets;
        var t = (int[])targets;
        if (t.Distinct().Count() != t.Length)
            return DataErrors.Line(source, line, "a target column is named twice");

        var featureNames = options.Features.IsDefault
            ? [.. names.Where((_, j) => !t.Contains(j))]
            : options.Features;
        var features = Find(featureNames, seen, names, source, line, "feature");
        if (features.IsFail) return (Error)features;
        var f = (int[])features;
        if (f.Length == 0)
            return DataErrors.Line(source, line, names.Length == 1
                ? $"the header has one column, {DataErrors.Quote(names[0])}, and it is the target; expected comma-separated columns (features, then the target): is this a CSV file?"
                : "no feature columns: expected at least one column that is not a target");
        var both = f.FirstOrDefault(t.Contains, -1);
        if (both >= 0 || f.Distinct().Count() != f.Length)
            return DataErrors.Line(source, line,
                both >= 0 ? $"column {DataErrors.Clip(names[both])} is both a feature and a target" : "a feature column is named twice");
        return new CsvColumns(names, line, f, t);
    }

    private static Fin<int[]> Find(ImmutableArray<string> wanted, Dictionary<string, int> seen, string[] names,
        string source, int line, string role)
    {
        var found = new int[wanted.Length];
        for (var i = 0; i < wanted.Length; i++)
            if (!seen.TryGetValue(wanted[i], out found[i]))
                return DataErrors.Line(source, line,
                    $"no column named {DataErrors.Quote(wanted[i])} for the {role}; the columns are: {DataErrors.List(names)}");
        return found;
    }
}
