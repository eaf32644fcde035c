using System.CommandLine;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Pipeline;
using Mlp.Tensors;

namespace Mlp.Cli;

/// <summary>What <c>mlp predict</c> was asked to do, checked: the model file and data exist, the output directory takes files.</summary>
public sealed record PredictOptions(string Model, DataSource Data, bool Proba, string? Out);

/// <summary>
/// <c>mlp predict --model MODEL.json --data FILE.csv [--proba] [--out FILE.csv]</c>: the model's
/// answers for every row, as CSV. The model reads the rows itself (its feature columns by name,
/// its preprocessing; see <see cref="TrainedModel{T}"/>). Columns written:
/// <list type="bullet">
/// <item>without <c>--proba</c>: <c>prediction</c>, the class name or, for regression, the
/// value (<c>out0, out1, …</c> for several outputs);</item>
/// <item>with <c>--proba</c>: one column per class named by the model's classes (a single
/// sigmoid unit gives two, <c>1 − p</c> and <c>p</c>), or the outputs of a regression model.</item>
/// </list>
/// Numbers are written in their shortest round-trip form, so they read back to the same float.
/// </summary>
public static class PredictCommand
{
    private static readonly (string Name, string Value, string Help)[] Valued =
    [
        ("--model", "MODEL.json", "the model file (mlp/1) to predict with [required]"),
        ("--data", "FILE.csv", "rows to predict: a CSV with the model's feature columns, or a built-in name [required]"),
        ("--out", "FILE.csv", "write the predictions here [default: standard output]"),
    ];

    /// <summary>The <c>predict</c> command.</summary>
    public static Command Create(Terminal terminal) =>
        Cli.Command(terminal, "predict", "predict with a saved model: a CSV of labels, values or probabilities", Valued,
            [("--proba", "one column per class with its probability (regression: every output)")],
            (text, isSet) => Validate(text, isSet("--proba")), options => Run(options, terminal));

    /// <summary>Checks every option; <paramref name="text"/> gives an option's raw value (<c>null</c> when absent).</summary>
    public static Validation<Error, PredictOptions> Validate(Func<string, string?> text, bool proba)
    {
        var c = new Checks();
        var model = c.Take(ModelOption(text("--model")), "");
        var data = c.Take(Flag.Required("--data", text("--data"), "a CSV file or a built-in name", v => Flag.Data("--data", v)),
            new DataSource.BuiltIn(""));
        var output = text("--out") is { } o ? c.Take(Flag.OutputPath("--out", o).Map(p => (string?)p), null) : null;
        return c.Build(() => new PredictOptions(model, data, proba, output));
    }

    /// <summary>The required <c>--model</c> option of predict and evaluate: a file that exists.</summary>
    public static Validation<Error, string> ModelOption(string? text) =>
        Flag.Required("--model", text, "a model file (mlp/1 JSON)", v => Flag.ExistingFile("--model", v, "a model file (mlp/1 JSON)"));

    /// <summary>Loads the model and the rows, predicts, and writes the CSV; 0, or 2 for bad input (nothing written).</summary>
    public static int Run(PredictOptions o, Terminal terminal)
    {
        var loaded =
            from model in ModelFile.Load<float>(o.Model)
            from rows in DataSources.LoadHeldOut<float>(o.Data.NameOrPath, model.InputOptions())
            from x in model.RawInputs(rows)
            select (model, x);
        if (loaded.IsFail) return Cli.UsageErrors(terminal, [((Error)loaded).Message], "mlp predict");
        var (m, raw) = ((TrainedModel<float>, Matrix<float>))loaded;
        var csv = Table(m, raw, o.Proba);
        if (o.Out is null)
        {
            terminal.Out.Write(csv);
            return Cli.Ok;
        }
        var written = Files.WriteAtomically(o.Out, Encoding.UTF8.GetBytes(csv));
        if (written.IsFail)
        {
            terminal.Problem($"predict: {((Error)written).Message}");
            return Cli.Failure;
        }
        terminal.Out.WriteLine($"{raw.Rows} prediction(s) written to {o.Out}");
        return Cli.Ok;
    }

    /// <summary>The prediction CSV of <paramref name="model"/> on the raw rows <paramref name="x"/> (see the class summary for the columns).</summary>
    public static string Table(TrainedModel<float> model, Matrix<float> x, bool proba)
    {
        var classify = model.Task == TaskKind.Classification;
        if (classify && !proba)
            return Lines(["prediction"], model.Classify(x).Select(k => new[] { Csv.Field(model.ClassNames[k]) }));
        var y = classify ? model.Probabilities(x) : model.Predict(x);
        string[] header = classify ? [.. model.ClassNames.Select(Csv.Field)]
            : y.Cols == 1 && !proba ? ["prediction"] : [.. Enumerable.Range(0, y.Cols).Select(k => $"out{k}")];
        return Lines(header, Enumerable.Range(0, y.Rows).Select(i => y.Row(i).ToArray().Select(Csv.Format)));
    }

    private static string Lines(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        var sb = new StringBuilder();
        foreach (var line in rows.Prepend(header)) sb.AppendJoin(',', line).Append('\n');
        return sb.ToString();
    }
}
