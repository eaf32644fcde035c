using System.Collections.Immutable;
using Mlp.Data;

namespace Mlp.Pipeline;

/// <summary>
/// What a run decided from its data on its own, that a person should hear about: the task and
/// why, what the reader noticed, rows dropped for a missing target, cells filled, categories
/// the training rows never showed, columns ignored. Words only: the command line adds its flags.
/// </summary>
/// <param name="Task">The task and why, as <c>classification: the target species holds text labels (3 classes)</c>.</param>
/// <param name="TaskDecided">Whether the task was decided from the data (not asked for, not a saved model's).</param>
/// <param name="Reader">The reader's notes on the training table (an index column dropped, say).</param>
/// <param name="Dropped">Training-table rows dropped because a target was missing.</param>
/// <param name="TestDropped">Test rows dropped because a target was missing.</param>
/// <param name="Train">What encoding the training rows did.</param>
/// <param name="Valid">What encoding the validation rows did; null for none.</param>
/// <param name="Test">What encoding the test rows did; null for none.</param>
/// <param name="TestReader">The reader's notes on the test table.</param>
public sealed record DataNotes(string Task, bool TaskDecided, ImmutableArray<string> Reader, int Dropped, int TestDropped,
    EncodeReport Train, EncodeReport? Valid, EncodeReport? Test, ImmutableArray<string> TestReader)
{
    /// <summary>Nothing to say (a plan made without data notes).</summary>
    public static DataNotes None { get; } = new("", false, [], 0, 0, EncodeReport.None, null, null, []);

    /// <summary>One line each, in order: the reader's notes, dropped rows, filled cells, unseen categories, ignored columns. Not the task.</summary>
    public ImmutableArray<string> Lines
    {
        get
        {
            var lines = ImmutableArray.CreateBuilder<string>();
            lines.AddRange(Reader);
            lines.AddRange(TestReader.Select(n => $"test: {n}"));
            if (Dropped > 0) lines.Add($"{Rows(Dropped)} dropped: the target is missing");
            if (TestDropped > 0) lines.Add($"test: {Rows(TestDropped)} dropped: the target is missing");
            var splits = new[] { ("training", Train), ("validation", Valid), ("test", Test) }.Where(s => s.Item2 is not null).ToArray();
            if (Counts(splits, r => r.Imputed) is { Length: > 0 } filled) lines.Add($"missing cells filled: {filled}");
            if (Counts(splits, r => r.Unseen) is { Length: > 0 } unseen)
                lines.Add($"rows with a category the training rows never had (encoded as zeros): {unseen}");
            if (Test is { Ignored.Length: > 0 } t) lines.Add($"test: columns ignored (not inputs of the model): {Echo.List(t.Ignored)}");
            return lines.ToImmutable();
        }
    }

    /// <summary>
    /// The notes on rows a saved model read (to predict or score): the reader's, rows dropped for a
    /// missing target, columns ignored, cells filled, categories it never saw.
    /// </summary>
    public static ImmutableArray<string> OfRows(ImmutableArray<string> reader, int dropped, EncodeReport report)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        lines.AddRange(reader);
        if (dropped > 0) lines.Add($"{Rows(dropped)} dropped: the target is missing");
        if (report.Ignored.Length > 0) lines.Add($"columns ignored (not inputs of the model): {Echo.List(report.Ignored)}");
        if (report.Imputed.Length > 0) lines.Add($"missing cells filled: {Counts(report.Imputed)}");
        if (report.Unseen.Length > 0)
            lines.Add($"rows with a category the training rows never had (encoded as zeros; --unknown error refuses them): {Counts(report.Unseen)}");
        return lines.ToImmutable();
    }

    private static string Rows(int n) => n == 1 ? "1 row" : $"{n:N0} rows";

    private static string Counts(ImmutableArray<(string Column, int Count)> counts) =>
        string.Join(", ", counts.Select(c => $"{Echo.Name(c.Column)} {c.Count:N0}"));

    // "training: age 12, colour 3; test: age 4", or "" when every count is zero.
    private static string Counts((string Split, EncodeReport? Report)[] splits,
        Func<EncodeReport, ImmutableArray<(string Column, int Count)>> counts) =>
        string.Join("; ", splits
            .Where(s => counts(s.Report!).Length > 0)
            .Select(s => $"{s.Split}: {Counts(counts(s.Report!))}"));
}
