using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;
using Mlp.Tensors;

namespace Mlp.Data;

/// <summary>
/// What a network learns from a table: the task, and for the rows whose targets are all present
/// (<see cref="Rows"/>, indices into the table; the others are dropped and counted) the target
/// matrix: one-hot rows over <see cref="Classes"/> for classification, the numbers for regression.
/// </summary>
/// <param name="Task">Classification or regression (never auto).</param>
/// <param name="Values">One row per kept table row: one-hot over the classes, or the target numbers.</param>
/// <param name="Names">The target columns' names.</param>
/// <param name="Classes">The class names in class order (DESIGN.md); empty for regression.</param>
/// <param name="Labels">Each kept row's class index; empty for regression.</param>
/// <param name="Rows">The table rows kept, ascending.</param>
/// <param name="Dropped">How many table rows were dropped for a missing target.</param>
/// <param name="Reason">One line: the task and why, as <c>classification: the target species holds text labels (3 classes)</c>.</param>
public sealed record Targets<T>(TaskKind Task, Matrix<T> Values, ImmutableArray<string> Names, ImmutableArray<string> Classes,
    ImmutableArray<int> Labels, ImmutableArray<int> Rows, int Dropped, string Reason) where T : IFloatingPointIeee754<T>
{
    /// <summary>Whether the targets are class labels.</summary>
    public bool IsClassification => Task == TaskKind.Classification;

    /// <summary>Record equality compares contents, not array references.</summary>
    public bool Equals(Targets<T>? other) =>
        other is not null && Task == other.Task && Values.Equals(other.Values) && Names.SafeSequenceEqual(other.Names)
        && Classes.SafeSequenceEqual(other.Classes) && Labels.SafeSequenceEqual(other.Labels)
        && Rows.SafeSequenceEqual(other.Rows) && Dropped == other.Dropped && Reason == other.Reason;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Task, Values, Reason);
}

/// <summary>Decides a table's targets: the task (asked for, or by the auto rule), the classes, the rows kept.</summary>
public static class Targets
{
    /// <summary>The most one-hot elements (rows × classes) a table may produce: 2²⁷.</summary>
    public const long MaxOneHot = 1L << 27;

    /// <summary>
    /// The targets of <paramref name="table"/>. <paramref name="task"/> auto picks regression for
    /// several target columns, or a target holding a number with a fraction, or only whole numbers
    /// with more than <see cref="CsvOptions.MaxAutoClasses"/> distinct values; classification
    /// otherwise. Fixed <paramref name="classes"/> imply classification, and a label outside them is
    /// an error naming its line and column. Classification needs one target column and two classes.
    /// A row with a missing target is dropped, not an error.
    /// </summary>
    public static Fin<Targets<T>> Decide<T>(Table<T> table, TaskKind task, ImmutableArray<string> classes = default)
        where T : IFloatingPointIeee754<T> => Decide(table, task, classes, strict: false);

    /// <summary>As the public <c>Decide</c>; <paramref name="strict"/> (a data set of numbers) makes a missing target the error.</summary>
    internal static Fin<Targets<T>> Decide<T>(Table<T> table, TaskKind task, ImmutableArray<string> classes, bool strict)
        where T : IFloatingPointIeee754<T>
    {
        var source = table.Name;
        if (table.Targets.IsEmpty) return DataErrors.File(source, "the table has no target column; expected at least one");
        if (!classes.IsDefault) task = TaskKind.Classification;
        if (task == TaskKind.Classification && table.Targets.Length != 1)
            return DataErrors.Line(source, table.HeaderLine, $"classification takes exactly one target column, got {table.Targets.Length}");
        int[] rows = [.. Enumerable.Range(0, table.Rows).Where(i => !table.Targets.Any(c => c.IsMissing(i)))];
        if (strict && rows.Length < table.Rows)
        {
            // a data set's missing target is an error, worded for the task (regression reports the cells in row order)
            if ((rows.Length == 0 ? task : TargetRules.Reason(table, task, classes, rows).Task) != TaskKind.Regression)
            {
                var first = Enumerable.Range(0, table.Rows).First(i => table.Targets[0].IsMissing(i));
                return DataErrors.Cell(source, table.Lines[first], table.Targets[0].Position + 1, table.Targets[0].Name,
                    "expected a class label, got an empty field");
            }
            rows = [.. Enumerable.Range(0, table.Rows)];
        }
        if (rows.Length == 0)
            return DataErrors.Cell(source, table.HeaderLine, table.Targets[0].Position + 1, table.Targets[0].Name,
                $"every row's target is missing; expected at least one row with {(table.Targets.Length == 1 ? "a target" : "all its targets")}");
        var reason = TargetRules.Reason(table, task, classes, rows);
        return reason.Task == TaskKind.Classification
            ? TargetRules.Classify(table, classes, rows, reason.Why)
            : TargetRules.Regress(table, rows, reason.Why);
    }
}
