using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;
using Spectre.Console;

namespace Mlp.Cli;

/// <summary>What <c>mlp evaluate</c> was asked to do, checked.</summary>
public sealed record EvaluateOptions(string Model, DataSource Data, ImmutableArray<string> Target);

/// <summary>
/// <c>mlp evaluate --model MODEL.json --data name|FILE.csv [--target COLUMN]</c>: scores a saved
/// model on labelled rows (a built-in set's test split when it ships one). Classification:
/// accuracy, per-class precision, recall and F1 with their macro averages, and the confusion
/// matrix. Regression: MSE, MAE and R² per output and overall (see <see cref="Metrics"/>).
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
    public static Command Create(Terminal terminal)
    {
        var command = new Command("evaluate", "score a saved model on labelled data");
        foreach (var (name, value, help) in Valued)
            command.Add(new System.CommandLine.Option<string>(name) { HelpName = value, Description = help });
        command.SetAction(parse => Validate(name => parse.GetValue<string>(name)).Match(
            Succ: options => Run(options, terminal),
            Fail: errors => Cli.UsageErrors(terminal, errors.Select(e => e.Message), "mlp evaluate")));
        return command;
    }

    /// <summary>Checks every option.</summary>
    public static Validation<Error, EvaluateOptions> Validate(Func<string, string?> text)
    {
        var c = new Checks();
        var model = c.Take(PredictCommand.ModelOption(text("--model")), "");
        var data = c.Take(Flag.Required("--data", text("--data"), "a CSV file or a built-in name",
            v => TrainValidation.Data("--data", v)), new DataSource.BuiltIn(""));
        var target = text("--target") is { } t ? c.Take(Flag.Names("--target", t), default) : default;
        return c.Build(() => new EvaluateOptions(model, data, target));
    }

    /// <summary>Loads the model and data and prints the scores; 0, or 2 for bad input.</summary>
    public static int Run(EvaluateOptions o, Terminal terminal)
    {
        var loaded =
            from model in ModelFile.Load<float>(o.Model)
            from rows in ModelData.Labelled(model, o.Data.NameOrPath, o.Target)
            select (model, rows);
        if (loaded.IsFail) return Cli.UsageErrors(terminal, [((Error)loaded).Message], "mlp evaluate");
        var (m, raw) = ((TrainedModel<float>, Dataset<float>))loaded;
        var data = raw with { Features = ModelData.Scale(m, raw.Features) };
        var y = Network.Predict(m.Network, data.Features);
        var loss = LossFunctions.Value(m.Loss, y, data.Targets);
        terminal.Out.WriteLine($"evaluating {m.Network} from {o.Model} on {data.Name}: {data.Rows} rows, " +
            $"loss ({m.Loss.Name()}) {((double)loss).ToString("0.0000", Inv)}");
        if (data.IsClassification) Classification(terminal, data, y);
        else Regression(terminal, data, y);
        return Cli.Ok;
    }

    private static void Classification(Terminal terminal, Dataset<float> data, Tensors.Matrix<float> y)
    {
        var s = Metrics.Classification(data.Labels, OneHot.Decode(y), data.Classes);
        terminal.Out.WriteLine($"accuracy {F(s.Accuracy)} ({s.Correct} of {s.Rows} rows)");
        var table = new Table().Title("per class").AddColumns("class", "precision", "recall", "F1", "support");
        for (var i = 1; i < 5; i++) table.Columns[i].RightAligned();
        foreach (var c in s.PerClass)
            Report.AddTextRow(table, c.Class, F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(Inv));
        Report.AddTextRow(table, "macro average", F(s.MacroPrecision), F(s.MacroRecall), F(s.MacroF1), s.Rows.ToString(Inv));
        terminal.Console.Write(table);
        Report.Confusion(terminal, data.Classes, s.Confusion);
    }

    private static void Regression(Terminal terminal, Dataset<float> data, Tensors.Matrix<float> y)
    {
        var (per, overall) = Metrics.Regression(y, data.Targets, data.TargetNames);
        var table = new Table().Title("regression").AddColumns("output", "MSE", "MAE", "R²");
        for (var i = 1; i < 4; i++) table.Columns[i].RightAligned();
        foreach (var r in per.Length > 1 ? [.. per, overall] : per)
            Report.AddTextRow(table, r.Output, G(r.Mse), G(r.Mae), double.IsNaN(r.R2) ? "–" : r.R2.ToString("0.0000", Inv));
        terminal.Console.Write(table);
        terminal.Out.WriteLine("MSE = mean (y − t)² (no ½, unlike the mse loss), MAE = mean |y − t|, R² = 1 − Σ(y − t)²/Σ(t − mean t)²" +
            (per.Length > 1 ? "; overall: MSE and MAE over every value, R² the mean over outputs" : "") +
            (per.Any(r => double.IsNaN(r.R2)) ? "; – : the target is constant, R² is undefined" : ""));
    }

    private static string F(double v) => v.ToString("0.000", Inv);
    private static string G(double v) => v.ToString("G6", Inv);
}
