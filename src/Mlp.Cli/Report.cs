using System.Collections.Immutable;
using System.Globalization;
using Mlp.Pipeline;
using Spectre.Console;

namespace Mlp.Cli;

/// <summary>What a training run ends with: the scores per split, how long it took, where the model went.</summary>
/// <param name="Scores">Train, validation and test scores, those that exist.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Epochs">Epochs completed.</param>
/// <param name="ModelPath">Where the model was written (after the file is there), or <c>null</c> when it was not.</param>
/// <param name="Note">One line worth knowing (stopped early, stopped by Ctrl-C), or <c>null</c>.</param>
public sealed record RunResult(ImmutableArray<SplitScore> Scores, TimeSpan Elapsed, int Epochs, string? ModelPath, string? Note)
{
    /// <summary>The line to print in place of the model's path when <c>--out</c> was given but the model could not be written.</summary>
    public string? NotSaved { get; init; }
}

/// <summary>
/// The tables printed at the end of a run: results per split, then a closer look at the split a
/// model is judged by (the confusion matrix; with many classes, per-class F1 and the most frequent
/// confusions; for several regression outputs, the scores of each).
/// </summary>
public static class Report
{
    /// <summary>The most classes a confusion matrix is drawn for: beyond it, a person cannot read one.</summary>
    public const int MatrixClasses = 20;

    /// <summary>How many of the most frequent confusions are listed in place of the matrix.</summary>
    public const int Confusions = 10;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Prints a table of loss and accuracy (classification) or RMSE, MAE and R² over all outputs
    /// (regression) per split, then time, epochs and the model's path.
    /// </summary>
    public static void Results(Terminal terminal, RunResult r)
    {
        var accuracy = r.Scores.Any(s => s.Scores.Classification is not null);
        var regression = r.Scores.Any(s => s.Scores.Regression is not null);
        var table = new Table().Title("results").AddColumns("split", "loss");
        if (accuracy || !regression) table.AddColumn("accuracy");
        if (regression) table.AddColumns("RMSE", "MAE", "R²");
        for (var i = 1; i < table.Columns.Count; i++) table.Columns[i].RightAligned();
        foreach (var s in r.Scores)
        {
            var cells = new List<string> { s.Split, s.Scores.Loss.ToString("0.0000", Inv) };
            if (accuracy || !regression) cells.Add(s.Scores.Classification is { } c ? c.Accuracy.ToString("0.000", Inv) : "–");
            if (regression)
                cells.AddRange(s.Scores.Regression?.Overall is { } o ? [G(o.Rmse), G(o.Mae), R2(o.R2)] : ["–", "–", "–"]);
            AddTextRow(table, [.. cells]);
        }
        terminal.Console.Write(table);
        if (regression) terminal.Out.WriteLine(RegressionLegend(r.Scores.Select(s => s.Scores.Regression).OfType<RegressionScores>()));
        terminal.Out.WriteLine($"time {Progress.Time(r.Elapsed)}, {r.Epochs} epoch(s)");
        terminal.Out.WriteLine(r.ModelPath is not null ? $"model written to {r.ModelPath}" : r.NotSaved ?? "model not saved (use --out MODEL.json)");
        if (r.Note is not null) terminal.Out.WriteLine(r.Note);
    }

    /// <summary>
    /// A closer look at one split's scores: for classification the confusion matrix, or with more
    /// than <see cref="MatrixClasses"/> classes each class's F1 and the most frequent confusions;
    /// for regression of several outputs, each output's scores (one output: the results say it all).
    /// </summary>
    public static void Details(Terminal terminal, SplitScore judged, IReadOnlyList<string> classes)
    {
        var rows = RowsOf(judged.Split);
        if (judged.Scores.Classification is { } c)
        {
            if (classes.Count > MatrixClasses) PerClassF1(terminal, c, rows);
            Confusion(terminal, classes, c.Confusion, rows);
        }
        else if (judged.Scores.Regression is { PerOutput.Length: > 1 } values)
            Regression(terminal, values, rows);
    }

