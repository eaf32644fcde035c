using System.CommandLine;
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;

namespace Mlp.Cli;

/// <summary>
/// <c>mlp train</c>: each option once, in one table: its name, help, the default it shows (read
/// from <see cref="TrainOptions.Defaults"/>, the record the parser starts from) and how its text
/// changes the options. Every option is read as text and checked, so all problems are reported
/// together, in our words; then <see cref="TrainRunner"/> runs.
/// </summary>
public static class TrainCommand
{
    private sealed record Setting(string Name, string Value, string Help, Func<TrainOptions, string?> Shown,
        Func<TrainOptions, string, Validation<Error, TrainOptions>> Set);

    private static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static Setting Fit<T>(string name, string value, string help, Func<FitOptions, string?> shown,
        Func<string, Validation<Error, T>> check, Func<FitOptions, T, FitOptions> set) =>
        new(name, value, help, o => shown(o.Fit), (o, text) => check(text).Map(v => o.With(f => set(f, v))));

    // An option with a word for "none of these" (auto, full, none), which sets the value to null.
    private static Setting FitOr<T>(string name, string value, string help, Func<FitOptions, string?> shown, string absent,
        Func<string, Validation<Error, T>> check, Func<FitOptions, T?, FitOptions> set) where T : struct =>
        new(name, value, help, o => shown(o.Fit), (o, text) => text == absent
            ? Prelude.Success<Error, TrainOptions>(o.With(f => set(f, null)))
            : check(text).Map(v => o.With(f => set(f, v))));

