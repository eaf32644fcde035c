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
public sealed record EvaluateOptions(string Model, DataSource Data, ImmutableArray<string> Target);

/// <summary>
/// <c>mlp evaluate --model MODEL.json --data name|FILE.csv [--target COLUMN]</c>: scores a saved
/// model on labelled rows (a built-in set's test split when it ships one) with
/// <see cref="TrainedModel{T}.Evaluate"/>, and prints the scores. Classification: accuracy,
/// per-class precision, recall and F1 with their macro averages, and the confusion matrix.
/// Regression: MSE, RMSE, MAE and R² per output and overall.
/// </summary>
public static class EvaluateCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (string Name, string Value, string Help)[] Valued =
    [
        ("--model", "MODEL.json", "the model file (mlp/1) to score [required]"),
        ("--data", "xor|iris|digits|fashion-mnist|FILE.csv", "labelled rows; fashion-mnist means its test set [required]"),
        ("--target", "COLUMN[,COLUMN…]", "target column(s) of a CSV [default: the last column]"),
    ];

    /// <summary>The <c>evaluate</c> command.</summary>
    public static Command Create(Terminal terminal) =>
        Cli.Command(terminal, "evaluate", "score a saved model on labelled data", Valued, [],
            (text, _) => Validate(text), options => Run(options, terminal));

    /// <summary>Checks every option.</summary>
    public static Validation<Error, EvaluateOptions> Validate(Func<string, string?> text)
    {
        var c = new Checks();
        var model = c.Take(PredictCommand.ModelOption(text("--model")), "");
        var data = c.Take(Flag.Required("--data", text("--data"), "a CSV file or a built-in name",
            v => Flag.Data("--data", v)), new DataSource.BuiltIn(""));
        var target = text("--target") is { } t ? c.Take(Flag.Names("--target", t), default) : default;
        return c.Build(() => new EvaluateOptions(model, data, target));
    }

    /// <summary>Loads the model and data and prints the scores; 0, or 2 for bad input.</summary>
    public static int Run(EvaluateOptions o, Terminal terminal)
    {
        var loaded =
            from model in ModelFile.Load<float>(o.Model)
            from _ in TargetsNamed(model, o)
            from rows in DataSources.LoadHeldOut<float>(o.Data.NameOrPath, model.LabelledOptions(o.Target))
            from scores in model.Evaluate(rows)
            select (model, rows.Name, scores);
        if (loaded.IsFail) return Cli.UsageErrors(terminal, [((Error)loaded).Message], "mlp evaluate");
        var (m, name, e) = ((TrainedModel<float>, string, Evaluation))loaded;
        terminal.Out.WriteLine($"evaluating {m.Network} from {o.Model} on {name}: {e.Rows} rows, " +
            $"loss ({m.Loss.Name()}) {e.Loss.ToString("0.0000", Inv)}");
        if (e.Classification is { } classes) Classification(terminal, classes, m.ClassNames);
        if (e.Regression is { } values) Regression(terminal, values);
        return Cli.Ok;
    }

    // A file scored by a model of several outputs must name its target columns.
    private static Fin<Unit> TargetsNamed(TrainedModel<float> model, EvaluateOptions o) =>
        model.Task == TaskKind.Regression && o.Target.IsDefaultOrEmpty && model.Network.Outputs > 1 && o.Data is DataSource.DataFile
            ? Error.New($"the model has {model.Network.Outputs} outputs; name the {model.Network.Outputs} target columns of " +
                $"{o.Data.NameOrPath} with --target a,b,…")
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

    private static void Regression(Terminal terminal, RegressionScores scores)
    {
        var table = new Table().Title("regression").AddColumns("output", "MSE", "RMSE", "MAE", "R²");
        for (var i = 1; i < 5; i++) table.Columns[i].RightAligned();
        var several = scores.PerOutput.Length > 1;
        foreach (var r in several ? [.. scores.PerOutput, scores.Overall] : scores.PerOutput)
            Report.AddTextRow(table, r.Output, G(r.Mse), G(r.Rmse), G(r.Mae), double.IsNaN(r.R2) ? "–" : r.R2.ToString("0.0000", Inv));
        terminal.Console.Write(table);
        terminal.Out.WriteLine("MSE = mean (y − t)² (no ½, unlike the mse loss), RMSE = √MSE, MAE = mean |y − t|, " +
            "R² = 1 − Σ(y − t)²/Σ(t − mean t)²" +
            (several ? "; overall: MSE and MAE over every value, R² the mean over outputs" : "") +
            (scores.PerOutput.Any(r => double.IsNaN(r.R2)) ? "; – : the target is constant, R² is undefined" : ""));
    }

    private static string F(double v) => v.ToString("0.000", Inv);
    private static string G(double v) => v.ToString("G6", Inv);
}