    /// <summary>
    /// Prints the confusion matrix (one row per actual class, one column per predicted class), or,
    /// beyond <see cref="MatrixClasses"/> classes, the <see cref="Confusions"/> most frequent
    /// confusions. <paramref name="rows"/> names the rows scored (<c>test rows</c>), if known.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not <c>classes × classes</c>.</exception>
    public static void Confusion(Terminal terminal, IReadOnlyList<string> classes, ConfusionMatrix counts, string? rows = null)
    {
        var k = classes.Count;
        if (counts.Classes != k) throw new ArgumentException($"{k} classes need a {k}×{k} matrix, got {counts.Classes}×{counts.Classes}");
        var of = rows is null ? "" : $" ({rows})";
        if (k > MatrixClasses)
        {
            MostFrequent(terminal, classes, counts, of);
            return;
        }
        var table = new Table().Title($"confusion matrix{of}").AddColumn(new TableColumn(new Text("actual \\ predicted")));
        foreach (var name in classes) table.AddColumn(new TableColumn(new Text(Data.Echo.Name(name))).RightAligned());
        for (var i = 0; i < k; i++)
        {
            var cells = new List<Text> { new(Data.Echo.Name(classes[i])) };
            for (var j = 0; j < k; j++)
                cells.Add(new Text(counts[i, j].ToString(Inv), i == j ? new Style(Color.Green, decoration: Decoration.Bold) : Style.Plain));
            table.AddRow(cells);
        }
        terminal.Console.Write(table);
    }

    /// <summary>Prints regression scores per output and overall, with what each means.</summary>
    public static void Regression(Terminal terminal, RegressionScores scores, string? rows = null)
    {
        var table = new Table().Title($"regression by output{(rows is null ? "" : $" ({rows})")}")
            .AddColumns("output", "MSE", "RMSE", "MAE", "R²");
        for (var i = 1; i < 5; i++) table.Columns[i].RightAligned();
        foreach (var r in scores.PerOutput.Length > 1 ? [.. scores.PerOutput, scores.Overall] : scores.PerOutput)
            AddTextRow(table, r.Output, G(r.Mse), G(r.Rmse), G(r.Mae), R2(r.R2));
        terminal.Console.Write(table);
    }

    /// <summary>Adds a row of plain text (no markup: <c>weight[0,1]</c> is not a style tag).</summary>
    /// <remarks>Cells may hold a file's names (classes, columns): shown through <see cref="Data.Echo.Name"/>.</remarks>
    public static void AddTextRow(Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(Data.Echo.Name(c))));

    // Every class's F1, packed side by side to the terminal's width: 2,000 classes make ~170 lines, not 2,000.
    private static void PerClassF1(Terminal terminal, ClassificationScores s, string rows)
    {
        const int longest = 16; // longer names are cut, so one odd name does not widen every cell
        var nameWidth = Math.Min(longest, s.PerClass.Max(c => c.Class.Length));
        var cells = s.PerClass.Select(c =>
            (c.Class.Length > nameWidth ? c.Class[..(nameWidth - 1)] + "…" : c.Class).PadRight(nameWidth) + " " + F(c.F1)).ToList();
        var perLine = Math.Max(1, (terminal.Console.Profile.Width + 2) / (cells[0].Length + 2));
        terminal.Out.WriteLine($"F1 per class ({rows}; macro average {F(s.MacroF1)}, accuracy {F(s.Accuracy)}):");
        for (var i = 0; i < cells.Count; i += perLine)
            terminal.Out.WriteLine(string.Join("  ", cells.Skip(i).Take(perLine)));
    }

    private static void MostFrequent(Terminal terminal, IReadOnlyList<string> classes, ConfusionMatrix counts, string of)
    {
        var pairs = counts.MostFrequent(Confusions);
        if (pairs.IsEmpty)
        {
            terminal.Out.WriteLine($"no confusions{of}: every row is predicted as its own class");
            return;
        }
        var table = new Table().Title($"{pairs.Length} most frequent confusions{of}").AddColumns("actual", "predicted as", "rows");
        table.Columns[2].RightAligned();
        foreach (var p in pairs) AddTextRow(table, classes[p.Actual], classes[p.Predicted], p.Count.ToString(Inv));
        terminal.Console.Write(table);
    }

    /// <summary>What RMSE, MAE and R² mean, and the notes the scores need (several outputs, a constant target).</summary>
    public static string RegressionLegend(IEnumerable<RegressionScores> scores) =>
        "RMSE = √(mean (y − t)²), MAE = mean |y − t|, in the target's units; R² = 1 − Σ(y − t)²/Σ(t − mean t)²" +
        (scores.Any(s => s.PerOutput.Length > 1) ? "; over all outputs: RMSE and MAE of every value, R² the mean over outputs" : "") +
        (scores.Any(s => double.IsNaN(s.Overall.R2)) ? "; – : the target is constant, R² is undefined" : "");

    private static string RowsOf(string split) => split == "train" ? "training rows" : $"{split} rows";

    private static string F(double v) => v.ToString("0.000", Inv);
    private static string G(double v) => v.ToString("G6", Inv);
    private static string R2(double v) => double.IsNaN(v) ? "–" : v.ToString("0.0000", Inv);
}