    private static readonly Setting[] Settings =
    [
        new("--data", "xor|iris|digits|fashion-mnist|FILE.csv", "training data", o => o.Data.NameOrPath,
            (o, v) => Flag.Data("--data", v).Map(d => o with { Data = d })),
        new("--target", "COLUMN[,COLUMN…]", "target column(s), by name or 0-based position", _ => "the data set's own; a CSV's last column",
            (o, v) => ReadFlags.Targets(v).Map(t => o with { Reading = o.Reading with { Targets = t } })),
        Fit("--task", "auto", "auto|classification|regression; auto says what it chose and why", f => f.Task.ToString().ToLowerInvariant(),
            v => Flag.OneOf("--task", "task", v, Choices.Tasks), (f, t) => f with { Task = t }),
        Fit("--hidden", "64,32", "hidden layer widths, or 'none'", f => f.Hidden.IsEmpty ? "none" : string.Join(",", f.Hidden),
            v => Flag.Sizes("--hidden", v), (f, h) => f with { Hidden = h }),
        Fit("--activation", "relu", $"hidden activation: {Choices.Names(Choices.HiddenActivations)}", f => f.Activation.Name(),
            v => Flag.OneOf("--activation", "activation", v, Choices.HiddenActivations), (f, a) => f with { Activation = a }),
        FitOr("--loss", "auto", $"auto|{Choices.Names(Choices.Losses)}", f => f.Loss?.Name() ?? "auto", "auto",
            v => Flag.OneOf("--loss", "loss", v, Choices.Losses, ["auto", .. Choices.Losses.Select(l => l.Item1)]),
            (f, l) => f with { Loss = l }),
        Fit("--optimizer", "adam", Choices.Names(Choices.Optimizers), f => f.Optimizer.Name(),
            v => Flag.OneOf("--optimizer", "optimizer", v, Choices.Optimizers), (f, k) => f with { Optimizer = k }),
        Fit("--lr", "X", "learning rate η > 0", f => Num(f.LearningRate),
            v => Flag.Positive("--lr", v), (f, lr) => f with { LearningRate = lr }),
        Fit("--momentum", "0.9", "momentum for momentum and nesterov, in [0, 1)", f => Num(f.Momentum),
            v => Flag.Number("--momentum", v, m => m >= 0 && m < 1, "a number in [0, 1)"), (f, m) => f with { Momentum = m }),
        Fit("--epochs", "N", "passes over the training rows", f => $"{f.Epochs}",
            v => Flag.AtLeast("--epochs", v, 1), (f, e) => f with { Epochs = e }),
        FitOr("--batch-size", "N|full", "rows per mini-batch", f => f.BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "full", "full",
            v => Flag.Whole("--batch-size", v, b => b is >= 1 and <= int.MaxValue, "a whole number ≥ 1 or 'full'").Map(b => (int)b),
            (f, b) => f with { BatchSize = b }),
        Fit("--seed", "N", "seed of initialisation, split and shuffling", f => $"{f.Seed}",
            v => Flag.Whole("--seed", v, _ => true, "a whole number"), (f, s) => f with { Seed = s }),
        Fit("--init", "NAME", Choices.Names(Choices.Initializers), f => f.Init?.Name() ?? "he-uniform for relu-like, else xavier-uniform",
            v => Flag.OneOf("--init", "initialiser", v, Choices.Initializers), (f, i) => f with { Init = i }),
        FitOr("--preprocess", "standardize", "standardize|minmax|none, fitted on training rows", f => f.Preprocess?.Name() ?? "none",
            "none", v => Flag.OneOf("--preprocess", "preprocessing", v, Choices.Scalers, [.. Choices.Scalers.Select(s => s.Item1), "none"]),
            (f, p) => f with { Preprocess = p }),
        Fit("--impute", "auto", "fill missing cells, fitted on training rows: auto (median; text: most frequent)|mean|median|most-frequent|none",
            f => Choices.Imputers.First(i => i.Item2 == f.Impute).Item1,
            v => Flag.OneOf("--impute", "imputation", v, Choices.Imputers), (f, i) => f with { Impute = i }),
        Fit("--max-categories", "N", "most categories a text column may have", f => $"{f.MaxCategories}",
            v => Flag.AtLeast("--max-categories", v, 1), (f, m) => f with { MaxCategories = m }),
        Fit("--unknown", "zeros", "a category unseen in training: zeros (counted) or error", f => f.UnknownIsError ? "error" : "zeros",
            v => Flag.OneOf("--unknown", "choice", v, Choices.Unknown), (f, e) => f with { UnknownIsError = e }),
        Fit("--validation", "FRACTION", "fraction held out for validation, 0 for none",
            f => f.Validation is { } v ? Num(v) : "0.2; 0 with a test set and no early stopping, or under 50 rows",
            v => Flag.Number("--validation", v, x => x >= 0 && x < 1, "a fraction in [0, 1) (0 turns validation off)"),
            (f, v) => f with { Validation = v }),
        new("--test", "FILE", "a CSV of test rows, scored at the end", _ => null,
            (o, v) => Flag.ExistingFile("--test", v, "a CSV file of test rows").Map(p => o with { Test = p })),
        Fit("--early-stopping", "PATIENCE", "stop after this many epochs without a better validation loss", _ => null,
            v => Flag.AtLeast("--early-stopping", v, 1), (f, p) => f with { EarlyStopping = p }),
        new("--init-model", "MODEL.json", "continue from a saved model (its layers, loss, classes, preprocessing)", _ => null,
            (o, v) => Flag.ExistingFile("--init-model", v, "a model file (mlp/2 JSON)").Map(p => o with { InitModel = p })),
        new("--out", "MODEL.json", "write the trained model (the best one, with early stopping)", _ => null,
            (o, v) => Flag.OutputPath("--out", v).Map(p => o with { Out = p })),
        new("--checkpoint", "FILE", "save a checkpoint after every epoch (mlp-checkpoint/2), to resume from", _ => null,
            (o, v) => Flag.OutputPath("--checkpoint", v).Map(p => o with { Checkpoint = p })),
        new("--resume", "FILE", "continue the run that saved this checkpoint: the same data and options; --epochs the new total", _ => null,
            (o, v) => Flag.ExistingFile("--resume", v, "a checkpoint file (mlp-checkpoint/2 JSON)").Map(p => o with { Resume = p })),
        new("--plot", "CURVE.png", "draw loss and accuracy curves", _ => null,
            (o, v) => Flag.OutputPath("--plot", v, ".png").Map(p => o with { Plot = p })),
        new("--plot-boundary", "REGIONS.png", "draw the decision regions of 2-input data with the training points", _ => null,
            (o, v) => Flag.OutputPath("--plot-boundary", v, ".png").Map(p => o with { PlotBoundary = p })),
        Fit("--weight-decay", "X", "L2 weight decay, decoupled for adamw", f => f.WeightDecay is { } w ? Num(w) : "0; 0.01 for adamw, as PyTorch",
            v => Flag.Number("--weight-decay", v, w => w >= 0, "a number ≥ 0"), (f, w) => f with { WeightDecay = w }),
        Fit("--clip-norm", "X", "clip gradients to this global norm", _ => null,
            v => Flag.Positive("--clip-norm", v), (f, n) => f with { ClipNorm = n }),
        Fit("--schedule", "constant", $"learning-rate schedule: {Choices.Names(Choices.Schedules)}", f => f.Schedule.Name(),
            v => Flag.OneOf("--schedule", "schedule", v, Choices.Schedules), (f, s) => f with { Schedule = s }),
        Fit("--warmup", "EPOCHS", "epochs of linear learning-rate warm-up (cosine schedule)", f => $"{f.Warmup}",
            v => Flag.AtLeast("--warmup", v, 0), (f, w) => f with { Warmup = w }),
        Fit("--step-every", "EPOCHS", "step schedule: multiply the rate by --step-gamma every this many epochs", _ => "a third of the epochs",
            v => Flag.AtLeast("--step-every", v, 1), (f, e) => f with { StepEvery = e }),
        Fit("--step-gamma", "G", "step schedule: the factor, in (0, 1]", f => Num(f.StepGamma),
            v => Flag.Number("--step-gamma", v, g => g > 0 && g <= 1, "a number in (0, 1]"), (f, g) => f with { StepGamma = g }),
        Fit("--threads", "N", "threads for the matrix products", f => $"all cores ({f.Parallelism.Threads})",
            v => Flag.Whole("--threads", v, t => t is >= 1 and <= 256, "a whole number from 1 to 256").Map(t => (int)t),
            (f, t) => f with { Parallelism = new Tensors.Parallelism(t) }),
    ];

