using System.Collections.Immutable;
using System.CommandLine;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;

namespace Mlp.Cli;

/// <summary>
/// <c>mlp walkthrough [--lang en|zh] [--model FILE] [--x 1,1] [--t 0] [--lr 0.5]</c>: the seed's
/// worked example by default; any small model and sample with the options.
/// </summary>
public static class WalkthroughCommand
{
    /// <summary>At most this many parameters: every one of them is printed several times.</summary>
    public const int MaxParameters = 500;

    /// <summary>The <c>walkthrough</c> command.</summary>
    public static Command Create(Terminal terminal) =>
        Cli.Command(terminal, "walkthrough", "the seed's XOR example, every intermediate number, computed by the library",
        [
            ("--lang", "en|zh", "language: en or zh (the seed is bilingual) [default: en]"),
            ("--model", "MODEL.json", "walk this model instead of the seed's 2-2-1 network"),
            ("--x", "1,1", "the sample's inputs [default: the seed's 1,1]"),
            ("--t", "0", "the target, one value per output or a class index [default: the seed's 0]"),
            ("--lr", "0.5", "learning rate η [default: the seed's 0.5]"),
        ], [],
            (text, _) => Prepare(text("--lang"), text("--model"), text("--x"), text("--t"), text("--lr")),
            run =>
            {
                if (run.Note is { } note) terminal.Out.WriteLine(note + "\n");
                Walkthrough.Print(run.Case, run.Text, terminal.Out);
                return Cli.Ok;
            });

    /// <summary>Checks the options and builds the case to walk through.</summary>
    public static Validation<Error, (WalkthroughCase Case, WalkthroughText Text)> Validate(
        string? lang, string? model, string? x, string? t, string? lr) =>
        Prepare(lang, model, x, t, lr).Map(run => (run.Case, run.Text));

    /// <summary>
    /// As <see cref="Validate"/>, and with <c>--model</c> what became of <c>--x</c>: the model's
    /// preprocessing applied to it (numeric columns), or a plain note that it is not (a model
    /// with text columns takes <c>--x</c> as the network's inputs).
    /// </summary>
    public static Validation<Error, (WalkthroughCase Case, WalkthroughText Text, string? Note)> Prepare(
        string? lang, string? model, string? x, string? t, string? lr)
    {
        var seed = WalkthroughCase.Seed;
        var c = new Checks();
        var text = lang is null ? WalkthroughText.English : c.Take(Flag.OneOf("--lang", "language", lang,
            [("en", WalkthroughText.English), ("zh", WalkthroughText.Chinese)]), WalkthroughText.English);
        var rate = lr is null ? seed.LearningRate : c.Take(Flag.Positive("--lr", lr), seed.LearningRate);
        var xs = x is null ? seed.X : c.Take(Flag.Numbers("--x", x), seed.X);
        var ts = t is null ? (model is null ? seed.T : []) : c.Take(Flag.Numbers("--t", t), seed.T);
        var saved = model is null ? null
            : c.Take(Flag.ExistingFile("--model", model, "a model file (mlp/2 JSON)").Bind(LoadModel), null);
        var (net, loss) = saved is null ? (seed.Net, seed.Loss) : (saved.Network, saved.Loss);
        string? note = null;
        if (saved is not null && c.Take(Preprocess(saved, xs, x is null, text), (xs, null)) is var (input, said)) (xs, note) = (input, said);
        return c.Build(() => 0).Bind(_ => Shapes(net, loss, xs, ts, x is null, t is null)
            .Map(sample => (new WalkthroughCase(net, sample.X, sample.T, rate, loss), text, note)));
    }

    // The model file read in double (the walkthrough prints what the library computes in double).
    private static Validation<Error, TrainedModel<double>?> LoadModel(string path) =>
        ModelFile.Load<double>(path).Match(
            Succ: m => Prelude.Success<Error, TrainedModel<double>?>(m),
            Fail: e => Flag.Fail<TrainedModel<double>?>("--model", e.Message));

    // The sample the network sees, and what to say about it. Numeric columns only: --x holds one
    // raw value per column and the model's filling and scaling apply; text columns cannot be
    // typed as numbers, so --x is then the network's input as it stands.
    private static Validation<Error, (ImmutableArray<double>, string?)> Preprocess(TrainedModel<double> model,
        ImmutableArray<double> x, bool xDefault, WalkthroughText text)
    {
        var columns = model.Inputs.Columns;
        if (columns.Any(e => e is ColumnEncoder.Categorical))
            return Prelude.Success<Error, (ImmutableArray<double>, string?)>(
                (x, text.PreprocessingNotApplied(model.Network.Inputs, string.Join(", ", model.Inputs.InputNames.Take(8)) +
                    (model.Inputs.Width > 8 ? ", …" : ""))));
        if (columns.All(e => e is ColumnEncoder.Numeric { Mean: 0, Scale: 1, Impute: null }))
            return Prelude.Success<Error, (ImmutableArray<double>, string?)>((x, text.NoPreprocessing));
        if (x.Length != columns.Length && xDefault) return Prelude.Success<Error, (ImmutableArray<double>, string?)>((x, null)); // said below
        if (x.Length != columns.Length)
            return Flag.Fail<(ImmutableArray<double>, string?)>("--x", $"expected {columns.Length} raw values (the model's columns " +
                $"{string.Join(", ", model.Inputs.Names)}), got {x.Length}");
        var encoded = model.Encode(Tensors.Matrix<double>.Create(1, x.Length, [.. x]));
        ImmutableArray<double> input = [.. encoded.Row(0).ToArray()];
        return Prelude.Success<Error, (ImmutableArray<double>, string?)>((input, text.Preprocessed(Numbers(x), Numbers(input))));
    }

    private static string Numbers(IEnumerable<double> values) =>
        string.Join(", ", values.Select(v => Math.Round(v, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Validation<Error, (ImmutableArray<double> X, ImmutableArray<double> T)> Shapes(
        Network<double> net, Loss loss, ImmutableArray<double> x, ImmutableArray<double> t, bool xDefault, bool tDefault)
    {
        var c = new Checks();
        var size = net.Params.Size;
        if (size > MaxParameters)
            c.Add("--model", $"the walkthrough prints every parameter; this model has {size} (at most {MaxParameters})");
        if (x.Length != net.Inputs)
            c.Add("--x", xDefault ? $"the model has {net.Inputs} inputs; give a sample with --x"
                : $"expected {net.Inputs} input values (the model's inputs), got {x.Length}");
        var target = t;
        var classIndex = t.Length == 1 && net.Outputs > 1 && t[0] == Math.Floor(t[0]) && t[0] >= 0 && t[0] < net.Outputs;
        if (classIndex)
            target = [.. Tensors.OneHot.Encode<double>([(int)t[0]], net.Outputs).Data];
        else if (t.Length != net.Outputs)
            c.Add("--t", tDefault ? $"the model has {net.Outputs} outputs; give a target with --t"
                : $"expected {net.Outputs} target values (one per output) or a class index 0…{net.Outputs - 1}, got {t.Length} value(s)");
        if (!loss.Fits(net.OutputActivation))
            c.Add("--model", $"its loss {loss.Name()} does not fit its {net.OutputActivation.Name()} output");
        return c.Build(() => (x, target));
    }
}
