using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;
using Spectre.Console;

namespace Mlp.Cli;

/// <summary>
/// What <c>mlp gradcheck</c> checks: a random network of a given shape, or a model file; on
/// random inputs, or on rows of a data file. <see cref="Loss"/> <c>null</c> means cross-entropy
/// for random targets, chosen from the targets for a data file; <see cref="BatchSize"/>
/// <c>null</c> means 4 random rows, or the first 32 rows of a data file.
/// </summary>
public sealed record GradcheckOptions(ImmutableArray<int> Hidden, int Inputs, int Outputs, Activation Activation, Loss? Loss,
    int? BatchSize, long Seed, double Tolerance, double Step, string? Model, string? Data);

/// <summary>
/// <c>mlp gradcheck</c>: analytic gradients (the backward pass) against central differences, in
/// double, per layer; exit 1 when any relative error is above the tolerance.
/// </summary>
public static partial class GradcheckCommand
{
    private static readonly (string Name, string Value, string Help)[] Valued =
    [
        ("--hidden", "5,4", "hidden layer widths of the random network [default: 5,4]"),
        ("--inputs", "N", "inputs of the random network, without --data [default: 3]"),
        ("--outputs", "N", "outputs of the random network, without --data [default: 3]"),
        ("--activation", "tanh", "hidden activation of the random network [default: tanh]"),
        ("--loss", "cross-entropy", "mse (identity output)|cross-entropy (softmax)|binary-cross-entropy (sigmoid) " +
            "[default: cross-entropy; with --data: from the targets; with --model: the model's]"),
        ("--batch-size", "N", "samples in the batch [default: 4 random ones; with --data its first 32 rows]"),
        ("--seed", "N", "seed of the weights, inputs and targets [default: 42]"),
        ("--tolerance", "X", "largest relative error that passes [default: 1e-6]"),
        ("--step", "H", "central-difference step h [default: 1e-6]"),
        ("--model", "MODEL.json", "check this model instead of a random network"),
        ("--data", "FILE.csv|NAME", "check on the first rows of a CSV file or built-in data set instead of random inputs"),
    ];

    /// <summary>The <c>gradcheck</c> command.</summary>
    public static Command Create(Terminal terminal)
    {
        var command = new Command("gradcheck", "analytic vs numerical gradients, in double");
        foreach (var (name, value, help) in Valued)
            command.Add(new System.CommandLine.Option<string>(name) { HelpName = value, Description = help });
        command.SetAction(parse => Validate(name => parse.GetValue<string>(name)).Match(
            Succ: options => Run(options, terminal),
            Fail: errors => Cli.UsageErrors(terminal, errors.Select(e => e.Message), "mlp gradcheck")));
        return command;
    }

    /// <summary>Checks every option; absent ones take the defaults shown in the help.</summary>
    public static Validation<Error, GradcheckOptions> Validate(Func<string, string?> text)
    {
        var c = new Checks();
        T Opt<T>(string flag, T fallback, Func<string, Validation<Error, T>> check) =>
            text(flag) is { } raw ? c.Take(check(raw), fallback) : fallback;
        var hidden = Opt("--hidden", [5, 4], v => Flag.Sizes("--hidden", v));
        var inputs = Opt("--inputs", 3, v => Flag.AtLeast("--inputs", v, 1));
        var outputs = Opt("--outputs", 3, v => Flag.AtLeast("--outputs", v, 1));
        var act = Opt("--activation", Activation.Tanh, v => Flag.OneOf("--activation", "activation", v, TrainValidation.HiddenActivations));
        var loss = Opt<Loss?>("--loss", null, v => Flag.OneOf("--loss", "loss", v, LossFunctions.All.Select(l => (l.Name(), (Loss?)l))));
        var batch = Opt<int?>("--batch-size", null, v => Flag.AtLeast("--batch-size", v, 1).Map(b => (int?)b));
        var seed = Opt("--seed", 42L, v => Flag.Whole("--seed", v, _ => true, "a whole number"));
        var tolerance = Opt("--tolerance", 1e-6, v => Flag.Positive("--tolerance", v));
        var step = Opt("--step", 1e-6, v => Flag.Positive("--step", v));
        var model = Opt<string?>("--model", null, v => Flag.ExistingFile("--model", v, "a model file (mlp/1 JSON)").Map(p => (string?)p));
        var data = Opt<string?>("--data", null, v => TrainValidation.Data("--data", v).Map(d => (string?)d.NameOrPath));
        if ((long)inputs * outputs * Math.Max(1, hidden.DefaultIfEmpty(1).Max()) * (hidden.Length + 1) > 1_000_000)
            c.Add("--hidden", "the network is too large for a numerical check (each parameter costs two forward passes)");
        return c.Build(() => new GradcheckOptions(hidden, inputs, outputs, act, loss, batch, seed, tolerance, step, model, data));
    }

    /// <summary>Builds the problem, runs the check and prints the per-layer table; 0 when every layer passes, else 1 (2 for bad input).</summary>
    public static int Run(GradcheckOptions o, Terminal terminal)
    {
        var problem = Problem(o);
        if (problem.IsFail) return Cli.UsageErrors(terminal, [((Error)problem).Message], "mlp gradcheck");
        var (net, x, t, loss, source) = (GradcheckProblem)problem;
        var report = GradCheck.Run(net, x, t, loss, o.Step);
        terminal.Out.WriteLine($"gradient check of {net} with {loss.Name()}, {source}, h = {Sci(o.Step)}, in double");
        var table = new Table().AddColumns("layer", "worst relative error", "where", "analytic", "numeric");
        foreach (var l in report.Layers)
            Report.AddTextRow(table,
                (l.Layer + 1).ToString(CultureInfo.InvariantCulture), Sci(l.WorstError),
                l.Leaf == "bias" ? $"bias[{l.Row}]" : $"weight[{l.Row},{l.Col}]",
                l.Analytic.ToString("G10", CultureInfo.InvariantCulture), l.Numeric.ToString("G10", CultureInfo.InvariantCulture));
        terminal.Console.Write(table);
        var passes = report.Passes(o.Tolerance);
        terminal.Out.WriteLine(passes
            ? $"ok: worst relative error {Sci(report.WorstError)} ≤ tolerance {Sci(o.Tolerance)}"
            : $"FAILED: worst relative error {Sci(report.WorstError)} > tolerance {Sci(o.Tolerance)}");
        return passes ? Cli.Ok : Cli.Failure;
    }

    private static string Sci(double v) => v.ToString("0.0e+00", CultureInfo.InvariantCulture);
}
