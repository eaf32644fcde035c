using System.CommandLine;
using System.Globalization;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Pipeline;
using Mlp.Tensors;

namespace Mlp.Cli;

/// <summary>
/// What <c>mlp predict</c> was asked to do, checked: the model file and data exist, the output can
/// be written (<see cref="Flag.OutputPath"/>); <see cref="Out"/> is null for standard output (no <c>--out</c>, or <c>--out -</c>).
/// </summary>
public sealed record PredictOptions(string Model, DataSource Data, bool Proba, string? Out)
{
    /// <summary>How to read the rows (separator, numbers, encoding, header, missing words, columns).</summary>
    public CsvOptions Reading { get; init; } = CsvOptions.Default;

    /// <summary>A category unseen in training is an error (exit 2) instead of zeros.</summary>
    public bool UnknownIsError { get; init; }
}

/// <summary>
/// <c>mlp predict --model MODEL.json --data FILE.csv [--proba] [--out FILE.csv]</c>: the model's
/// answers for every row, as CSV. The model reads the rows itself (its input columns by name, in
/// any order, others ignored with a note; its preprocessing; see <see cref="TrainedModel{T}"/>).
/// Columns written, named after the model's targets (<c>prediction</c>, <c>out0, out1, …</c>
/// when it does not know them):
/// <list type="bullet">
/// <item>without <c>--proba</c>: the class name, or for regression one column per target;</item>
/// <item>with <c>--proba</c>: one column per class named by the model's classes (a single
/// sigmoid unit gives two, <c>1 − p</c> and <c>p</c>), or the outputs of a regression model.</item>
/// </list>
/// Notes (ignored columns, filled cells, unseen categories) go to standard error, so standard
/// output stays a CSV. Numbers are written in their shortest round-trip form, so they read back
/// to the same float.
/// </summary>
public static class PredictCommand
{
    private static readonly (string Name, string Value, string Help)[] Valued =
    [
        ("--model", "MODEL.json", "the model file (mlp/2, or mlp/1) to predict with [required]"),
        ("--data", "FILE.csv", "rows to predict: a CSV with the model's feature columns, or a built-in name [required]"),
        ("--out", "FILE.csv", "write the predictions here; - for standard output [default: standard output]"),
        ("--unknown", "zeros|error", "a category unseen in training: zeros (counted) or error [default: zeros]"),
    ];

    /// <summary>The <c>predict</c> command.</summary>
    public static Command Create(Terminal terminal) =>
        Cli.Command(terminal, "predict", "predict with a saved model: a CSV of labels, values or probabilities",
            Valued.Concat(ReadFlags.Valued),
            [("--proba", "one column per class with its probability (regression: every output)"), .. ReadFlags.Switches],
            Validate, options => Run(options, terminal));

    /// <summary>Checks every option; <paramref name="text"/> gives an option's raw value (<c>null</c> when absent), <paramref name="isSet"/> a switch.</summary>
    public static Validation<Error, PredictOptions> Validate(Func<string, string?> text, Func<string, bool> isSet)
    {
        var c = new Checks();
        var model = c.Take(ModelOption(text("--model")), "");
        var data = c.Take(Flag.Required("--data", text("--data"), "a CSV file or a built-in name", v => Flag.Data("--data", v)),
            new DataSource.BuiltIn(""));
        // "-" is standard output, as for most tools that write files
        var output = text("--out") is { } o and not "-" ? c.Take(Flag.OutputPath("--out", o).Map(p => (string?)p), null) : null;
        var unknown = text("--unknown") is { } u && c.Take(Flag.OneOf("--unknown", "choice", u, Choices.Unknown), false);
        var reading = ReadFlags.Read(c, text, isSet, CsvOptions.Default);
        return c.Build(() => new PredictOptions(model, data, isSet("--proba"), output) { Reading = reading, UnknownIsError = unknown });
    }

    /// <summary>The required <c>--model</c> option of predict and evaluate: a file that exists.</summary>
    public static Validation<Error, string> ModelOption(string? text) =>
        Flag.Required("--model", text, "a model file (mlp/2 JSON)", v => Flag.ExistingFile("--model", v, "a model file (mlp/2 JSON)"));

    /// <summary>Loads the model and the rows, predicts, and writes the CSV; 0, or 2 for bad input (nothing written).</summary>
    public static int Run(PredictOptions o, Terminal terminal)
    {
        var loaded =
            from model in ModelFile.Load<float>(o.Model)
            from rows in Tables.HeldOut<float>(o.Data.NameOrPath, model.InputOptions(o.Reading))
            from prediction in model.Predict(rows, o.UnknownIsError)
            select (model, rows, prediction);
        if (loaded.IsFail) return Cli.UsageErrors(terminal, [((Error)loaded).Message], "mlp predict");
        var (m, table, p) = ((TrainedModel<float>, Table<float>, Prediction<float>))loaded;
        if (NonFinite(table, p.Outputs) is { } overflow)
        {
            terminal.Problem($"predict: {overflow}; nothing written");
            return Cli.Failure;
        }
        foreach (var note in DataNotes.OfRows(table.Notes, 0, p.Report)) terminal.Err.WriteLine($"note: {Echo.Escape(note)}");
        var csv = Table(m, p, o.Proba);
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
        terminal.Out.WriteLine($"{p.Outputs.Rows} prediction(s) written to {o.Out}");
        return Cli.Ok;
    }

    /// <summary>
    /// The first row of <paramref name="table"/> whose output in <paramref name="outputs"/> (one row
    /// each, in order) is NaN or infinite, as a message naming its line; null when all are finite.
    /// A model file holds finite numbers only, but a row's values times its weights can still
    /// overflow a float, and a NaN must never pass for a prediction.
    /// </summary>
    public static string? NonFinite(Table<float> table, Matrix<float> outputs)
    {
        for (var i = 0; i < outputs.Rows; i++)
            foreach (var v in outputs.Row(i))
                if (!float.IsFinite(v))
                    return $"{table.Name}: line {table.Lines[i]}: the model's output for this row is {v.ToString(CultureInfo.InvariantCulture)}, "
                        + "not a finite number (the row's values and the model's weights overflow a float)";
        return null;
    }

    /// <summary>The prediction CSV of <paramref name="model"/>'s <paramref name="prediction"/> (see the class summary for the columns).</summary>
    public static string Table(TrainedModel<float> model, Prediction<float> prediction, bool proba)
    {
        var names = model.Targets ?? [];
        if (model.Task == TaskKind.Classification && !proba)
            return Lines([Csv.Field(names is [var target] ? target : "prediction")],
                prediction.Labels.Select(k => new[] { Csv.Field(model.ClassNames[k]) }));
        var y = prediction.Probabilities ?? prediction.Outputs;
        string[] header = prediction.Probabilities is not null ? [.. model.ClassNames.Select(Csv.Field)]
            : names.Length == y.Cols ? [.. names.Select(Csv.Field)]
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
