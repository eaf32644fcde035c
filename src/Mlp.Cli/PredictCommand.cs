using System.CommandLine;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;

namespace Mlp.Cli;

/// <summary>What <c>mlp predict</c> was asked to do, checked: the model file and data exist, the output directory takes files.</summary>
public sealed record PredictOptions(string Model, DataSource Data, bool Proba, string? Out);

/// <summary>
/// <c>mlp predict --model MODEL.json --data FILE.csv [--proba] [--out FILE.csv]</c>: the model's
/// outputs for every row, as CSV. The data's columns are matched to the model's feature names
/// (other columns, such as a label, are ignored) and scaled with the model's preprocessing.
/// Columns written:
/// <list type="bullet">
/// <item>without <c>--proba</c>: <c>prediction</c>, the class name (argmax; one sigmoid unit
/// predicts the second class when p ≥ 0.5) or, for regression, the value (<c>out0, out1, …</c>
/// for several outputs);</item>
/// <item>with <c>--proba</c>: one column per class named by the model's classes (a single
/// sigmoid unit gives two, <c>1 − p</c> and <c>p</c>, so each class has its column), or the raw
/// outputs <c>out0, out1, …</c> of a regression model.</item>
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
    public static Command Create(Terminal terminal)
    {
        var command = new Command("predict", "predict with a saved model: a CSV of labels, values or probabilities");
        foreach (var (name, value, help) in Valued)
            command.Add(new System.CommandLine.Option<string>(name) { HelpName = value, Description = help });
        command.Add(new System.CommandLine.Option<bool>("--proba") { Description = "one column per class with its probability (regression: every output)" });
        command.SetAction(parse => Validate(name => parse.GetValue<string>(name), parse.GetValue<bool>("--proba")).Match(
            Succ: options => Run(options, terminal),
            Fail: errors => Cli.UsageErrors(terminal, errors.Select(e => e.Message), "mlp predict")));
        return command;
    }

    /// <summary>Checks every option; <paramref name="text"/> gives an option's raw value (<c>null</c> when absent).</summary>
    public static Validation<Error, PredictOptions> Validate(Func<string, string?> text, bool proba)
    {
        var c = new Checks();
        var model = c.Take(ModelOption(text("--model")), "");
        var data = c.Take(Flag.Required("--data", text("--data"), "a CSV file or a built-in name", v => TrainValidation.Data("--data", v)),
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
        var outputs =
            from model in ModelFile.Load<float>(o.Model)
            from x in ModelData.Inputs(model, o.Data.NameOrPath)
            select (model, Network.Predict(model.Network, ModelData.Scale(model, x)));
        if (outputs.IsFail) return Cli.UsageErrors(terminal, [((Error)outputs).Message], "mlp predict");
        var (m, y) = ((TrainedModel<float>, Matrix<float>))outputs;
        var csv = Table(m, y, o.Proba);
        if (o.Out is null)
        {
            terminal.Out.Write(csv);
            return Cli.Ok;
        }
        try
        {
            AtomicFile.Write(o.Out, Encoding.UTF8.GetBytes(csv));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            terminal.Problem($"predict: cannot write {o.Out}: {e.Message}");
            return Cli.Failure;
        }
        terminal.Out.WriteLine($"{y.Rows} prediction(s) written to {o.Out}");
        return Cli.Ok;
    }

    /// <summary>The prediction CSV of the network outputs <paramref name="y"/> (see the class summary for the columns).</summary>
    public static string Table(TrainedModel<float> model, Matrix<float> y, bool proba)
    {
        var classes = ModelData.ClassesOf(model);
        var sb = new StringBuilder();
        void Line(IEnumerable<string> cells) => sb.AppendJoin(',', cells).Append('\n');
        IEnumerable<string> Outputs(int n) => Enumerable.Range(0, n).Select(k => $"out{k}");
        var single = y.Cols == 1;
        if (proba)
        {
            Line(classes is { } names ? names.Select(Csv.Field) : Outputs(y.Cols));
            for (var i = 0; i < y.Rows; i++)
                // One sigmoid unit is the probability of the second class; the first gets 1 − p.
                Line(classes is not null && single
                    ? [Csv.Format(1f - y[i, 0]), Csv.Format(y[i, 0])]
                    : y.Row(i).ToArray().Select(Csv.Format));
            return sb.ToString();
        }
        if (classes is { } labels)
        {
            Line(["prediction"]);
            foreach (var k in OneHot.Decode(y)) Line([Csv.Field(labels[k])]);
            return sb.ToString();
        }
        Line(single ? ["prediction"] : Outputs(y.Cols));
        for (var i = 0; i < y.Rows; i++) Line(y.Row(i).ToArray().Select(Csv.Format));
        return sb.ToString();
    }
}