    private static readonly (string Name, string Help)[] Switches =
    [
        ("--no-shuffle", "visit rows in file order every epoch"),
        ("--quiet", "print only the final results"),
    ];

    /// <summary>The <c>train</c> command; its action checks the options, then hands them to <see cref="TrainRunner"/>.</summary>
    public static Command Create(Terminal terminal) =>
        Cli.Command(terminal, "train", "train a network and show what it learned",
            Settings.Select(s => (s.Name, s.Value, s.Shown(TrainOptions.Defaults) is { } shown ? $"{s.Help} [default: {shown}]" : s.Help))
                .Concat(ReadFlags.Valued),
            Switches.Concat(ReadFlags.Switches), Validate, options => TrainRunner.Run(options, terminal));

    /// <summary>
    /// Checks every option, starting from <see cref="TrainOptions.Defaults"/>. <paramref name="text"/>
    /// gives an option's raw value (<c>null</c> when absent), <paramref name="isSet"/> whether a
    /// switch such as <c>--quiet</c> was given.
    /// </summary>
    public static Validation<Error, TrainOptions> Validate(Func<string, string?> text, Func<string, bool> isSet)
    {
        var c = new Checks();
        var options = TrainOptions.Defaults with { Quiet = isSet("--quiet") };
        options = options.With(f => f with { Shuffle = !isSet("--no-shuffle") });
        foreach (var s in Settings)
            if (text(s.Name) is { } raw) options = c.Take(s.Set(options, raw), options);
        options = options with { Reading = ReadFlags.Read(c, text, isSet, options.Reading) };
        Conflicts(c, text, options);
        // Two outputs on one path would overwrite each other: say so before training.
        var outputs = new[] { ("--out", options.Out), ("--checkpoint", options.Checkpoint), ("--plot", options.Plot),
                ("--plot-boundary", options.PlotBoundary) }
            .Where(o => o.Item2 is not null).ToList();
        foreach (var group in outputs.GroupBy(o => Path.GetFullPath(o.Item2!)).Where(g => g.Count() > 1))
            c.Add(group.Last().Item1, $"'{group.Last().Item2}' is also the path of {group.First().Item1}; expected a different file");
        return c.Build(() => options);
    }

