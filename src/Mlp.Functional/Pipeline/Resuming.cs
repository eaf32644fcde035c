using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;

namespace Mlp.Pipeline;

/// <summary>
/// How a plan recognises its own checkpoint: the record a run writes into each checkpoint, and
/// the check that a checkpoint was made by the same run (same data, same options) before the run
/// continues from it. Only the total of epochs (and the threads, which change no result) may differ.
/// </summary>
public static class Resuming
{
    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    private static string Whole(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// What identifies <paramref name="plan"/>'s run: its options, its training and validation
    /// rows as the network sees them, and the network it starts from. It hashes every row, so
    /// take it once per run.
    /// </summary>
    public static RunRecord Record<T>(FitPlan<T> plan) where T : IFloatingPointIeee754<T> =>
        new(plan.DataName, OptionsOf(plan), Rows(plan.Train), plan.Valid is { } v ? Rows(v) : new RowsPrint(0, Fingerprint.Of<T>()),
            Fingerprint.Of(plan.Network));

    private static RowsPrint Rows<T>(Data.Dataset<T> data) where T : IFloatingPointIeee754<T> =>
        new(data.Rows, Fingerprint.Of(data.Features, data.Targets));

    // By their command-line names; resolved where the library resolves them (task, loss, initialiser).
    private static ImmutableArray<(string, string)> OptionsOf<T>(FitPlan<T> plan) where T : IFloatingPointIeee754<T>
    {
        var o = plan.Options;
        return
        [
            ("task", plan.Train.IsClassification ? "classification" : "regression"),
            ("hidden", o.Hidden.IsEmpty ? "none" : string.Join(",", o.Hidden)),
            ("activation", o.Activation.Name()),
            ("loss", plan.Loss.Name()),
            ("init", o.Initializer.Name()),
            ("optimizer", o.Optimizer.Name()),
            ("lr", Num(o.LearningRate)),
            // only momentum and nesterov read it
            ("momentum", o.Optimizer is OptimizerKind.Momentum or OptimizerKind.Nesterov ? Num(o.Momentum) : "unused"),
            ("weight-decay", o.WeightDecay is { } decay ? Num(decay) : "auto"),
            ("clip-norm", o.ClipNorm is { } clip ? Num(clip) : "none"),
            ("schedule", Schedule(o, plan.Config.Epochs)),
            (RunRecord.Epochs, Whole(plan.Config.Epochs)),
            ("batch-size", o.BatchSize is { } b ? Whole(b) : "full"),
            ("seed", Whole(o.Seed)),
            ("no-shuffle", o.Shuffle ? "no" : "yes"),
            ("validation", o.Validation is { } share ? Num(share) : "auto"),
            ("early-stopping", o.EarlyStopping is { } p ? Whole(p) : "none"),
            ("preprocess", o.Preprocess?.Name() ?? "none"),
            ("impute", o.Impute switch
            {
                ImputeKind.Mean => "mean", ImputeKind.Median => "median", ImputeKind.MostFrequent => "most-frequent",
                ImputeKind.None => "none", _ => "auto",
            }),
            ("max-categories", Whole(o.MaxCategories)),
            ("unknown", o.UnknownIsError ? "error" : "zeros"),
        ];
    }

    // The learning rates over the run: the cosine schedule, and the step schedule's default period, span its epochs.
    private static string Schedule(FitOptions o, int epochs) => o.Schedule switch
    {
        ScheduleKind.Step => $"step (×{Num(o.StepGamma)} every {o.StepPeriod} epochs)",
        ScheduleKind.Cosine => $"cosine ({Math.Min(o.Warmup, epochs)} epochs of warm-up, {epochs} in all)",
        _ => "constant",
    };

    /// <summary>
    /// Nothing when <paramref name="checkpoint"/> was made by <paramref name="plan"/>'s run (its
    /// options but the epochs, its rows, its starting network, preprocessing, classes and targets)
    /// and the plan goes at least as far; else every difference found, in one message.
    /// </summary>
    public static Fin<Unit> Check<T>(FitPlan<T> plan, Checkpoint<T> checkpoint) where T : IFloatingPointIeee754<T>
    {
        if (checkpoint.Run is not { } was)
            return Error.New("the checkpoint does not say which data and options made it (it holds a trainer's state alone), " +
                "so it cannot be checked against this run");
        var now = Record(plan);
        var problems = Differences(was, now, checkpoint, plan);
        if (problems.Count > 0)
            return Error.New($"the checkpoint was made by another run (on {was.Data}{(was.Data == now.Data ? "" : $"; this run is on {now.Data}")}): " +
                $"{string.Join("; ", problems)} " +
                "(a resumed run keeps the data and options of the run that made the checkpoint; only the epochs, the threads " +
                "and where results go may change)");
        var state = checkpoint.State;
        if (plan.Config.Epochs < state.Epoch)
            return Error.New($"--epochs {plan.Config.Epochs}: the checkpoint has {state.Epoch} epochs done; expected {state.Epoch} or more");
        return OptimizerStep.Fits(plan.Optimizer, state.Optimizer, state.Network.Params) == false
            ? Error.New($"the checkpoint's optimizer state {Updates.StateName(state.Optimizer)} is not a state of this run's optimizer")
            : Unit.Default;
    }

    // The options; the rows, when the options agree or the data is named otherwise (other options
    // hold out other rows: no news); when both agree, the network and the model around it.
    private static List<string> Differences<T>(RunRecord was, RunRecord now, Checkpoint<T> checkpoint, FitPlan<T> plan)
        where T : IFloatingPointIeee754<T>
    {
        var problems = new List<string>();
        foreach (var name in was.Options.Select(o => o.Name).Union(now.Options.Select(o => o.Name)))
        {
            var (then, here) = (was.Option(name), now.Option(name));
            if (name == RunRecord.Epochs || then == here) continue;
            problems.Add(then is null || here is null
                ? $"--{name} {here ?? then} is {(then is null ? "not in the checkpoint" : "unknown to this version of Mlp")}"
                : $"--{name} {here} here, {then} in the checkpoint");
            if (name == "schedule" && was.Option(RunRecord.Epochs) is { } epochs && epochs != now.Option(RunRecord.Epochs))
                problems[^1] += $" (this schedule spans the run's epochs: resume with --epochs {epochs})";
        }
        if (problems.Count > 0 && was.Data == now.Data) return problems;
        Rows("training", was.Train, now.Train, problems);
        Rows("validation", was.Validation, now.Validation, problems);
        if (problems.Count > 0) return problems;
        if (was.Start != now.Start)
            problems.Add("the network it starts from (--init-model's, or a new one from --hidden, --activation, --init and --seed) differs");
        if (!SameArchitecture(checkpoint.State.Network, plan.Network))
            problems.Add($"the checkpoint's network is {checkpoint.State.Network}, this run's {plan.Network}");
        else if (!checkpoint.Model.Inputs.Equals(plan.Preprocessing))
            problems.Add("the preprocessing fitted on the training rows (the model's columns) differs");
        else if (!plan.ModelOf(checkpoint.State.Network).Equals(checkpoint.Model))
            problems.Add("the loss, targets or classes differ");
        return problems;
    }

    private static void Rows(string split, RowsPrint was, RowsPrint now, List<string> problems)
    {
        if (was.Rows != now.Rows) problems.Add($"{now.Rows} {split} rows here, {was.Rows} in the checkpoint");
        else if (was.Fingerprint != now.Fingerprint) problems.Add($"the {was.Rows} {split} rows differ from the checkpoint's");
    }

    private static bool SameArchitecture<T>(Network<T> a, Network<T> b) where T : IFloatingPointIeee754<T> =>
        a.Sizes.SequenceEqual(b.Sizes) && a.Layers.Select(l => l.Activation).SequenceEqual(b.Layers.Select(l => l.Activation));
}
