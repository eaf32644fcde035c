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
using Mlp.Training;
using Spectre.Console;

namespace Mlp.Cli;

/// <summary>
/// What <c>mlp gradcheck</c> checks: a random network of a given shape, or a model file; on
/// random inputs, or on rows of a data file. <see cref="Loss"/> <c>null</c> means cross-entropy
/// for random targets, chosen from the targets for a data file; <see cref="BatchSize"/>
/// <c>null</c> means 4 random rows, or the first 32 rows of a data file; <see cref="Tolerance"/>
/// <c>null</c> means <see cref="DefaultTolerance"/> above what rounding explains (the tolerance
/// scaled to the loss), a number that bound on the raw relative error.
/// </summary>
public sealed record GradcheckOptions(ImmutableArray<int> Hidden, int Inputs, int Outputs, Activation Activation, Loss? Loss,
    int? BatchSize, long Seed, double? Tolerance, double Step, string? Model, string? Data)
{
    /// <summary>Random rows checked when no <c>--batch-size</c> is given.</summary>
    public const int RandomRows = 4;

    /// <summary>Rows of a data file checked when no <c>--batch-size</c> is given: each parameter costs four forward passes over them.</summary>
    public const int DataRows = 32;

    /// <summary>
    /// The bound on the relative error beyond rounding when no <c>--tolerance</c> is given. A
    /// trained model's loss can be large (an unscaled regression target: 10³), and its rounding
    /// noise then exceeds a fixed 1e-6: the default step stays 1e-6 (at the library's 1e-4 the
    /// stencil crosses relu kinks on real rows: 9.6e-4 on digits, 3.9e-2 on xor) and the tolerance
    /// grows with the loss instead.
    /// </summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>What <c>mlp gradcheck</c> with no options checks, and the defaults its help shows.</summary>
    public static GradcheckOptions Defaults { get; } = new([5, 4], 3, 3, Activation.Tanh, null, null, 42, null, 1e-6, null, null);
}

/// <summary>
/// <c>mlp gradcheck</c>: analytic gradients (the backward pass) against central differences, in
/// double, per layer (<see cref="GradCheck"/>, on a <see cref="GradCheckCase"/>), with the error
/// rounding alone could cause at each; exit 1 when a relative error is above the tolerance (by
/// default 1e-6 above that rounding), with one line on whether rounding explains it.
/// </summary>
public static class GradcheckCommand
{
    private static readonly GradcheckOptions D = GradcheckOptions.Defaults;

    private static readonly (string Name, string Value, string Help)[] Valued =
    [
        ("--hidden", "5,4", $"hidden layer widths of the random network [default: {string.Join(",", D.Hidden)}]"),
        ("--inputs", "N", $"inputs of the random network, without --data [default: {D.Inputs}]"),
        ("--outputs", "N", $"outputs of the random network, without --data [default: {D.Outputs}]"),
        ("--activation", "tanh", $"hidden activation of the random network [default: {D.Activation.Name()}]"),
        ("--loss", "cross-entropy", "mse (identity output)|cross-entropy (softmax)|binary-cross-entropy (sigmoid) " +
            "[default: cross-entropy; with --data: from the targets; with --model: the model's]"),
        ("--batch-size", "N", $"samples in the batch [default: {GradcheckOptions.RandomRows} random ones; with --data its first {GradcheckOptions.DataRows} rows]"),
        ("--seed", "N", $"seed of the weights, inputs and targets [default: {D.Seed}]"),
        ("--tolerance", "X", $"largest relative error that passes [default: {Short(GradcheckOptions.DefaultTolerance)} above what rounding " +
            "explains, which grows with the loss]"),
        ("--step", "H", $"central-difference step h [default: {Short(D.Step)}]"),
        ("--model", "MODEL.json", "check this model instead of a random network"),
        ("--data", "FILE.csv|NAME", "check on the first rows of a CSV file or built-in data set instead of random inputs"),
    ];

    /// <summary>The <c>gradcheck</c> command.</summary>
    public static Command Create(Terminal terminal) =>
        Cli.Command(terminal, "gradcheck", "analytic vs numerical gradients, in double", Valued, [],
            (text, _) => Validate(text), options => Run(options, terminal));

    /// <summary>Checks every option; absent ones take the defaults shown in the help.</summary>
    public static Validation<Error, GradcheckOptions> Validate(Func<string, string?> text)
    {
        var c = new Checks();
        T Opt<T>(string flag, T fallback, Func<string, Validation<Error, T>> check) =>
            text(flag) is { } raw ? c.Take(check(raw), fallback) : fallback;
        var hidden = Opt("--hidden", D.Hidden, v => Flag.Sizes("--hidden", v));
        var inputs = Opt("--inputs", D.Inputs, v => Flag.AtLeast("--inputs", v, 1));
        var outputs = Opt("--outputs", D.Outputs, v => Flag.AtLeast("--outputs", v, 1));
        var act = Opt("--activation", D.Activation, v => Flag.OneOf("--activation", "activation", v, Choices.HiddenActivations));
        var loss = Opt("--loss", D.Loss, v => Flag.OneOf("--loss", "loss", v, Choices.Losses).Map(l => (Loss?)l));
        var batch = Opt("--batch-size", D.BatchSize, v => Flag.AtLeast("--batch-size", v, 1).Map(b => (int?)b));
        var seed = Opt("--seed", D.Seed, v => Flag.Whole("--seed", v, _ => true, "a whole number"));
        var tolerance = Opt("--tolerance", D.Tolerance, v => Flag.Positive("--tolerance", v).Map(x => (double?)x));
        var step = Opt("--step", D.Step, v => Flag.Positive("--step", v));
        var model = Opt("--model", D.Model, v => Flag.ExistingFile("--model", v, "a model file (mlp/2 JSON)").Map(p => (string?)p));
        var data = Opt("--data", D.Data, v => Flag.Data("--data", v).Map(d => (string?)d.NameOrPath));
        return c.Build(() => new GradcheckOptions(hidden, inputs, outputs, act, loss, batch, seed, tolerance, step, model, data));
    }

