using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;

namespace Mlp.Cli;

/// <summary>
/// From the raw text of <c>mlp train</c>'s options to a checked <see cref="TrainOptions"/>,
/// reporting every bad option at once. A missing option takes its value from
/// <see cref="TrainOptions.Defaults"/>.
/// </summary>
public static class TrainValidation
{
    /// <summary>Hidden-layer activations (softmax is an output activation only).</summary>
    public static IEnumerable<(string, Activation)> HiddenActivations =>
        Activations.All.Where(a => a != Activation.Softmax).Select(a => (a.Name(), a));

    /// <summary><c>auto</c> and every loss.</summary>
    public static IEnumerable<(string, Option<Loss>)> LossChoices =>
        [("auto", Option<Loss>.None), .. LossFunctions.All.Select(l => (l.Name(), Option<Loss>.Some(l)))];

    /// <summary>Every optimizer name.</summary>
    public static IEnumerable<(string, OptimizerKind)> Optimizers =>
        Optim.Optimizers.All.Select(o => (o.Name(), o));

    /// <summary>Every initialiser name.</summary>
    public static IEnumerable<(string, Initializer)> Initializers => Init.All.Select(i => (i.Name(), i));

    /// <summary><c>standardize</c>, <c>minmax</c>, <c>none</c>.</summary>
    public static IEnumerable<(string, Option<ScalerKind>)> Preprocessors =>
        [("standardize", ScalerKind.Standardize), ("minmax", ScalerKind.MinMax), ("none", Option<ScalerKind>.None)];

    /// <summary>Every schedule name.</summary>
    public static IEnumerable<(string, ScheduleName)> Schedules =>
        Enum.GetValues<ScheduleName>().Select(s => (TrainOptions.Name(s), s));

    /// <summary>
    /// Checks every option. <paramref name="text"/> gives an option's raw value (<c>null</c>
    /// when absent), <paramref name="isSet"/> whether a switch such as <c>--quiet</c> was given.
    /// </summary>
    public static Validation<Error, TrainOptions> Validate(Func<string, string?> text, Func<string, bool> isSet)
    {
        var d = TrainOptions.Defaults;
        var c = new Checks();
        T Opt<T>(string flag, T fallback, Func<string, Validation<Error, T>> check) =>
            text(flag) is { } raw ? c.Take(check(raw), fallback) : fallback;

        var data = Opt("--data", d.Data, v => Data("--data", v));
        var target = Opt("--target", d.Target, v => Flag.Names("--target", v));
        var hidden = Opt("--hidden", d.Hidden, v => Flag.Sizes("--hidden", v));
        var act = Opt("--activation", d.Activation, v => Flag.OneOf("--activation", "activation", v, HiddenActivations));
        // "auto", "full" and "none" are absent values: Option inside the check, null in the record.
        var loss = Opt("--loss", Prelude.Optional(d.Loss), v => Flag.OneOf("--loss", "loss", v, LossChoices));
        var opt = Opt("--optimizer", d.Optimizer, v => Flag.OneOf("--optimizer", "optimizer", v, Optimizers));
        var lr = Opt("--lr", d.LearningRate, v => Flag.Positive("--lr", v));
        var momentum = Opt("--momentum", d.Momentum,
            v => Flag.Number("--momentum", v, m => m >= 0 && m < 1, "a number in [0, 1)"));
        var epochs = Opt("--epochs", d.Epochs, v => Flag.AtLeast("--epochs", v, 1));
        var batch = Opt("--batch-size", Prelude.Optional(d.BatchSize), v => v == "full"
            ? Prelude.Success<Error, Option<int>>(Option<int>.None)
            : Flag.Whole("--batch-size", v, b => b >= 1 && b <= int.MaxValue, "a whole number ≥ 1 or 'full'")
                .Map(b => Option<int>.Some((int)b)));
        var seed = Opt("--seed", d.Seed, v => Flag.Whole("--seed", v, _ => true, "a whole number"));
        var init = Opt("--init", TrainOptions.DefaultInit(act), v => Flag.OneOf("--init", "initialiser", v, Initializers));
        var pre = Opt("--preprocess", Prelude.Optional(d.Preprocess), v => Flag.OneOf("--preprocess", "preprocessing", v, Preprocessors));
        var test = Opt("--test", d.Test, v => Flag.ExistingFile("--test", v, "a CSV file of test rows").Map(p => (string?)p));
        var patience = Opt("--early-stopping", d.EarlyStopping,
            v => Flag.AtLeast("--early-stopping", v, 1).Map(p => (int?)p));
        var validation = Opt("--validation", d.Validation,
            v => Flag.Number("--validation", v, f => f >= 0 && f < 1, "a fraction in [0, 1) (0 turns validation off)").Map(f => (double?)f));
        var initModel = Opt("--init-model", d.InitModel,
            v => Flag.ExistingFile("--init-model", v, "a model file (mlp/1 JSON)").Map(p => (string?)p));
        var outPath = Opt("--out", d.Out, v => Flag.OutputPath("--out", v).Map(p => (string?)p));
        var plot = Opt("--plot", d.Plot, v => Flag.OutputPath("--plot", v, ".png").Map(p => (string?)p));
        var boundary = Opt("--plot-boundary", d.PlotBoundary,
            v => Flag.OutputPath("--plot-boundary", v, ".png").Map(p => (string?)p));
        var decay = Opt("--weight-decay", d.WeightDecay,
            v => Flag.Number("--weight-decay", v, w => w >= 0, "a number ≥ 0"));
        var clip = Opt("--clip-norm", d.ClipNorm, v => Flag.Positive("--clip-norm", v).Map(n => (double?)n));
        var schedule = Opt("--schedule", d.Schedule, v => Flag.OneOf("--schedule", "schedule", v, Schedules));
        var warmup = Opt("--warmup", d.Warmup, v => Flag.AtLeast("--warmup", v, 0));
        var threads = Opt("--threads", d.Threads, v => Flag.AtLeast("--threads", v, 1).Map(t => (int?)t));

        // Two outputs on one path would overwrite each other: say so before training.
        var outputs = new[] { ("--out", outPath), ("--plot", plot), ("--plot-boundary", boundary) }
            .Where(o => o.Item2 is not null).ToList();
        foreach (var group in outputs.GroupBy(o => Path.GetFullPath(o.Item2!)).Where(g => g.Count() > 1))
            c.Add(group.Last().Item1, $"'{group.Last().Item2}' is also the path of {group.First().Item1}; expected a different file");

        return c.Build(() => new TrainOptions(data, target, hidden, act, loss.OrNull(), opt, lr, momentum, epochs, batch.OrNull(),
            seed, init, pre.OrNull(), validation, test, patience, initModel, !isSet("--no-shuffle"), outPath, plot, boundary, decay,
            clip, schedule, warmup, threads, isSet("--quiet")));
    }

    /// <summary>A built-in name, or a file that exists.</summary>
    public static Validation<Error, DataSource> Data(string flag, string text) =>
        DataSource.BuiltInNames.Contains(text)
            ? Prelude.Success<Error, DataSource>(new DataSource.BuiltIn(text))
            : Flag.ExistingFile(flag, text, $"{string.Join(", ", DataSource.BuiltInNames)} or a CSV file")
                .Map(p => (DataSource)new DataSource.DataFile(p));
}
