using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Tensors;

namespace Mlp.Data;

/// <summary>
/// Turns one target column's text into class labels or numbers, once every row has been read
/// (the choice and the class order depend on all of them).
/// </summary>
internal static class CsvTargets
{
    /// <summary>The most one-hot elements (rows × classes) a CSV may produce: 2²⁷.</summary>
    public const long MaxOneHot = 1L << 27;

    public readonly record struct Cell(string Text, CsvField Field);

    public static Fin<Dataset<T>> Complete<T>(Dataset<T> shell, List<Cell> cells, TaskKind task,
        ImmutableArray<string> fixedClasses, string source, int headerLine) where T : IFloatingPointIeee754<T>
    {
        var name = shell.TargetNames[0];
        if (task == TaskKind.Auto) task = Decide(cells);
        if (task == TaskKind.Regression)
        {
            var y = new T[cells.Count];
            for (var i = 0; i < y.Length; i++)
            {
                var number = Csv.Number<T>(cells[i].Text, cells[i].Field, source, name);
                if (number.IsFail) return (Error)number;
                y[i] = (T)number;
            }
            return shell with { Targets = Matrix<T>.Own(y, y.Length, 1) };
        }

        foreach (var c in cells)
            if (c.Text.Length == 0)
                return DataErrors.Cell(source, c.Field.Line, c.Field.Column, name, "expected a class label, got an empty field");
        var classes = fixedClasses.IsDefault ? ClassOrder.Sort(cells.Select(c => c.Text)) : fixedClasses;
        if (fixedClasses.IsDefault && classes.Length < 2)
            return DataErrors.Cell(source, headerLine, cells[0].Field.Column, name,
                $"every row (lines {cells[0].Field.Line}–{cells[^1].Field.Line}) has the class {DataErrors.Quote(classes[0])}; classification needs at least 2 classes");
        if ((long)cells.Count * classes.Length > MaxOneHot)
            return DataErrors.Cell(source, headerLine, cells[0].Field.Column, name,
                $"{cells.Count} rows × {classes.Length} classes is too large a one-hot matrix (at most {MaxOneHot} values); is this column really a class label?");

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < classes.Length; k++) index.TryAdd(classes[k], k);
        var labels = new int[cells.Count];
        for (var i = 0; i < labels.Length; i++)
            if (!index.TryGetValue(cells[i].Text, out labels[i]))
                return DataErrors.Cell(source, cells[i].Field.Line, cells[i].Field.Column, name,
                    $"unknown class {DataErrors.Quote(cells[i].Text)}; expected one of: {DataErrors.List(classes)}");
        return shell with
        {
            Targets = OneHot.Encode<T>(labels, classes.Length),
            Classes = classes,
            Labels = ImmutableCollectionsMarshal.AsImmutableArray(labels),
        };
    }

    /// <summary>
    /// The auto rule: regression when some value is a number with a fraction, or when all values
    /// are numbers with more than <see cref="CsvOptions.MaxAutoClasses"/> distinct values;
    /// classification otherwise.
    /// </summary>
    public static TaskKind Decide(List<Cell> cells)
    {
        var allNumbers = true;
        var distinct = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var c in cells)
        {
            if (!ClassOrder.TryNumber(c.Text, out var v)) { allNumbers = false; continue; }
            if (v != Math.Floor(v)) return TaskKind.Regression;
            distinct.Add(c.Text);
        }
        return allNumbers && distinct.Count > CsvOptions.MaxAutoClasses ? TaskKind.Regression : TaskKind.Classification;
    }
}
