using System.Collections.Immutable;
using System.Globalization;
using Mlp.Pipeline;
using Spectre.Console;

namespace Mlp.Cli;

/// <summary>What a training run ends with: the scores per split, how long it took, where the model went.</summary>
/// <param name="Scores">Train, validation and test scores, those that exist.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Epochs">Epochs completed.</param>
/// <param name="ModelPath">Where the model was written, or <c>null</c> when no <c>--out</c> was given.</param>
/// <param name="Note">One line worth knowing (stopped early, stopped by Ctrl-C), or <c>null</c>.</param>
public sealed record RunResult(ImmutableArray<SplitScore> Scores, TimeSpan Elapsed, int Epochs, string? ModelPath, string? Note);

/// <summary>The tables printed at the end of a run: results per split, and the confusion matrix.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Prints a table of loss and accuracy per split, then time, epochs and the model's path.</summary>
    public static void Results(Terminal terminal, RunResult r)
    {
        var table = new Table().Title("results").AddColumns("split", "loss", "accuracy");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        foreach (var s in r.Scores)
            AddTextRow(table, s.Split, s.Scores.Loss.ToString("0.0000", Inv),
                s.Scores.Classification is { } c ? c.Accuracy.ToString("0.000", Inv) : "–");
        terminal.Console.Write(table);
        terminal.Out.WriteLine($"time {Progress.Time(r.Elapsed)}, {r.Epochs} epoch(s)");
        terminal.Out.WriteLine(r.ModelPath is null ? "model not saved (use --out MODEL.json)" : $"model written to {r.ModelPath}");
        if (r.Note is not null) terminal.Out.WriteLine(r.Note);
    }

    /// <summary>Prints the confusion matrix: one row per actual class, one column per predicted class.</summary>
    public static void Confusion(Terminal terminal, IReadOnlyList<string> classes, ConfusionMatrix counts, string title = "confusion matrix")
    {
        var k = classes.Count;
        if (counts.Classes != k) throw new ArgumentException($"{k} classes need a {k}×{k} matrix, got {counts.Classes}×{counts.Classes}");
        var table = new Table().Title(title).AddColumn(new TableColumn(new Text("actual \\ predicted")));
        foreach (var name in classes) table.AddColumn(new TableColumn(new Text(name)).RightAligned());
        for (var i = 0; i < k; i++)
        {
            var cells = new List<Text> { new(classes[i]) };
            for (var j = 0; j < k; j++)
                cells.Add(new Text(counts[i, j].ToString(Inv), i == j ? new Style(Color.Green, decoration: Decoration.Bold) : Style.Plain));
            table.AddRow(cells);
        }
        terminal.Console.Write(table);
    }

    /// <summary>Adds a row of plain text (no markup: <c>weight[0,1]</c> is not a style tag).</summary>
    public static void AddTextRow(Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(c)));
}
