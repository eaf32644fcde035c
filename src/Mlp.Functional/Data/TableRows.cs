using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;

namespace Mlp.Data;

/// <summary>Tables made of other tables' rows: some of one table's rows, or two tables of the same columns one after the other.</summary>
public static class TableRows
{
    /// <summary>The rows <paramref name="rows"/> of <paramref name="table"/>, in that order, with their lines; <paramref name="name"/> names the result.</summary>
    public static Table<T> Select<T>(Table<T> table, ReadOnlySpan<int> rows, string name) where T : IFloatingPointIeee754<T>
    {
        var picked = rows.ToArray();
        Column<T> Pick(Column<T> c) => c switch
        {
            Column<T>.Numeric n => n with { Values = n.Values.Select(picked) },
            Column<T>.Text t => t with { Codes = t.Codes.Select(picked) },
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        return table with
        {
            Name = name,
            Features = [.. table.Features.Select(Pick)],
            Targets = [.. table.Targets.Select(Pick)],
            Lines = table.Lines.Select(picked),
        };
    }

    /// <summary>
    /// <paramref name="first"/>'s rows, then <paramref name="second"/>'s: the same columns by name
    /// and role (a column numeric in one and text in the other becomes text), named <paramref name="name"/>.
    /// </summary>
    public static Fin<Table<T>> Concat<T>(Table<T> first, Table<T> second, string name) where T : IFloatingPointIeee754<T>
    {
        if (!first.FeatureNames.SequenceEqual(second.FeatureNames) || !first.TargetNames.SequenceEqual(second.TargetNames))
            return DataErrors.File(second.Name, $"has other columns than {first.Name}; expected the same columns to read them as one table");
        var lines = new Values<int>.Builder();
        foreach (var l in first.Lines.Concat(second.Lines)) lines.Add(l);
        return first with
        {
            Name = name,
            Features = [.. first.Features.Zip(second.Features, Join)],
            Targets = [.. first.Targets.Zip(second.Targets, Join)],
            Lines = lines.Build(),
            Notes = first.Notes.AddRange(second.Notes),
        };
    }

    private static Column<T> Join<T>(Column<T> a, Column<T> b) where T : IFloatingPointIeee754<T>
    {
        if (a is Column<T>.Numeric x && b is Column<T>.Numeric y)
        {
            var values = new Values<T>.Builder();
            foreach (var v in x.Values.Concat(y.Values)) values.Add(v);
            return x with { Values = values.Build() };
        }
        var (s, t) = (TargetRules.AsText(a), TargetRules.AsText(b));
        var levels = s.Levels.ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < levels.Count; k++) index.TryAdd(levels[k], k);
        var codes = new Values<int>.Builder();
        foreach (var c in s.Codes) codes.Add(c);
        foreach (var c in t.Codes)
        {
            if (c < 0) { codes.Add(-1); continue; }
            var level = t.Levels[c];
            if (!index.TryGetValue(level, out var k)) { index[level] = k = levels.Count; levels.Add(level); }
            codes.Add(k);
        }
        return new Column<T>.Text(s.Name, s.Position, codes.Build(), [.. levels]) { Ordered = s.Ordered && s.Levels.SequenceEqual(t.Levels) };
    }
}
