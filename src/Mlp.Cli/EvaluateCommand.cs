using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Pipeline;
using Spectre.Console;

namespace Mlp.Cli;

/// <summary>What <c>mlp evaluate</c> was asked to do, checked.</summary>
public sealed record EvaluateOptions(string Model, DataSource Data, ImmutableArray<string> Target)
{
    /// <summary>How to read the rows (separator, numbers, encoding, header, missing words, columns).</summary>
    public CsvOptions Reading { get; init; } = CsvOptions.Default;

    /// <summary>A category unseen in training is an error (exit 2) instead of zeros.</summary>
    public bool UnknownIsError { get; init; }

    /// <summary>Which rows of a built-in data set: its test split (the default), the rest, or all.</summary>
    public SplitChoice Split { get; init; } = SplitChoice.Test;
}

/// <summary>
/// <c>mlp evaluate --model MODEL.json --data name|FILE.csv [--target COLUMN]</c>: scores a saved
/// model on labelled rows (a built-in set's test split unless <c>--split</c> says otherwise; a
/// file's targets found by the names the model keeps) with
/// <see cref="TrainedModel{T}.Evaluate"/>, and prints the scores. Classification: accuracy,
/// per-class precision, recall and F1 with their macro averages, and the confusion matrix.
/// Regression: MSE, RMSE, MAE and R² per output and overall.
/// </summary>
public static class EvaluateCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (string Name, string Value, string Help)[] Valued =
    [
        ("--model", "MODEL.json", "the model file (mlp/2, or mlp/1) to score [required]"),
        ("--data", "xor|iris|digits|fashion-mnist|FILE.csv", "labelled rows; fashion-mnist means its test set [required]"),
        ("--target", "COLUMN[,COLUMN…]", "target column(s), by name or 0-based position [default: the model's target names; else the last column]"),
        ("--split", "test|train|all", "a built-in data set's rows to score: its fixed test split, the training rows, or all [default: test]"),
        ("--unknown", "zeros|error", "a category unseen in training: zeros (counted) or error [default: zeros]"),
    ];

    /// <summary>The <c>evaluate</c> command.</summary>
    public static Command Create(Terminal terminal) =>
        Cli.Command(terminal, "evaluate", "score a saved model on labelled data", Valued.Concat(ReadFlags.Valued), ReadFlags.Switches,
            Validate, options => Run(options, terminal));

    /// <summary>Checks every option.</summary>
    public static Validation<Error, EvaluateOptions> Validate(Func<string, string?> text, Func<string, bool> isSet)
    {
        var c = new Checks();
        var model = c.Take(PredictCommand.ModelOption(text("--model")), "");
        var data = c.Take(Flag.Required("--data", text("--data"), "a CSV file or a built-in name",
            v => Flag.Data("--data", v)), new DataSource.BuiltIn(""));
        var target = text("--target") is { } t ? c.Take(Flag.Names("--target", t), default) : default;
        var split = text("--split") is { } sp ? c.Take(Flag.OneOf("--split", "split", sp, Choices.Splits), SplitChoice.Test) : SplitChoice.Test;
        if (text("--split") is not null && data is DataSource.DataFile)
            c.Add("--split", "chooses among a built-in data set's rows; a file is scored whole");
        var unknown = text("--unknown") is { } u && c.Take(Flag.OneOf("--unknown", "choice", u, Choices.Unknown), false);
        var reading = ReadFlags.Read(c, text, isSet, CsvOptions.Default);
        return c.Build(() => new EvaluateOptions(model, data, target) { Reading = reading, UnknownIsError = unknown, Split = split });
    }

    /// <summary>Loads the model and data and prints the scores; 0, 2 for bad input, or 1 when the model's output for a row is not finite.</summary>
    public static int Run(EvaluateOptions o, Terminal terminal)
    {
        var loaded =
            from model in ModelFile.Load<float>(o.Model)
            from _ in TargetsNamed(model, o)
            from rows in Tables.Rows<float>(o.Data.NameOrPath, model.LabelledOptions(o.Target, o.Reading), o.Split)
            from scores in model.Evaluate(rows.Rows, o.UnknownIsError)
            select (model, rows, scores);
        if (loaded.IsFail) return Cli.UsageErrors(terminal, [((Error)loaded).Message], "mlp evaluate");
        var (m, (table, which), scored) = ((TrainedModel<float>, (Table<float>, string?), TableEvaluation))loaded;
        var e = scored.Scores;
        // A non-finite output always makes the loss non-finite (softmax spreads a NaN over its row;
        // the other losses see every output), so only then are the rows predicted again, to name one.
        if (!double.IsFinite(e.Loss) && NonFinite(m, table, o) is { } overflow)
        {
            terminal.Problem($"evaluate: {overflow}");
            return Cli.Failure;
        }
        terminal.Out.WriteLine($"evaluating {m.Network} from {o.Model} on {table.Name}: {e.Rows} rows, " +
            $"loss ({m.Loss.Name()}) {e.Loss.ToString("0.0000", Inv)}");
        if (which is not null) terminal.Out.WriteLine($"note: {which}");
        foreach (var note in DataNotes.OfRows(table.Notes, scored.Dropped, scored.Report)) terminal.Out.WriteLine($"note: {Echo.Escape(note)}");
        if (e.Classification is { } classes) Classification(terminal, classes, m.ClassNames);
        if (e.Regression is { } values)
        {
            Report.Regression(terminal, values);
            terminal.Out.WriteLine(Report.RegressionLegend([values]));
        }
        return Cli.Ok;
    }

    private static string? NonFinite(TrainedModel<float> model, Table<float> table, EvaluateOptions o)
    {
        var again = model.Predict(table, o.UnknownIsError);
        return again.IsSucc ? PredictCommand.NonFinite(table, ((Prediction<float>)again).Outputs) : null;
    }

    // A file scored by a model of several outputs must name its target columns, unless the model knows them.
    private static Fin<Unit> TargetsNamed(TrainedModel<float> model, EvaluateOptions o) =>
        model.Task == TaskKind.Regression && o.Target.IsDefaultOrEmpty && model.Targets is null && model.Network.Outputs > 1
            && o.Data is DataSource.DataFile
            ? Error.New($"the model has {model.Network.Outputs} outputs and does not know its targets' names; name the " +
                $"{model.Network.Outputs} target columns of {o.Data.NameOrPath} with --target a,b,…")
            : Unit.Default;

    private static void Classification(Terminal terminal, ClassificationScores s, IReadOnlyList<string> classes)
    {
        terminal.Out.WriteLine($"accuracy {F(s.Accuracy)} ({s.Correct} of {s.Rows} rows)");
        var table = new Table().Title("per class").AddColumns("class", "precision", "recall", "F1", "support");
        for (var i = 1; i < 5; i++) table.Columns[i].RightAligned();
        foreach (var c in s.PerClass)
            Report.AddTextRow(table, c.Class, F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(Inv));
        Report.AddTextRow(table, "macro average", F(s.MacroPrecision), F(s.MacroRecall), F(s.MacroF1), s.Rows.ToString(Inv));
        terminal.Console.Write(table);
        Report.Confusion(terminal, classes, s.Confusion);
    }

    private static string F(double v) => v.ToString("0.000", Inv);
}