    /// <summary>Builds the case, runs the check and prints the per-layer table and a verdict; 0 when every layer passes, else 1 (2 for bad input).</summary>
    public static int Run(GradcheckOptions o, Terminal terminal)
    {
        var made = Case(o);
        if (made.IsFail) return Cli.UsageErrors(terminal, [((Error)made).Message], "mlp gradcheck");
        var (check, source) = ((GradCheckCase, string))made;
        var report = GradCheck.Run(check.Net, check.X, check.T, check.Loss, o.Step);
        terminal.Out.WriteLine($"gradient check of {check.Net} with {check.Loss.Name()}, {source}, h = {Sci(o.Step)}, in double");
        var table = new Table().AddColumns("layer", "worst relative error", "rounding", "where", "analytic", "numeric");
        foreach (var l in report.Layers)
            Report.AddTextRow(table,
                (l.Layer + 1).ToString(CultureInfo.InvariantCulture), Sci(l.WorstError), Sci(l.Rounding), Where(l),
                l.Analytic.ToString("G10", CultureInfo.InvariantCulture), l.Numeric.ToString("G10", CultureInfo.InvariantCulture));
        terminal.Console.Write(table);
        var passes = o.Tolerance is { } bound ? report.Passes(bound) : report.PassesAboveRounding(GradcheckOptions.DefaultTolerance);
        terminal.Out.WriteLine(Verdict(report, o.Tolerance, passes));
        return passes ? Cli.Ok : Cli.Failure;
    }

    // One line: passed or failed against what bound, and for a failure what it most likely means.
    private static string Verdict(GradCheckReport report, double? tolerance, bool passes)
    {
        var worst = report.Layers.MaxBy(l => l.WorstError)!;
        if (passes)
            return $"ok: worst relative error {Sci(worst.WorstError)} ≤ " +
                (tolerance is { } t ? $"tolerance {Sci(t)}" : $"{Sci(GradcheckOptions.DefaultTolerance)} + rounding {Sci(worst.Rounding)}");
        var kink = $"a wrong gradient, or h = {Sci(report.Step)} crossing a relu kink (try --step {Sci(report.Step / 100)})";
        if (tolerance is null)
        {
            // The layer furthest beyond its rounding decides.
            var off = report.Layers.MaxBy(l => l.Unexplained)!;
            return $"FAILED: layer {off.Layer + 1} is off by {Sci(off.Unexplained)} more than rounding explains " +
                $"(> {Sci(GradcheckOptions.DefaultTolerance)}; worst at {Where(off)}: {Sci(off.WorstError)}, rounding {Sci(off.Rounding)}): {kink}";
        }
        return $"FAILED: worst relative error {Sci(worst.WorstError)} > tolerance {Sci(tolerance.Value)} at layer {worst.Layer + 1} {Where(worst)}, " +
            (worst.WorstError <= worst.Rounding
                ? $"within its rounding {Sci(worst.Rounding)} (a loss of {Sci(report.Loss)} at h = {Sci(report.Step)}): " +
                    "drop --tolerance, whose default grows with the loss"
                : $"beyond its rounding {Sci(worst.Rounding)}: {kink}");
    }

    private static string Where(LayerCheck l) => l.Leaf == "bias" ? $"bias[{l.Row}]" : $"weight[{l.Row},{l.Col}]";

    /// <summary>
    /// The case the options describe, and where its rows come from. <c>--model</c>: the model's
    /// network (read in double) and loss, on random rows or, with <c>--data</c>, the file's first
    /// rows read as the model reads them. <c>--data</c> alone: a random network shaped by the data,
    /// on its first rows, standardized. Neither: a random network on random rows.
    /// </summary>
    public static Fin<(GradCheckCase Case, string Source)> Case(GradcheckOptions o)
    {
        var dataRows = o.BatchSize ?? GradcheckOptions.DataRows;
        var randomRows = o.BatchSize ?? GradcheckOptions.RandomRows;
        var made = o.Model is { } path
            ? ModelFile.Load<double>(path).Bind(model => o.Data is { } data
                ? Tables.HeldOut<double>(data, model.LabelledOptions()).Bind(rows => GradCheckCase.ModelRows(model, rows, dataRows))
                : GradCheckCase.RandomRows(model, randomRows, o.Seed))
            : o.Data is { } file
                ? Tables.HeldOut<double>(file, CsvOptions.Default)
                    .Bind(rows => GradCheckCase.DataRows(rows, o.Loss, o.Hidden, o.Activation, dataRows, o.Seed))
                : GradCheckCase.Random([o.Inputs, .. o.Hidden, o.Outputs], o.Activation, o.Loss ?? Loss.CrossEntropy, randomRows, o.Seed);
        return made.Map(c => (c, o.Data is { } d
            ? $"the first {c.X.Rows} rows of {d}{(o.Model is null ? " (standardized)" : "")}"
            : $"{c.X.Rows} random samples"));
    }

    private static string Sci(double v) => v.ToString("0.0e+00", CultureInfo.InvariantCulture);

    // A default as a person types it: 1e-6.
    private static string Short(double v) => v.ToString("0.####e-0", CultureInfo.InvariantCulture);
}