    // Flags that would do nothing are errors, not silence.
    private static void Conflicts(Checks c, Func<string, string?> text, TrainOptions o)
    {
        if (o.InitModel is not null)
            foreach (var flag in new[] { "--hidden", "--activation", "--init", "--loss", "--preprocess", "--task", "--impute", "--max-categories" })
                if (text(flag) is not null)
                    c.Add(flag, "a model given by --init-model keeps its own; leave this option out, or train a new model without --init-model");
        if (text("--warmup") is not null && o.Fit.Schedule != ScheduleKind.Cosine)
            c.Add("--warmup", "warms up the cosine schedule only; add --schedule cosine, or leave --warmup out");
        foreach (var flag in new[] { "--step-every", "--step-gamma" })
            if (text(flag) is not null && o.Fit.Schedule != ScheduleKind.Step)
                c.Add(flag, "sets the step schedule only; add --schedule step, or leave it out");
    }
}

/// <summary>The names the options accept, from the library's closed sets.</summary>
public static class Choices
{
    /// <summary>Hidden-layer activations (softmax is an output activation only).</summary>
    public static IEnumerable<(string, Activation)> HiddenActivations =>
        Activations.All.Where(a => a != Activation.Softmax).Select(a => (a.Name(), a));

    /// <summary>Every loss.</summary>
    public static IEnumerable<(string, Loss)> Losses => LossFunctions.All.Select(l => (l.Name(), l));

    /// <summary>Every optimizer.</summary>
    public static IEnumerable<(string, OptimizerKind)> Optimizers => Optim.Optimizers.All.Select(o => (o.Name(), o));

    /// <summary>Every initialiser.</summary>
    public static IEnumerable<(string, Initializer)> Initializers => Init.All.Select(i => (i.Name(), i));

    /// <summary>Every scaler.</summary>
    public static IEnumerable<(string, ScalerKind)> Scalers => ScalerKinds.All.Select(s => (s.Name(), s));

    /// <summary>Every learning-rate schedule.</summary>
    public static IEnumerable<(string, ScheduleKind)> Schedules => ScheduleKinds.All.Select(s => (s.Name(), s));

    /// <summary>The tasks.</summary>
    public static IEnumerable<(string, Data.TaskKind)> Tasks =>
        [("auto", Data.TaskKind.Auto), ("classification", Data.TaskKind.Classification), ("regression", Data.TaskKind.Regression)];

    /// <summary>How missing cells are filled.</summary>
    public static IEnumerable<(string, ImputeKind)> Imputers =>
        [("auto", ImputeKind.Auto), ("mean", ImputeKind.Mean), ("median", ImputeKind.Median),
         ("most-frequent", ImputeKind.MostFrequent), ("none", ImputeKind.None)];

    /// <summary>What a category unseen in training becomes: <c>zeros</c> (false) or an <c>error</c> (true).</summary>
    public static IEnumerable<(string, bool)> Unknown => [("zeros", false), ("error", true)];

    /// <summary>The rows of a built-in data set.</summary>
    public static IEnumerable<(string, SplitChoice)> Splits => [("test", SplitChoice.Test), ("train", SplitChoice.Train), ("all", SplitChoice.All)];

    /// <summary>The names joined for help text: <c>sgd|momentum|…</c>.</summary>
    public static string Names<T>(IEnumerable<(string Name, T)> choices) => string.Join("|", choices.Select(c => c.Name));
}
